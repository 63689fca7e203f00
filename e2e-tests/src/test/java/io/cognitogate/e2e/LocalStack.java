package io.cognitogate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stack of {@code npm start}, started by {@code node scripts/local-stack.mjs} on free ports
 * with its state under target/, and stopped again (also when the JVM exits without {@link
 * #stop()}).
 */
final class LocalStack {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  final Path root;
  final JsonNode settings;
  private final Process process;
  private final Thread shutdownHook;

  private LocalStack(Path root, JsonNode settings, Process process, Thread shutdownHook) {
    this.root = root;
    this.settings = settings;
    this.process = process;
    this.shutdownHook = shutdownHook;
  }

  static LocalStack start() throws IOException, InterruptedException {
    return start(null, Map.of());
  }

  /**
   * A stack of its own, its state in a sibling of the shared stack's directory named {@code name}
   * (null: the shared one's), with {@code environment} added to the script's (e.g. {@code
   * LOCAL_API_AUTHORIZER}).
   */
  static LocalStack start(String name, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    Path sharedDir =
        Path.of(System.getProperty("stack.state.dir", "target/local-stack")).toAbsolutePath();
    Path stateDir = name == null ? sharedDir : sharedDir.resolveSibling(name);
    Files.createDirectories(stateDir);
    Path stackFile = stateDir.resolve("stack.json");
    Files.deleteIfExists(stackFile);
    Path output = stateDir.resolve("local-stack.out");

    ProcessBuilder builder =
        new ProcessBuilder(
                "node",
                "scripts/local-stack.mjs",
                "--free-ports",
                "--no-build",
                "--exit-on-stdin-close")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.putAll(environment);
    env.put("LOCAL_STATE_DIR", stateDir.toString());
    Process process = builder.start();
    // stdin stays open as a lifeline: if this JVM dies, the script sees EOF and stops its children
    Thread hook = new Thread(() -> stop(process), "local-stack-stop");
    Runtime.getRuntime().addShutdownHook(hook);

    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!Files.exists(stackFile)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the local stack exited with "
                + process.exitValue()
                + "; its output:\n"
                + tail(output));
      }
      if (Instant.now().isAfter(deadline)) {
        stop(process);
        throw new IllegalStateException(
            "the local stack did not start within "
                + START_TIMEOUT
                + "; its output:\n"
                + tail(output));
      }
      Thread.sleep(250);
    }
    return new LocalStack(root, JSON.readTree(stackFile.toFile()), process, hook);
  }

  String apiUrl() {
    return settings.get("apiUrl").asText();
  }

  /**
   * {@code method path} on the API over HTTP, with a JSON body (null: none) and extra headers as
   * name, value pairs (a null value leaves that header out).
   */
  HttpResponse<String> send(String method, String path, String jsonBody, String... headers)
      throws IOException, InterruptedException {
    return LocalStackContract.check(sendUnchecked(method, path, jsonBody, headers));
  }

  /** {@code POST /auth/refresh} with the username and refresh token of a login's answer. */
  HttpResponse<String> refresh(JsonNode session) throws IOException, InterruptedException {
    return refresh(session.get("username").asText(), session.get("refresh_token").asText());
  }

  /** {@code POST /auth/refresh} for {@code username} with {@code refreshToken}. */
  HttpResponse<String> refresh(String username, String refreshToken)
      throws IOException, InterruptedException {
    return send(
        "POST", "/auth/refresh", jsonBody("username", username, "refresh_token", refreshToken));
  }

  /**
   * {@link #send} without holding the response to docs/openapi.yaml, which describes the REST API:
   * for the HTTP API's answers, which the caller checks itself.
   */
  HttpResponse<String> sendUnchecked(String method, String path, String jsonBody, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        request.header(headers[i], headers[i + 1]);
      }
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON object of string members, from name, value pairs. */
  static String jsonBody(String... namesAndValues) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return JSON.writeValueAsString(body);
  }

  JsonNode user(String status, boolean admin) {
    for (JsonNode user : settings.get("users")) {
      boolean isAdmin = user.get("groups").toString().contains("\"admins\"");
      if (user.get("status").asText().equals(status) && isAdmin == admin) {
        return user;
      }
    }
    throw new IllegalStateException(
        "stack.json has no " + status + (admin ? " admin" : "") + " user");
  }

  void stop() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: the script stops its children's process groups
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path output) {
    try {
      List<String> lines = Files.readAllLines(output);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
