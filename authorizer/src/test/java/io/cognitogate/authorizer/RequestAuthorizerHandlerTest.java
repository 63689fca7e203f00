package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.token.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The REST REQUEST handler as Lambda builds it (environment map), against a real JWKS endpoint over
 * HTTP.
 */
class RequestAuthorizerHandlerTest extends EnvironmentBuiltHandlerTest {

  /** Every handler here has the admin rule; {@code pairs} add or replace variables. */
  @Override
  Map<String, String> env(String... pairs) {
    String[] all = new String[pairs.length + 2];
    all[0] = "ROUTE_RULES";
    all[1] = "GET /mock/admin=group:admins";
    System.arraycopy(pairs, 0, all, 2, pairs.length);
    return super.env(all);
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
    assertThat(output()).contains("\"outcome\":\"allow\"");
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
    String log = output();
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
    assertThat(output()).contains("\"reason\":\"UNEXPECTED_EVENT\"");
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
