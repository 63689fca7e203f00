package io.cognitogate.local;

import static io.cognitogate.local.InvokerTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over real HTTP, posting exactly what serverless-offline's JavaRunner posts. */
class InvokeServerTest {

  @TempDir static Path work;
  static Path jar;
  static InvokeServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    jar = FixtureJar.build(work);
    server =
        InvokeServer.start(
            0,
            new Invoker(
                InvokerTest.service(jar),
                Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void invokeWhenPostedLikeJavaRunnerThenOneLineWithOfflinePayload() throws Exception {
    HttpResponse<String> response =
        post(
            "/invoke",
            InvokerTest.envelope(
                "svc-local-mock",
                "fixture.ProxyHandler::handleRequest",
                jar,
                InvokerTest.proxyEvent("/mock")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).endsWith("\n");
    assertThat(response.body().strip()).doesNotContain("\n");
    JsonNode payload = JSON.readTree(response.body()).get("__offline_payload__");
    assertThat(payload.get("statusCode").asInt()).isEqualTo(200);
    assertThat(payload.get("body").asText()).contains("greeting=function");
  }

  @Test
  void invokeWhenAuthorizerUnauthorizedThenPayloadStringOverHttp() throws Exception {
    HttpResponse<String> response =
        post(
            "/invoke",
            InvokerTest.envelope(
                "svc-local-authorizer",
                "fixture.TokenAuthorizer",
                jar,
                InvokerTest.tokenEvent("Bearer bad", InvokerTest.MOCK_ARN)));

    assertThat(JSON.readTree(response.body()).get("__offline_payload__").asText())
        .isEqualTo("Unauthorized");
  }

  @Test
  void startWhenNoDelayNotConfiguredThenTheServerTurnsItOnForItsConnections() {
    // without it every kept-alive response waits ~40 ms for the client's delayed ACK (see
    // InvokeServer)
    assertThat(System.getProperty(InvokeServer.NODELAY_PROPERTY)).isEqualTo("true");
  }

  @Test
  void invokeWhenGetOrGarbageThenNoPayload() throws Exception {
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/invoke"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> garbage = post("/invoke", "{{{".getBytes());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).doesNotContain("__offline_payload__");
  }

  @Test
  void healthWhenRunningThenOk() throws Exception {
    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("ok").asBoolean()).isTrue();
  }

  @Test
  void startWhenBoundThenLoopbackOnly() throws Exception {
    try (InvokeServer other =
        InvokeServer.start(
            0,
            new Invoker(
                io.cognitogate.local.service.ServiceDefinition.empty(),
                Clock.systemUTC(),
                System.out))) {
      assertThat(other.port()).isPositive().isNotEqualTo(server.port());
    }
    assertThat(InetAddress.getLoopbackAddress().isLoopbackAddress()).isTrue();
  }
}
