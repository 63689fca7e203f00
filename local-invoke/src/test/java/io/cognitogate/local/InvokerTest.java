package io.cognitogate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.cognitogate.local.service.ServiceDefinition;
import io.cognitogate.token.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokerTest {

  static final ObjectMapper JSON = JacksonFactory.getInstance().getMapper();
  static final String MOCK_ARN =
      "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/GET/mock";
  static final String ADMIN_ARN =
      "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/GET/mock/admin";

  @TempDir static Path work;
  static Path jar;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private Invoker invoker;

  @BeforeAll
  static void buildFixtureJar() throws Exception {
    jar = FixtureJar.build(work);
  }

  @BeforeEach
  void startInvoker() {
    invoker =
        new Invoker(service(jar), clock, new PrintStream(logged, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stopInvoker() {
    invoker.close();
    assertThat(log())
        .doesNotContain("Bearer")
        .doesNotContain("s3cr3t")
        .doesNotContain("JWKS unavailable");
  }

  /** What {@code osls print --format json} gives for a small service using the fixture jar. */
  static ServiceDefinition service(Path jar) {
    ObjectNode root = JSON.createObjectNode().put("service", "svc");
    ObjectNode provider = root.putObject("provider").put("name", "aws").put("region", "eu-west-1");
    provider.putObject("environment").put("GREETING", "provider").put("SHARED", "x");
    ObjectNode functions = root.putObject("functions");
    functions
        .putObject("authorizer")
        .put("handler", "fixture.TokenAuthorizer")
        .putObject("package")
        .put("artifact", jar.toString());
    functions
        .putObject("uncached")
        .put("handler", "fixture.TokenAuthorizer")
        .put("name", "svc-uncached")
        .putObject("package")
        .put("artifact", jar.toString());
    ObjectNode mock =
        functions.putObject("mock").put("handler", "fixture.ProxyHandler::handleRequest");
    mock.putObject("package").put("artifact", jar.toString());
    mock.putObject("environment").put("GREETING", "function");
    mock.putArray("events")
        .addObject()
        .putObject("http")
        .put("path", "mock")
        .put("method", "get")
        .putObject("authorizer")
        .put("name", "authorizer")
        .put("resultTtlInSeconds", 300)
        .put("type", "token");
    mock.withArray("events")
        .addObject()
        .putObject("http")
        .put("path", "other")
        .put("method", "get")
        .putObject("authorizer")
        .put("name", "uncached")
        .put("resultTtlInSeconds", 0);
    functions
        .putObject("httpAuthorizer")
        .put("handler", "fixture.HttpApiAuthorizer")
        .putObject("package")
        .put("artifact", jar.toString());
    functions
        .putObject("broken")
        .put("handler", "fixture.BrokenInit")
        .putObject("package")
        .put("artifact", jar.toString());
    functions
        .putObject("streamer")
        .put("handler", "fixture.Streamer")
        .putObject("package")
        .put("artifact", jar.toString());
    return ServiceDefinition.parse(root, Path.of("/"), "local", Map.of());
  }

  /** The body serverless-offline's JavaRunner posts. */
  static byte[] envelope(String function, String handler, Path artifact, JsonNode event)
      throws Exception {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("context")
        .put("awsRequestId", "req-1")
        .put("functionName", function)
        .put("memoryLimitInMB", "1024");
    data.set("event", event);
    ObjectNode body =
        JSON.createObjectNode()
            .put("artifact", artifact.toString())
            .put("data", JSON.writeValueAsString(data))
            .put("function", function)
            .put("handler", handler)
            .put("jsonOutput", true)
            .put("serverlessOffline", true);
    return JSON.writeValueAsBytes(body);
  }

  static ObjectNode proxyEvent(String path) {
    ObjectNode event =
        JSON.createObjectNode().put("httpMethod", "GET").put("path", path).put("resource", path);
    event.putObject("headers").put("Authorization", "Bearer abc");
    event
        .putObject("requestContext")
        .put("stage", "local")
        .putObject("authorizer")
        .put("principalId", "user-7")
        .put("sub", "user-7");
    return event;
  }

  static ObjectNode tokenEvent(String token, String methodArn) {
    return JSON.createObjectNode()
        .put("type", "TOKEN")
        .put("authorizationToken", token)
        .put("methodArn", methodArn);
  }

  private JsonNode payload(Invoker.Reply reply) throws Exception {
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.line()).doesNotContain("\n");
    JsonNode line = JSON.readTree(reply.line());
    assertThat(line.has(Invoker.PAYLOAD_KEY)).isTrue();
    return line.get(Invoker.PAYLOAD_KEY);
  }

  private JsonNode mock(String path) throws Exception {
    return payload(
        invoker.invoke(
            envelope(
                "svc-local-mock", "fixture.ProxyHandler::handleRequest", jar, proxyEvent(path))));
  }

  private JsonNode authorize(String function, String token, String methodArn) throws Exception {
    return payload(
        invoker.invoke(
            envelope(function, "fixture.TokenAuthorizer", jar, tokenEvent(token, methodArn))));
  }

  private String log() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  private List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : log().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void invokeWhenProxyFunctionThenHandlerGetsItsServerlessYmlEnvironmentAndLambdaVariables()
      throws Exception {
    JsonNode response = mock("/mock");

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(response.get("body").asText())
        .contains(
            "greeting=function",
            "region=eu-west-1",
            "functionName=svc-local-mock",
            "requestId=req-1",
            "principal=user-7");
  }

  @Test
  void invokeWhenHandlerRunsThenApiIsSharedEventsComeFromTheJarAndContextLoaderIsTheFunctions()
      throws Exception {
    assertThat(mock("/mock").get("body").asText())
        .contains("sharedApi=true", "eventsFromJar=true", "contextLoader=true");
  }

  @Test
  void invokeWhenCalledTwiceThenSecondIsWarmOnTheSameInstance() throws Exception {
    assertThat(mock("/mock").get("body").asText()).contains("instance=1;");
    assertThat(mock("/mock").get("body").asText()).contains("instance=1;");

    List<JsonNode> lines = logLines();
    assertThat(lines).extracting(l -> l.get("start").asText()).containsExactly("cold", "warm");
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.get("function").asText()).isEqualTo("mock");
              assertThat(l.get("outcome").asText()).isEqualTo("ok");
              assertThat(l.get("durationMs").isNumber()).isTrue();
            });
    assertThat(lines.get(0).has("initMs")).isTrue();
  }

  @Test
  void invokeWhenProxyHandlerThrowsThenApiGateway502AndLogNamesTypeNotMessage() throws Exception {
    JsonNode response = mock("/boom");

    assertThat(response.get("statusCode").asInt()).isEqualTo(502);
    assertThat(JSON.readTree(response.get("body").asText()).get("message").asText())
        .isEqualTo("Internal server error");
    JsonNode line = logLines().get(0);
    assertThat(line.get("outcome").asText()).isEqualTo("error");
    assertThat(line.get("error").asText())
        .startsWith("java.lang.IllegalStateException at ")
        .contains("fixture.ProxyHandler.handleRequest");
  }

  @Test
  void invokeWhenProxyHandlerThrowsUnauthorizedThen502BecauseOnlyAuthorizersMean401()
      throws Exception {
    assertThat(mock("/unauthorized").get("statusCode").asInt()).isEqualTo(502);
  }

  @Test
  void invokeWhenHandlerThrowsAnErrorThenContainerIsReplacedLikeACrashedRuntime() throws Exception {
    assertThat(mock("/mock").get("body").asText()).contains("instance=1;");
    assertThat(mock("/stackoverflow").get("statusCode").asInt()).isEqualTo(502);

    assertThat(mock("/mock").get("body").asText()).contains("instance=1;");
    assertThat(logLines())
        .extracting(l -> l.get("start").asText())
        .containsExactly("cold", "warm", "cold");
  }

  @Test
  void invokeWhenAuthorizerThrowsUnauthorizedThenPayloadIsTheUnauthorizedString() throws Exception {
    JsonNode result = authorize("svc-local-authorizer", "Bearer bad", MOCK_ARN);

    assertThat(result.isTextual()).isTrue();
    assertThat(result.asText()).isEqualTo("Unauthorized");
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("unauthorized");
  }

  @Test
  void invokeWhenAuthorizerFailsOtherwiseThenResultMakesServerlessOfflineAnswer500()
      throws Exception {
    JsonNode result = authorize("svc-local-authorizer", "Bearer boom", MOCK_ARN);

    // serverless-offline: principalId set, policy allows the method, then a non-scalar context
    // value -> 500
    assertThat(result.get("principalId").asText()).isNotBlank();
    JsonNode statement = result.get("policyDocument").get("Statement").get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get("Resource").asText()).isEqualTo(MOCK_ARN);
    assertThat(result.get("context").elements().next().isObject()).isTrue();
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("error");
  }

  /** An HTTP API's payload 2.0 authorizer event as serverless-offline sends it. */
  static ObjectNode httpApiAuthorizerEvent(String token, String routeKey) {
    ObjectNode event =
        JSON.createObjectNode()
            .put("version", "2.0")
            .put("type", "REQUEST")
            .put(
                "routeArn",
                "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/"
                    + routeKey.replace(" ", ""))
            .put("routeKey", routeKey)
            .put("rawPath", routeKey.substring(routeKey.indexOf(' ') + 1));
    event.putArray("identitySource").add(token);
    event.putObject("headers").put("authorization", token);
    event.putObject("requestContext").put("stage", "local").putObject("http").put("method", "GET");
    return event;
  }

  private JsonNode authorizeHttpApi(String token, String routeKey) throws Exception {
    return payload(
        invoker.invoke(
            envelope(
                "svc-local-httpAuthorizer",
                "fixture.HttpApiAuthorizer",
                jar,
                httpApiAuthorizerEvent(token, routeKey))));
  }

  @Test
  void invokeWhenHttpApiAuthorizerAnswersThenTheSimpleResponseAsItIs() throws Exception {
    JsonNode mock = authorizeHttpApi("Bearer t1", "GET /mock");
    JsonNode admin = authorizeHttpApi("Bearer t1", "GET /mock/admin");

    assertThat(mock.get("isAuthorized").asBoolean()).isTrue();
    assertThat(mock.get("context").get("route").asText()).isEqualTo("GET /mock");
    assertThat(admin.get("isAuthorized").asBoolean()).isFalse();
    assertThat(logLines()).extracting(l -> l.get("outcome").asText()).containsExactly("ok", "ok");
  }

  @Test
  void invokeWhenHttpApiAuthorizerThrowsUnauthorizedThenPayloadIsTheUnauthorizedString()
      throws Exception {
    JsonNode result = authorizeHttpApi("Bearer bad", "GET /mock");

    assertThat(result.isTextual()).isTrue();
    assertThat(result.asText()).isEqualTo("Unauthorized");
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("unauthorized");
  }

  @Test
  void invokeWhenHttpApiAuthorizerFailsOtherwiseThenNoIsAuthorizedSoTheEmulatorAnswersAFailure()
      throws Exception {
    JsonNode result = authorizeHttpApi("Bearer boom", "GET /mock");

    // patched serverless-offline: a simple response without a boolean isAuthorized is an authorizer
    // failure (500)
    assertThat(result.has("isAuthorized")).isFalse();
    assertThat(result.isTextual()).isFalse();
    assertThat(result.get("policyDocument").get("Statement").get(0).get("Resource").asText())
        .isEqualTo("arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/GET/mock");
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("error");
  }

  @Test
  void
      dropDecodedClaimsWhenPayload2EventThenKeepsTheLambdaAuthorizersContextAndDropsTheDecodedJwt() {
    ObjectNode event = JSON.createObjectNode().put("version", "2.0").put("routeKey", "GET /mock");
    ObjectNode authorizer = event.putObject("requestContext").putObject("authorizer");
    authorizer.putObject("lambda").put("sub", "user-7").put("groups", "admins");
    authorizer.putObject("jwt").putObject("claims").put("sub", "unverified");
    authorizer.put("integrationLatency", "42");

    Invoker.dropDecodedClaims(event);

    assertThat(authorizer.has("jwt")).isFalse();
    assertThat(authorizer.has("integrationLatency")).isFalse();
    assertThat(authorizer.get("lambda").get("sub").asText()).isEqualTo("user-7");
  }

  @Test
  void isAuthorizerEventWhenPayload2RequestEventThenYesAndAProxyEventOfPayload2ThenNo() {
    assertThat(Invoker.isAuthorizerEvent(httpApiAuthorizerEvent("Bearer t1", "GET /mock")))
        .isTrue();
    assertThat(
            Invoker.isAuthorizerEvent(
                httpApiAuthorizerEvent("Bearer t1", "GET /mock").put("version", "1.0")))
        .isFalse();
    assertThat(
            Invoker.isAuthorizerEvent(
                JSON.createObjectNode().put("version", "2.0").put("routeKey", "GET /mock")))
        .isFalse();
  }

  @Test
  void invokeWhenAuthorizerResultCachedThenLaterRouteGetsTheCachedPolicyWithoutInvoking()
      throws Exception {
    JsonNode first = authorize("svc-local-authorizer", "Bearer t1", MOCK_ARN);
    JsonNode second = authorize("svc-local-authorizer", "Bearer t1", ADMIN_ARN);

    assertThat(first.get("context").get("call").asInt()).isEqualTo(1);
    assertThat(second).isEqualTo(first);
    // the cache-unsafe policy allows only /mock, so API Gateway (and now serverless-offline) denies
    // /mock/admin
    assertThat(second.get("policyDocument").get("Statement").get(0).get("Resource").asText())
        .isEqualTo(MOCK_ARN);
    assertThat(logLines())
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("ok", "cache_hit");
    assertThat(logLines())
        .extracting(l -> l.get("authorizerCache").asText())
        .containsExactly("miss", "hit");
  }

  @Test
  void invokeWhenAuthorizerTtlIsZeroThenEveryRequestInvokesTheAuthorizer() throws Exception {
    authorize("svc-uncached", "Bearer t1", MOCK_ARN);
    JsonNode second = authorize("svc-uncached", "Bearer t1", ADMIN_ARN);

    assertThat(second.get("context").get("call").asInt()).isEqualTo(2);
    assertThat(second.get("policyDocument").get("Statement").get(0).get("Resource").asText())
        .isEqualTo(ADMIN_ARN);
    assertThat(logLines())
        .extracting(l -> l.get("authorizerCache").asText())
        .containsExactly("off", "off");
  }

  @Test
  void invokeWhenCachedResultExpiresThenAuthorizerRunsAgain() throws Exception {
    authorize("svc-local-authorizer", "Bearer t1", MOCK_ARN);
    clock.advance(Duration.ofSeconds(299));
    assertThat(
            authorize("svc-local-authorizer", "Bearer t1", ADMIN_ARN)
                .get("context")
                .get("call")
                .asInt())
        .isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    JsonNode afterTtl = authorize("svc-local-authorizer", "Bearer t1", ADMIN_ARN);

    assertThat(afterTtl.get("context").get("call").asInt()).isEqualTo(2);
    assertThat(afterTtl.get("policyDocument").get("Statement").get(0).get("Resource").asText())
        .isEqualTo(ADMIN_ARN);
  }

  @Test
  void invokeWhenAnotherTokenThenItIsNotServedFromTheFirstTokensEntry() throws Exception {
    authorize("svc-local-authorizer", "Bearer t1", MOCK_ARN);
    JsonNode other = authorize("svc-local-authorizer", "Bearer t2", ADMIN_ARN);

    assertThat(other.get("principalId").asText()).isEqualTo("user-2");
    assertThat(other.get("context").get("call").asInt()).isEqualTo(2);
  }

  @Test
  void invokeWhenAuthorizerAnswersUnauthorizedThenThatIsNotCached() throws Exception {
    authorize("svc-local-authorizer", "Bearer bad", MOCK_ARN);
    authorize("svc-local-authorizer", "Bearer bad", MOCK_ARN);

    assertThat(logLines())
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("unauthorized", "unauthorized");
  }

  @Test
  void invokeWhenInitFailsThenInitErrorAndNextInvocationRetriesCold() throws Exception {
    byte[] request =
        envelope(
            "svc-local-broken", "fixture.BrokenInit", jar, JSON.createObjectNode().put("k", "v"));

    JsonNode failed = payload(invoker.invoke(request));
    JsonNode retried = payload(invoker.invoke(request));

    assertThat(failed.get("statusCode").asInt()).isEqualTo(502);
    assertThat(retried.asText()).isEqualTo("attempts=2");
    assertThat(logLines())
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("init_error", "ok");
    assertThat(log()).doesNotContain("USER_POOL_ID is required");
  }

  @Test
  void invokeWhenStreamHandlerThenRawEventInAndRawJsonOut() throws Exception {
    JsonNode result =
        payload(
            invoker.invoke(
                envelope(
                    "svc-local-streamer",
                    "fixture.Streamer",
                    jar,
                    JSON.createObjectNode().put("k", "v"))));

    assertThat(result.get("received").get("k").asText()).isEqualTo("v");
  }

  @Test
  void invokeWhenFunctionNotInServiceThenErrorPayloadAndLogged() throws Exception {
    JsonNode result =
        payload(invoker.invoke(envelope("svc-local-nope", "fixture.Nope", jar, proxyEvent("/x"))));

    assertThat(result.get("statusCode").asInt()).isEqualTo(502);
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("unknown_function");
  }

  @Test
  void invokeWhenNoServiceDefinitionThenRunsWithLambdaVariablesOnly() throws Exception {
    try (Invoker bare =
        new Invoker(ServiceDefinition.empty(), clock, new PrintStream(logged, true))) {
      JsonNode result =
          payload(bare.invoke(envelope("fn", "fixture.ProxyHandler", jar, proxyEvent("/mock"))));

      assertThat(result.get("body").asText()).contains("greeting=null", "functionName=fn");
    }
  }

  @Test
  void invokeWhenServerlessOfflineAddsDecodedClaimsThenHandlerSeesOnlyTheAuthorizersScalarContext()
      throws Exception {
    ObjectNode event = proxyEvent("/mock");
    ObjectNode authorizer = (ObjectNode) event.get("requestContext").get("authorizer");
    authorizer.putObject("claims").put("sub", "unverified");
    authorizer.putArray("scopes").add("aws.cognito.signin.user.admin");
    authorizer.put("exp", 1795000000L);

    Invoker.dropDecodedClaims(event);

    assertThat(authorizer.has("claims")).isFalse();
    assertThat(authorizer.has("scopes")).isFalse();
    assertThat(authorizer.get("principalId").asText()).isEqualTo("user-7");
    assertThat(authorizer.get("exp").asLong()).isEqualTo(1795000000L);
  }

  @Test
  void invokeWhenAuthorizerOverrideHeaderThenRejectedWithout200() throws Exception {
    ObjectNode event = proxyEvent("/mock");
    ((ObjectNode) event.get("headers"))
        .put("SLS-Offline-Authorizer-Override", "{\"principalId\":\"admin\"}");

    JsonNode response =
        payload(invoker.invoke(envelope("svc-local-mock", "fixture.ProxyHandler", jar, event)));

    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(JSON.readTree(response.get("body").asText()).get("error").asText())
        .isEqualTo("unsupported_header");
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("rejected");
  }

  @Test
  void invokeWhenAnotherFunctionsJarHasJodaTimeThenAJarWithoutItStillFailsAsInLambda()
      throws Exception {
    Path withoutJoda =
        FixtureJar.build(java.nio.file.Files.createDirectories(work.resolve("no-joda")), false);
    try (Invoker bare =
        new Invoker(ServiceDefinition.empty(), clock, new PrintStream(logged, true))) {
      assertThat(
              payload(
                      bare.invoke(
                          envelope("with-joda", "fixture.ProxyHandler", jar, proxyEvent("/mock"))))
                  .get("statusCode")
                  .asInt())
          .isEqualTo(200);

      // the runtime's event serializers load joda-time from the function's own jar; a class cache
      // in
      // the serialization library must not lend this function the first function's copy
      for (int attempt = 0; attempt < 2; attempt++) {
        JsonNode response =
            payload(
                bare.invoke(
                    envelope(
                        "without-joda", "fixture.ProxyHandler", withoutJoda, proxyEvent("/mock"))));
        assertThat(response.get("statusCode").asInt()).isEqualTo(502);
      }
    }
    assertThat(logLines())
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("ok", "init_error", "init_error");
    assertThat(logLines().get(1).get("error").asText()).contains("ReflectException");
  }

  /**
   * The fixture service with {@code reservedConcurrency: 0} on the mock function and the
   * authorizer.
   */
  private static ServiceDefinition throttledService(Path jar) {
    ObjectNode root = JSON.createObjectNode().put("service", "svc");
    root.putObject("provider").put("name", "aws");
    ObjectNode functions = root.putObject("functions");
    functions
        .putObject("authorizer")
        .put("handler", "fixture.TokenAuthorizer")
        .put("reservedConcurrency", 0)
        .putObject("package")
        .put("artifact", jar.toString());
    ObjectNode mock =
        functions
            .putObject("mock")
            .put("handler", "fixture.ProxyHandler")
            .put("reservedConcurrency", 0);
    mock.putObject("package").put("artifact", jar.toString());
    mock.putObject("environment").put("CORS_ALLOW_ORIGIN", "https://app.example.com");
    mock.putArray("events")
        .addObject()
        .putObject("http")
        .put("path", "mock")
        .put("method", "get")
        .putObject("authorizer")
        .put("name", "authorizer")
        .put("resultTtlInSeconds", 0);
    return ServiceDefinition.parse(root, Path.of("/"), "local", Map.of());
  }

  @Test
  void invokeWhenRouteFunctionThrottledThen429JsonWithRetryAfterAndTheHandlerNeverRuns()
      throws Exception {
    try (Invoker throttled =
        new Invoker(throttledService(jar), clock, new PrintStream(logged, true))) {
      JsonNode response =
          payload(
              throttled.invoke(
                  envelope("svc-local-mock", "fixture.ProxyHandler", jar, proxyEvent("/boom"))));

      assertThat(response.get("statusCode").asInt()).isEqualTo(429);
      assertThat(response.get("headers").get("Retry-After").asText()).isEqualTo("1");
      assertThat(response.get("headers").get("Access-Control-Allow-Origin").asText())
          .isEqualTo("https://app.example.com");
      assertThat(JSON.readTree(response.get("body").asText()).get("error").asText())
          .isEqualTo("too_many_requests");
    }
    // /boom would have thrown in the handler: the log shows the throttle, no error
    assertThat(logLines())
        .extracting(l -> l.get("outcome").asText() + " " + l.get("error").asText())
        .containsExactly("throttled NO_CONCURRENCY");
  }

  @Test
  void invokeWhenAuthorizerThrottledThenTheFailureAnswerNeverUnauthorizedNorAPlainAllow()
      throws Exception {
    JsonNode result;
    try (Invoker throttled =
        new Invoker(throttledService(jar), clock, new PrintStream(logged, true))) {
      result =
          payload(
              throttled.invoke(
                  envelope(
                      "svc-local-authorizer",
                      "fixture.TokenAuthorizer",
                      jar,
                      tokenEvent("Bearer allow", MOCK_ARN))));
    }

    // the same answer as an authorizer that failed: serverless-offline's context check refuses it
    // (503 here)
    assertThat(result.isTextual()).as("not the \"Unauthorized\" string").isFalse();
    assertThat(result.get("context").elements().next().isObject()).isTrue();
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("throttled");
  }

  @Test
  void invokeWhenRequestMalformedThenBadRequestWithoutPayload() {
    Invoker.Reply garbage = invoker.invoke("not json".getBytes(StandardCharsets.UTF_8));
    Invoker.Reply noEvent =
        invoker.invoke("{\"handler\":\"x\",\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.line()).doesNotContain(Invoker.PAYLOAD_KEY);
    assertThat(noEvent.status()).isEqualTo(400);
  }
}
