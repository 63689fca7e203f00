package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fetches a JWKS with the JDK's {@link HttpURLConnection} and reads it with {@link JsonScanner}
 * (strict, one class): no Jackson, no HTTP client library, few classes on the cold-start path. Connect
 * and read timeouts bound each step; an overall deadline (connect + read timeout) bounds the whole
 * fetch, so a server that trickles bytes cannot hold it longer. Only 200 answers are read (no
 * redirects), at most {@link #MAX_BYTES}.
 */
public final class HttpJwksFetcher implements JwksKeySource.Fetcher {
  /** Cognito's JWKS is about 1 KB; anything near this is not a key set. */
  static final int MAX_BYTES = 64 * 1024;

  private final URL url;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final long deadlineMillis;
  /** A transfer started by {@link #prefetch()} that the next fetch takes over; guarded by this. */
  private Download pending;

  public HttpJwksFetcher(URL url, Duration connectTimeout, Duration readTimeout) {
    this.url = Objects.requireNonNull(url, "url");
    this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    this.deadlineMillis = connectTimeoutMillis + (long) readTimeoutMillis;
    if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  @Override
  public List<Jwk> fetchAll() throws IOException {
    return parse(download());
  }

  /**
   * Starts the transfer now on its own thread, so the caller can do other init work during the
   * network wait; the next {@link #fetchAll()} takes its result (its deadline counts from now).
   */
  public synchronized void prefetch() {
    if (pending == null) {
      pending = start();
    }
  }

  /**
   * The body of a 200 answer. The transfer runs on a short-lived daemon thread so the caller can give
   * up at the deadline (socket timeouts alone restart with every byte a slow server sends).
   */
  public byte[] download() throws IOException {
    Download download;
    synchronized (this) {
      download = pending;
      pending = null;
    }
    if (download == null) {
      download = start();
    }
    long waitMillis = deadlineMillis - (System.nanoTime() - download.startedNanos) / 1_000_000;
    try {
      if (waitMillis > 0) {
        download.worker.join(waitMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      download.abort();
      throw new IOException("interrupted while fetching the JWKS");
    }
    if (download.worker.isAlive()) {
      download.abort(); // closes the socket: the worker's blocked read fails and the thread ends
      throw new SocketTimeoutException("JWKS fetch exceeded " + deadlineMillis + " ms");
    }
    return download.result();
  }

  private Download start() {
    Download download = new Download();
    download.worker.start();
    return download;
  }

  /** One GET; the outcome is read by the waiting thread after join (join gives happens-before). */
  private final class Download implements Runnable {
    final long startedNanos = System.nanoTime();
    final Thread worker;
    private volatile HttpURLConnection connection;
    private volatile boolean aborted;
    private byte[] body;
    private IOException failure;

    Download() {
      worker = new Thread(this, "jwks-fetch");
      worker.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        connection = c;
        if (aborted) {
          return;
        }
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(readTimeoutMillis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("Accept", "application/json");
        try {
          int status = c.getResponseCode();
          if (status != HttpURLConnection.HTTP_OK) {
            throw new IOException("JWKS endpoint answered HTTP " + status);
          }
          long length = c.getContentLengthLong();
          if (length > MAX_BYTES) {
            throw new IOException("JWKS larger than " + MAX_BYTES + " bytes");
          }
          try (InputStream in = c.getInputStream()) {
            body = readBounded(in);
          }
        } finally {
          c.disconnect(); // one fetch per window at most: no keep-alive connection (or its timer thread) to keep
        }
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = new IOException("JWKS fetch failed: " + e.getClass().getSimpleName());
      }
    }

    void abort() {
      aborted = true;
      HttpURLConnection c = connection;
      if (c != null) {
        c.disconnect();
      }
    }

    byte[] result() throws IOException {
      if (failure != null) {
        throw failure;
      }
      if (body == null) {
        throw new IOException("JWKS fetch aborted");
      }
      return body;
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size >= MAX_BYTES) {
          throw new IOException("JWKS larger than " + MAX_BYTES + " bytes");
        }
        buffer = java.util.Arrays.copyOf(buffer, Math.min(size * 2, MAX_BYTES));
      }
      int read = in.read(buffer, size, buffer.length - size);
      if (read < 0) {
        return java.util.Arrays.copyOf(buffer, size);
      }
      size += read;
    }
  }

  /**
   * {@code {"keys":[{...},...]}} to JWKs (see {@link JwksJson#parse}). In a class of its own so that
   * loading this one does not load the JSON reader before the transfer has started.
   */
  public static List<Jwk> parse(byte[] json) throws IOException {
    return JwksJson.parse(json);
  }
}
