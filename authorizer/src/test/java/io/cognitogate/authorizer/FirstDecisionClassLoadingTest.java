package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every handler loads its whole path in Lambda's init phase (the warm-up, and the answer shapes the
 * REQUEST and HTTP API handlers prime themselves): the first request loads none of our classes and
 * none of the events library's. The handler runs in a class loader of its own that records what it
 * loads, fed an event the way the Lambda runtime reads one (its serializer), as a fresh Lambda JVM
 * would.
 */
class FirstDecisionClassLoadingTest {
  static final String EVENTS = "com.amazonaws.services.lambda.runtime.events.";
  JwksServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new JwksServer(
            TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, AuthorizerFixture.TOKENS.signing)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String event(String shape) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", server.issuer());
    claims.put("iat", now - 10);
    claims.put("auth_time", now - 10);
    claims.put("exp", now + 3600);
    String token =
        "Bearer "
            + TestTokens.sign(
                TestTokens.header(BadTokens.KID),
                claims,
                AuthorizerFixture.TOKENS.signing.getPrivate());
    String arn = EventFixture.REST_STAGE + "/GET/mock";
    return switch (shape) {
      case "token" ->
          "{\"type\":\"TOKEN\",\"authorizationToken\":\""
              + token
              + "\",\"methodArn\":\""
              + arn
              + "\"}";
      case "request" ->
          "{\"type\":\"REQUEST\",\"headers\":{\"Authorization\":\""
              + token
              + "\"},\"methodArn\":\""
              + arn
              + "\"}";
      default -> EventFixture.httpApiJson(token, "GET", "/mock", "GET /mock").toString();
    };
  }

  @ParameterizedTest
  @CsvSource({
    "TokenAuthorizerHandler, APIGatewayCustomAuthorizerEvent, token",
    "RequestAuthorizerHandler, APIGatewayCustomAuthorizerEvent, request",
    "HttpApiAuthorizerHandler, APIGatewayV2CustomAuthorizerEvent, http",
    "HttpApiPolicyAuthorizerHandler, APIGatewayV2CustomAuthorizerEvent, http"
  })
  void firstRequestWhenHandlerBuiltFromItsEnvironmentThenLoadsNoneOfOurOrTheEventsClasses(
      String handlerName, String eventName, String shape) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    env.put("ROUTE_RULES", "GET /mock/admin=group:admins");
    env.put("AUTHORIZER_RESULT_TTL_SECONDS", "0");
    String json = event(shape);

    try (RevocationClassLoadingTest.RecordingLoader loader =
        new RevocationClassLoadingTest.RecordingLoader()) {
      Object handler =
          loader
              .loadClass("io.cognitogate.authorizer." + handlerName)
              .getConstructor(Map.class)
              .newInstance(env);
      // the runtime's serializer reads the event; its own classes are the runtime's, not the
      // handler's path
      Class<?> factory =
          loader.loadClass(
              "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory");
      Object jackson = factory.getMethod("getInstance").invoke(null);
      Class<?> eventClass = loader.loadClass(EVENTS + eventName);
      Object serializer =
          factory.getMethod("getSerializer", Type.class).invoke(jackson, eventClass);
      Method fromJson =
          loader
              .loadClass("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")
              .getMethod("fromJson", String.class);
      Object event = fromJson.invoke(serializer, json);
      Method handle =
          handler
              .getClass()
              .getMethod(
                  "handleRequest",
                  eventClass,
                  loader.loadClass("com.amazonaws.services.lambda.runtime.Context"));
      Set<String> before = new TreeSet<>(loader.loaded);

      Object answer = handle.invoke(handler, event, null);

      Set<String> loadedByTheRequest = new TreeSet<>(loader.loaded);
      loadedByTheRequest.removeAll(before);
      assertThat(answer).isNotNull();
      assertThat(loadedByTheRequest)
          .as("classes the first request loaded")
          .noneMatch(name -> name.startsWith("io.cognitogate.") || name.startsWith(EVENTS));
    }
  }
}
