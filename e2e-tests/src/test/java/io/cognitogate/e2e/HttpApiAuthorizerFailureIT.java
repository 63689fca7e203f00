package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API front when the authorizer cannot decide (its JWKS endpoint is down): the HTTP API's
 * own 500, never a 401 and never the route, as deployed (an HTTP API has no gateway responses to
 * remap it). The real serverless-offline and authorizer jar run against a JWKS URL nothing listens
 * on, as AuthorizerFailureIT does for the REST front.
 */
class HttpApiAuthorizerFailureIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Process> PROCESSES = new ArrayList<>();
  private static String apiUrl;
  private static String deadIssuer;
  private static Path root;

  @BeforeAll
  static void startHttpApiWithUnreachableJwks() throws Exception {
    root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    Path work =
        Files.createDirectories(
            Path.of(System.getProperty("stack.state.dir", "target/local-stack"))
                .toAbsolutePath()
                .resolveSibling("http-api-authorizer-failure"));
    int[] ports = freePorts(4);
    int deadPort = ports[0];
    int invokePort = ports[1];
    int apiPort = ports[2];
    deadIssuer = "http://127.0.0.1:" + deadPort + "/us-east-1_LocalPool1";
    Map<String, String> env =
        Map.of(
            "LOCAL_API_AUTHORIZER",
            "http",
            "LOCAL_USER_POOL_ID",
            "us-east-1_LocalPool1",
            "LOCAL_CLIENT_ID",
            "local-client",
            "LOCAL_COGNITO_ENDPOINT",
            "http://127.0.0.1:" + deadPort,
            "LOCAL_ISSUER_URL",
            deadIssuer,
            "LOCAL_JWKS_URL",
            deadIssuer + "/.well-known/jwks.json",
            "LOCAL_API_PORT",
            Integer.toString(apiPort),
            "LOCAL_LAMBDA_PORT",
            Integer.toString(ports[3]),
            "JAVA_OFFLINE_SERVER",
            Integer.toString(invokePort),
            "NODE_OPTIONS",
            "--dns-result-order=ipv4first");

    Path service = work.resolve("service.json");
    Process print =
        process(
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

    PROCESSES.add(
        process(
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
    PROCESSES.add(
        process(
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
    apiUrl = "http://127.0.0.1:" + apiPort;

    Instant deadline = Instant.now().plusSeconds(90);
    while (true) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(apiUrl + "/mock")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 401) {
          break;
        }
      } catch (IOException notYet) {
        // serverless-offline is still starting
      }
      assertThat(Instant.now())
          .as("serverless-offline did not start; see " + work)
          .isBefore(deadline);
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Process process : PROCESSES) {
      process.destroy();
    }
    for (Process process : PROCESSES) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static HttpResponse<String> mock(String authorization) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(apiUrl + "/mock"))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void mockWhenAuthorizerCannotReachJwksThenTheHttpApis500AndTheRouteDoesNotRun() throws Exception {
    CognitoLocalTokens tokens = new CognitoLocalTokens(root, deadIssuer, "local-client");

    HttpResponse<String> response = mock("Bearer " + tokens.sign(tokens.access("some-sub")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("message").asText())
        .isEqualTo("Internal Server Error");
    assertThat(response.body()).doesNotContain("principalId").doesNotContain("Access granted");
  }

  @Test
  void mockWhenTokenIsBadThenStill401NotTheFailureAnswer() throws Exception {
    HttpResponse<String> response = mock("Bearer abc.def.ghi");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Unauthorized");
  }

  private static Process process(
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

  /**
   * Distinct free ports: all sockets are held open until every port is chosen, so none comes back
   * twice.
   */
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
