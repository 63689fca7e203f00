package io.cognitogate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real serverless-offline, invoke server and authorizer jar with a JWKS URL nothing listens on,
 * so the authorizer cannot decide: what the authorizer-failure suites of each API front run
 * against. Started without cognito-local or dynalite (nothing gets that far).
 */
final class UnreachableJwksStack implements AutoCloseable {
  static final String CLIENT_ID = "local-client";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<Process> processes = new ArrayList<>();
  private final Path root;
  private final String apiUrl;
  private final String deadIssuer;

  private UnreachableJwksStack(Path root, String apiUrl, String deadIssuer) {
    this.root = root;
    this.apiUrl = apiUrl;
    this.deadIssuer = deadIssuer;
  }

  /**
   * @param front the {@code LOCAL_API_AUTHORIZER} front ({@code http}), or null for the default
   *     REST TOKEN front
   * @param workName the folder under the stack state directory for its logs
   */
  static UnreachableJwksStack start(String front, String workName) throws Exception {
    Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    Path work =
        Files.createDirectories(
            Path.of(System.getProperty("stack.state.dir", "target/local-stack"))
                .toAbsolutePath()
                .resolveSibling(workName));
    int[] ports = freePorts(4);
    int deadPort = ports[0];
    int invokePort = ports[1];
    int apiPort = ports[2];
    String deadIssuer = "http://127.0.0.1:" + deadPort + "/us-east-1_LocalPool1";
    Map<String, String> env = new HashMap<>();
    if (front != null) {
      env.put("LOCAL_API_AUTHORIZER", front);
    }
    env.put("LOCAL_USER_POOL_ID", "us-east-1_LocalPool1");
    env.put("LOCAL_CLIENT_ID", CLIENT_ID);
    env.put("LOCAL_COGNITO_ENDPOINT", "http://127.0.0.1:" + deadPort);
    env.put("LOCAL_ISSUER_URL", deadIssuer);
    env.put("LOCAL_JWKS_URL", deadIssuer + "/.well-known/jwks.json");
    env.put("LOCAL_API_PORT", Integer.toString(apiPort));
    env.put("LOCAL_LAMBDA_PORT", Integer.toString(ports[3]));
    env.put("JAVA_OFFLINE_SERVER", Integer.toString(invokePort));
    env.put("NODE_OPTIONS", "--dns-result-order=ipv4first");

    UnreachableJwksStack stack =
        new UnreachableJwksStack(root, "http://127.0.0.1:" + apiPort, deadIssuer);
    Path service = work.resolve("service.json");
    Process print =
        stack.process(
            List.of(
                "node",
                "node_modules/osls/bin/serverless.js",
                "print",
                "--stage",
                "local",
                "--format",
                "json"),
            env,
            service,
            false);
    assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(print.exitValue()).as(Files.readString(service)).isZero();

    stack.processes.add(
        stack.process(
            List.of(
                "java",
                "-jar",
                root.resolve("local-invoke/target/local-invoke.jar").toString(),
                "--port",
                Integer.toString(invokePort),
                "--service",
                service.toString(),
                "--stage",
                "local",
                "--service-dir",
                root.toString()),
            env,
            work.resolve("invoke.log"),
            true));
    stack.processes.add(
        stack.process(
            List.of(
                "node",
                "node_modules/osls/bin/serverless.js",
                "offline",
                "--stage",
                "local",
                "--host",
                "127.0.0.1",
                "--httpPort",
                Integer.toString(apiPort),
                "--noPrependStageInUrl"),
            env,
            work.resolve("api.log"),
            true));

    Instant deadline = Instant.now().plusSeconds(90);
    while (true) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(stack.apiUrl + "/mock")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 401) {
          return stack;
        }
      } catch (IOException notYet) {
        // serverless-offline is still starting
      }
      if (Instant.now().isAfter(deadline)) {
        stack.close();
        throw new IllegalStateException("serverless-offline did not start; see " + work);
      }
      Thread.sleep(250);
    }
  }

  /** GET /mock with this Authorization value. */
  HttpResponse<String> mock(String authorization) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(apiUrl + "/mock"))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Tokens signed by cognito-local's key for the unreachable pool (valid but for the keys). */
  CognitoLocalTokens tokens() throws IOException, java.security.GeneralSecurityException {
    return new CognitoLocalTokens(root, deadIssuer, CLIENT_ID);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private Process process(
      List<String> command, Map<String, String> env, Path output, boolean stopOnExit)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectOutput(output.toFile());
    if (stopOnExit) {
      builder.redirectErrorStream(true);
    } else {
      // osls print: stdout is the JSON, stderr only notices
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().putAll(env);
    builder.environment().remove("AUTHORIZER");
    Process process = builder.start();
    if (stopOnExit) {
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }
    return process;
  }

  /** Distinct free ports: all sockets are held open until every port is chosen. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
