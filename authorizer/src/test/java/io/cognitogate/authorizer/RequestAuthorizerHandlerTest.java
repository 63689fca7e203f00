package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST REQUEST handler as Lambda builds it (environment map), against a real JWKS endpoint over
 * HTTP.
 */
class RequestAuthorizerHandlerTest {
  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;

  JwksServer server;
  PrintStream originalOut;
  ByteArrayOutputStream captured;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, TOKENS.signing)));
    originalOut = System.out;
    captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    server.close();
  }

  Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    env.put("ROUTE_RULES", "GET /mock/admin=group:admins");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  String liveToken(List<String> groups) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", server.issuer());
    claims.put("iat", now - 10);
    claims.put("auth_time", now - 10);
    claims.put("exp", now + 3600);
    claims.put("cognito:groups", groups);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  @Test
  void handlerWhenBuiltFromEnvironmentThenTokenFromTheHeaderInAnyCaseAndTheCacheSafePolicy() {
    RequestAuthorizerHandler handler =
        new RequestAuthorizerHandler(
            env(
                "IDENTITY_SOURCE",
                "method.request.header.Authorization,method.request.header.X-Tenant",
                "AUTHORIZER_RESULT_TTL_SECONDS",
                "300"));

    for (String name : List.of("Authorization", "authorization")) {
      IamPolicyResponseV1 response =
          handler.handleRequest(
              EventFixture.restRequest(name, liveToken(List.of("users")), "GET", "/mock"), null);
      assertThat(response.getPrincipalId()).isEqualTo(TestTokens.SUB);
      assertThat(AuthorizerFixture.policyJson(response))
          .contains(EventFixture.REST_STAGE + "/*/*", EventFixture.REST_STAGE + "/GET/mock/admin");
    }
    assertThat(handler.snapStartHooks()).isNotNull();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"allow\"");
  }

  @Test
  void handlerWhenHeaderMissingOrNotBearerThenExactlyUnauthorizedWithTheReasonLogged() {
    RequestAuthorizerHandler handler =
        new RequestAuthorizerHandler(env("AUTHORIZER_RESULT_TTL_SECONDS", "0"));

    assertThatThrownBy(
            () -> handler.handleRequest(EventFixture.restRequest(null, null, "GET", "/mock"), null))
        .isExactlyInstanceOf(UnauthorizedException.class)
        .hasMessage("Unauthorized");
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    EventFixture.restRequest(
                        "Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "GET", "/mock"),
                    null))
        .hasMessage("Unauthorized");
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("\"reason\":\"MISSING_TOKEN\"", "\"reason\":\"UNSUPPORTED_SCHEME\"")
        .doesNotContain("YWxhZGRpbjpvcGVuc2VzYW1l");
  }

  @Test
  void handlerWhenGivenATokenEventThenOurErrorAsItIsAMisconfiguredAuthorizer() {
    RequestAuthorizerHandler handler = new RequestAuthorizerHandler(env());

    Throwable thrown =
        catchThrowable(
            () ->
                handler.handleRequest(
                    AuthorizerFixture.event(
                        liveToken(List.of()), EventFixture.REST_STAGE + "/GET/mock"),
                    null));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getMessage()).isNotEqualTo("Unauthorized");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("\"reason\":\"UNEXPECTED_EVENT\"");
  }

  @Test
  void handlerWhenCachedAndKeyedByATenantHeaderAloneThenRefusesToStart() {
    assertThatThrownBy(
            () ->
                new RequestAuthorizerHandler(
                    env("IDENTITY_SOURCE", "method.request.header.X-Tenant")))
        .hasMessageStartingWith("IDENTITY_SOURCE:");
  }
}
