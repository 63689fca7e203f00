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
 * The authorizer failing for a reason other than the token (its JWKS endpoint is down) must give
 * what the deployed API gives, serverless.yml's AUTHORIZER_* gateway response (503 {@code
 * authorizer_unavailable}, {@code Retry-After}), never a 401, and never reach the route. The Java
 * runner cannot throw; the invoke server's failure answer relies on serverless-offline's context
 * check and the repository's patch of serverless-offline (patches/) that answers the service's
 * gateway responses, so this runs the real serverless-offline and authorizer jar against a JWKS URL
 * nothing listens on. A throttled authorizer (local-invoke's concurrency limit) gives the same
 * answer.
 */
class AuthorizerFailureIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Process> PROCESSES = new ArrayList<>();
  private static String apiUrl;
  private static String deadIssuer;
  private static Path root;

  @BeforeAll
  static void startApiWithUnreachableJwks() throws Exception {
    root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    Path work =
        Files.createDirectories(
            Path.of(System.getProperty("stack.state.dir", "target/local-stack"))
                .toAbsolutePath()
                .resolveSibling("authorizer-failure"));
    int deadPort = freePort();
    int invokePort = freePort();
    int apiPort = freePort();
    deadIssuer = "http://127.0.0.1:" + deadPort + "/us-east-1_LocalPool1";
    Map<String, String> env =
        Map.of(
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
            Integer.toString(freePort()),
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

  @Test
  void mockWhenAuthorizerCannotReachJwksThen503AsDeployedAndTheRouteDoesNotRun() throws Exception {
    CognitoLocalTokens tokens = new CognitoLocalTokens(root, deadIssuer, "local-client");

    HttpResponse<String> response =
        LocalStackContract.check(
            HTTP.send(
                HttpRequest.newBuilder(URI.create(apiUrl + "/mock"))
                    .header("Authorization", "Bearer " + tokens.sign(tokens.access("some-sub")))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("authorizer_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.body()).doesNotContain("principalId").doesNotContain("Access granted");
  }

  @Test
  void mockWhenTokenIsBadThenStill401NotTheFailureAnswer() throws Exception {
    HttpResponse<String> response =
        LocalStackContract.check(
            HTTP.send(
                HttpRequest.newBuilder(URI.create(apiUrl + "/mock"))
                    .header("Authorization", "Bearer abc.def.ghi")
                    .build(),
                HttpResponse.BodyHandlers.ofString()));

    // serverless.yml's UNAUTHORIZED gateway response, as deployed
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
