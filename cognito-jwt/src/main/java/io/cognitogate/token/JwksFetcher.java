package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import com.auth0.jwk.UrlJwkProvider;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pool's JWKS over HTTP(S) through jwks-rsa's {@link UrlJwkProvider} (the GET and the JSON are
 * the library's), with connect and read timeouts, plus an overall deadline of both together: the
 * socket timeouts restart with every byte a slow server trickles, the deadline does not. Each fetch
 * runs on a short-lived daemon thread, so {@link #prefetch()} can start the transfer while the
 * caller does other init work.
 */
public final class JwksFetcher implements JwksKeySource.Fetcher {
  private final UrlJwkProvider provider;
  private final long deadlineMillis;

  /** A transfer started by {@link #prefetch()} that the next fetch takes over; guarded by this. */
  private Transfer pending;

  public JwksFetcher(URL url, Duration connectTimeout, Duration readTimeout) {
    Objects.requireNonNull(url, "url");
    int connect = Math.toIntExact(connectTimeout.toMillis());
    int read = Math.toIntExact(readTimeout.toMillis());
    if (connect <= 0 || read <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    this.provider = new UrlJwkProvider(url, connect, read);
    this.deadlineMillis = connect + (long) read;
  }

  /**
   * Starts the transfer now; the next {@link #fetchAll()} takes its result (its deadline counts
   * from now).
   */
  public synchronized void prefetch() {
    if (pending == null) {
      pending = new Transfer(provider);
    }
  }

  @Override
  public List<Jwk> fetchAll() throws Exception {
    Transfer transfer;
    synchronized (this) {
      transfer = pending;
      pending = null;
    }
    if (transfer == null) {
      transfer = new Transfer(provider);
    }
    return transfer.await(deadlineMillis);
  }

  /** One {@code getAll()} on its own daemon thread. */
  private static final class Transfer implements Callable<List<Jwk>> {
    private final UrlJwkProvider provider;
    private final FutureTask<List<Jwk>> task = new FutureTask<>(this);
    private final long startedNanos = System.nanoTime();

    Transfer(UrlJwkProvider provider) {
      this.provider = provider;
      Thread thread = new Thread(task, "jwks-fetch");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public List<Jwk> call() throws Exception {
      return provider.getAll();
    }

    List<Jwk> await(long deadlineMillis) throws Exception {
      long left = deadlineMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
      try {
        return task.get(Math.max(0, left), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // the thread ends at the next socket timeout; nothing waits for it
        task.cancel(true);
        throw new TimeoutException("JWKS fetch exceeded " + deadlineMillis + " ms");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof Exception failure ? failure : e;
      }
    }
  }
}
