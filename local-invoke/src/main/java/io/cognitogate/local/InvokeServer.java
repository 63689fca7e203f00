package io.cognitogate.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cognitogate.local.concurrency.ConcurrencyLimits;
import io.cognitogate.local.service.ServiceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The invoke server serverless-offline's Java runner calls before its own (broken) runner: {@code
 * POST /invoke {artifact, handler, function, data}} on loopback, answered with one line {@code
 * {"__offline_payload__": <result>}}. Also {@code GET /health}.
 *
 * <pre>
 * java -jar local-invoke/target/local-invoke.jar [--port N] [--service printed.json] [--stage local] [--service-dir .]
 * </pre>
 *
 * Concurrency per function: {@code LOCAL_FUNCTION_CONCURRENCY}, {@code LOCAL_FUNCTION_QUEUE},
 * {@code LOCAL_FUNCTION_QUEUE_WAIT_MS} ({@link ConcurrencyLimits}).
 */
public final class InvokeServer implements AutoCloseable {

  /** Port when neither --port nor JAVA_OFFLINE_SERVER is given (next to cognito-local's 9229). */
  public static final int DEFAULT_PORT = 9230;

  /**
   * The JDK server's switch for TCP_NODELAY on accepted connections; read once, when its first
   * server starts.
   */
  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // it writes the headers and the body of a response separately: with Nagle's algorithm on, the
    // body
    // waits for the client's delayed ACK of the headers, 40 ms on Linux, on every kept-alive
    // request
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  /**
   * Connections the kernel holds for us while the accept thread is busy (serverless-offline opens
   * one per call).
   */
  static final int BACKLOG = 1024;

  /** Lambda's synchronous request payload limit, plus serverless-offline's envelope. */
  static final int MAX_BODY_BYTES = 7 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Invoker invoker;

  private InvokeServer(HttpServer server, ExecutorService executor, Invoker invoker) {
    this.server = server;
    this.executor = executor;
    this.invoker = invoker;
  }

  /** Binds 127.0.0.1 only; port 0 picks a free port. */
  public static InvokeServer start(int port, Invoker invoker) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
    // a thread per request in flight: one waiting for its function's container must not hold up
    // another
    // function's request (the authorizer's, say); ContainerPool bounds how many run and how many
    // wait
    ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "local-invoke");
              thread.setDaemon(true);
              return thread;
            });
    InvokeServer invokeServer = new InvokeServer(server, executor, invoker);
    server.createContext("/invoke", invokeServer::invoke);
    server.createContext("/health", exchange -> respond(exchange, 200, "{\"ok\":true}"));
    server.setExecutor(executor);
    server.start();
    return invokeServer;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void invoke(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(
            exchange, 405, "{\"error\":\"method_not_allowed\",\"message\":\"POST /invoke only\"}");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        respond(exchange, 413, "{\"error\":\"payload_too_large\",\"message\":\"over 7 MiB\"}");
        return;
      }
      Invoker.Reply reply = invoker.invoke(body);
      respond(exchange, reply.status(), reply.line());
    }
  }

  private static void respond(HttpExchange exchange, int status, String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    invoker.close();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String envPort = env.get("JAVA_OFFLINE_SERVER");
    int port =
        envPort == null || envPort.isBlank() ? DEFAULT_PORT : Integer.parseInt(envPort.trim());
    Path servicePath = null;
    String stage = null;
    Path serviceDir = Path.of("").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(require(args[i], value));
        case "--service" -> servicePath = Path.of(require(args[i], value));
        case "--stage" -> stage = require(args[i], value);
        case "--service-dir" -> serviceDir = Path.of(require(args[i], value)).toAbsolutePath();
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + " (expected --port, --service, --stage, --service-dir)");
      }
      i++;
    }
    PrintStream out = System.out;
    ServiceDefinition service =
        servicePath == null
            ? ServiceDefinition.empty()
            : ServiceDefinition.read(servicePath, serviceDir, stage, env);
    for (String warning : service.warnings()) {
      out.println(
          "{\"component\":\"local-invoke\",\"level\":\"WARN\",\"message\":"
              + com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory
                  .getInstance()
                  .getMapper()
                  .getNodeFactory()
                  .textNode(warning)
              + "}");
    }
    ConcurrencyLimits limits = ConcurrencyLimits.fromEnvironment(env);
    InvokeServer server = start(port, new Invoker(service, limits, Clock.systemUTC(), out));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-invoke-shutdown"));
    out.println(
        "{\"component\":\"local-invoke\",\"event\":\"listening\",\"host\":\"127.0.0.1\",\"port\":"
            + server.port()
            + ",\"functions\":"
            + service.functions().size()
            + ",\"authorizerCache\":"
            + !service.isEmpty()
            + ",\"concurrency\":"
            + limits.concurrency()
            + ",\"queue\":"
            + limits.queue()
            + ",\"queueWaitMs\":"
            + limits.maxWait().toMillis()
            + ",\"tcpNoDelay\":"
            + Boolean.getBoolean(NODELAY_PROPERTY)
            + "}");
    Thread.currentThread().join();
  }

  private static String require(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
