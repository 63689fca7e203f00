package io.cognitogate.token;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JWKS endpoint over HTTP on a free loopback port (JDK HttpServer) that counts requests and
 * can misbehave: answer 500, answer garbage, or stall past the client's read timeout. Close it in a
 * finally.
 */
public final class JwksServer implements AutoCloseable {
  public static final String PATH = "/" + TestTokens.POOL_ID + "/.well-known/jwks.json";

  public enum Mode {
    OK,
    ERROR_500,
    GARBAGE,
    SLOW
  }

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body;
  private volatile Mode mode = Mode.OK;
  private volatile long slowMillis = 5_000;

  public JwksServer(String jwksJson) throws IOException {
    this.body = jwksJson;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "jwks-server");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            Mode current = mode;
            if (current == Mode.SLOW) {
              try {
                Thread.sleep(slowMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            byte[] bytes =
                switch (current) {
                  case GARBAGE ->
                      "<html>503 gateway says hi</html>".getBytes(StandardCharsets.UTF_8);
                  case ERROR_500 -> "{\"message\":\"internal\"}".getBytes(StandardCharsets.UTF_8);
                  default -> body.getBytes(StandardCharsets.UTF_8);
                };
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(current == Mode.ERROR_500 ? 500 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            } catch (IOException clientGone) {
              // the client gave up (read timeout): expected in the SLOW mode
            }
          }
        });
    server.start();
  }

  public URL url() {
    try {
      return new URL("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer that matches {@link #url()} (for the authorizer's ISSUER_URL override). */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + TestTokens.POOL_ID;
  }

  public int requests() {
    return requests.get();
  }

  public void serve(String jwksJson) {
    this.body = jwksJson;
    this.mode = Mode.OK;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public void slowMillis(long millis) {
    this.slowMillis = millis;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
