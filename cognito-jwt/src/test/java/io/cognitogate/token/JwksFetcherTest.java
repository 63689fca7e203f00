package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwk.Jwk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jwks-rsa's fetch behind our deadline and prefetch, against a real HTTP endpoint. */
class JwksFetcherTest {
  static final KeyPair KEY = TestKeys.rsa2048();
  static final Duration CONNECT = Duration.ofMillis(300);
  static final Duration READ = Duration.ofMillis(300);

  JwksServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new JwksServer(
            TestKeys.jwksJson(
                TestKeys.jwk("key-1", KEY), TestKeys.jwk("key-2", TestKeys.rsa2048())));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  JwksFetcher fetcher(URL url) {
    return new JwksFetcher(url, CONNECT, READ);
  }

  @Test
  void fetchAllWhenEndpointHealthyThenReturnsEveryKeyWithItsRsaPublicKey() throws Exception {
    List<Jwk> keys = fetcher(server.url()).fetchAll();

    assertThat(keys).extracting(Jwk::getId).containsExactly("key-1", "key-2");
    assertThat(((RSAPublicKey) keys.get(0).getPublicKey()).getModulus())
        .isEqualTo(((RSAPublicKey) KEY.getPublic()).getModulus());
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void fetchAllWhenPrefetchedThenUsesThatTransferWithoutASecondRequest() throws Exception {
    JwksFetcher fetcher = fetcher(server.url());
    fetcher.prefetch();
    fetcher.prefetch();

    assertThat(fetcher.fetchAll()).hasSize(2);
    assertThat(server.requests()).isEqualTo(1);
    assertThat(fetcher.fetchAll()).hasSize(2);
    assertThat(server.requests()).as("a later fetch is a new request").isEqualTo(2);
  }

  @Test
  void fetchAllWhenServerAnswers500ThenFails() {
    server.mode(JwksServer.Mode.ERROR_500);
    assertThatThrownBy(() -> fetcher(server.url()).fetchAll()).isInstanceOf(Exception.class);
  }

  @Test
  void fetchAllWhenBodyIsNotJsonThenFailsWithoutQuotingIt() {
    server.mode(JwksServer.Mode.GARBAGE);
    assertThatThrownBy(() -> fetcher(server.url()).fetchAll())
        .isInstanceOf(Exception.class)
        .hasMessageNotContaining("gateway says hi");
  }

  @Test
  void fetchAllWhenServerStallsThenFailsWithinTheDeadline() {
    server.slowMillis(8_000);
    server.mode(JwksServer.Mode.SLOW);
    long start = System.nanoTime();
    assertThatThrownBy(() -> fetcher(server.url()).fetchAll()).isInstanceOf(Exception.class);
    // the deadline is 600 ms; the bound only has to tell it from the 8 s stall on a loaded CI
    // machine
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4_000));
  }

  @Test
  void fetchAllWhenServerTricklesBytesFasterThanTheReadTimeoutThenTheOverallDeadlineStopsIt()
      throws Exception {
    try (Trickler trickler = new Trickler(100)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> fetcher(trickler.url()).fetchAll())
          .isInstanceOf(java.util.concurrent.TimeoutException.class)
          .hasMessageContaining("600 ms");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // each byte arrives well within the 300 ms read timeout; only the 600 ms deadline ends it
      // (the
      // trickle itself never ends). The upper bound leaves room for a loaded CI machine.
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(550))
          .isLessThan(Duration.ofMillis(4_000));
      assertThat(trickler.bytesSent()).isGreaterThan(3);
    }
  }

  @Test
  void fetchAllWhenNothingListensThenFailsFast() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URL closed = new URL("http://127.0.0.1:" + port + "/jwks.json");
    long start = System.nanoTime();
    assertThatThrownBy(() -> fetcher(closed).fetchAll()).isInstanceOf(Exception.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4_000));
  }

  @Test
  void keySourceWhenKeysEmptyThenFailsClosed() throws Exception {
    server.serve("{\"keys\":[]}");
    JwksKeySource source =
        new JwksKeySource(
            fetcher(server.url()),
            new MutableClock(TestTokens.NOW),
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    assertThatThrownBy(source::refresh).isInstanceOf(JwksUnavailableException.class);
  }

  /**
   * A raw HTTP server on a free loopback port that answers one connection with a fixed text, or
   * trickles bytes forever.
   */
  static final class Trickler implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    private volatile int sent;

    Trickler(long everyMillis) throws IOException {
      this(null, everyMillis);
    }

    Trickler(String response) throws IOException {
      this(response, 0);
    }

    private Trickler(String response, long everyMillis) throws IOException {
      socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> serve(response, everyMillis), "trickler");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve(String response, long everyMillis) {
      try (Socket client = socket.accept()) {
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[4096];
        in.read(buffer); // the request line and headers (small enough for one read)
        OutputStream out = client.getOutputStream();
        if (response != null) {
          out.write(response.getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return;
        }
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"keys\":["
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (!socket.isClosed()) {
          Thread.sleep(everyMillis);
          out.write(' ');
          out.flush();
          sent++;
        }
      } catch (IOException | InterruptedException e) {
        // the client gave up or the test closed us
      }
    }

    URL url() throws IOException {
      return new URL("http://127.0.0.1:" + socket.getLocalPort() + "/jwks.json");
    }

    int bytesSent() {
      return sent;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      thread.interrupt();
    }
  }
}
