package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitogate.token.InvalidConfigException;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API handlers as Lambda builds them (environment map), against a real JWKS endpoint over
 * HTTP: simple answers judged per request, and the caching rule that decides when they may be (API
 * Gateway caches one answer per identity source for every route).
 */
class HttpApiAuthorizerHandlerTest extends EnvironmentBuiltHandlerTest {
  static final String RULES = "GET /mock/admin=group:admins";

  @Test
  void simpleHandlerWhenCachingOffAndRulesThenJudgesEachRequestOnItsOwnRoute() throws Exception {
    HttpApiAuthorizerHandler handler =
        new HttpApiAuthorizerHandler(
            env("ROUTE_RULES", RULES, "AUTHORIZER_RESULT_TTL_SECONDS", "0"));
    String user = liveToken(List.of("users"));
    String admin = liveToken(List.of("admins"));

    assertThat(
            handler
                .handleRequest(EventFixture.httpApi(user, "GET", "/mock"), null)
                .getIsAuthorized())
        .isTrue();
    assertThat(
            handler
                .handleRequest(EventFixture.httpApi(user, "GET", "/mock/admin"), null)
                .getIsAuthorized())
        .isFalse();
    assertThat(
            handler
                .handleRequest(EventFixture.httpApi(admin, "GET", "/mock/admin"), null)
                .getIsAuthorized())
        .isTrue();
    assertThat(server.requests()).as("fetched once, in the constructor").isEqualTo(1);
    assertThat(logLines())
        .extracting(line -> line.get("outcome").asText())
        .containsExactly("allow", "deny", "allow");
    assertThat(logLines().get(1).get("reason").asText()).isEqualTo("RULE_NOT_SATISFIED");
    assertThat(handler.snapStartHooks()).as("registered as the TOKEN handler's are").isNotNull();
  }

  @Test
  void simpleHandlerWhenRouteArnNamesAnotherPathThanTheRawPathThenADenyingReadingWins() {
    HttpApiAuthorizerHandler handler =
        new HttpApiAuthorizerHandler(
            env("ROUTE_RULES", RULES, "AUTHORIZER_RESULT_TTL_SECONDS", "0"));
    ObjectNode json =
        EventFixture.httpApiJson(
            liveToken(List.of("users")), "GET", "/MOCK/admin/", "ANY /{proxy+}");
    json.put("routeArn", EventFixture.HTTP_STAGE + "/GET/{proxy+}");

    assertThat(
            handler
                .handleRequest(
                    EventFixture.read(json, APIGatewayV2CustomAuthorizerEvent.class), null)
                .getIsAuthorized())
        .isFalse();
  }

  @Test
  void
      simpleHandlerWhenAReadingCannotBeAMethodArnThenDeniedAsAnAmbiguousPathToCallersFailingARule() {
    ObjectNode json =
        EventFixture.httpApiJson(null, "GET", "/mock/" + "a".repeat(3000), "ANY /{proxy+}");
    json.put("routeArn", EventFixture.HTTP_STAGE + "/GET/mock");
    List<String> lines = new ArrayList<>();
    HttpApiAuthorizerHandler ruled =
        new HttpApiAuthorizerHandler(AuthorizerFixture.authorizer(RULES, lines::add));
    HttpApiAuthorizerHandler open =
        new HttpApiAuthorizerHandler(AuthorizerFixture.authorizer("", lines::add));

    ((ObjectNode) json.get("headers"))
        .put("authorization", AuthorizerFixture.tokenWithGroups(List.of("users")));
    var event = EventFixture.read(json, APIGatewayV2CustomAuthorizerEvent.class);
    assertThat(ruled.handleRequest(event, null).getIsAuthorized()).isFalse();
    assertThat(lines).last().asString().contains("\"reason\":\"AMBIGUOUS_PATH\"");
    assertThat(open.handleRequest(event, null).getIsAuthorized())
        .as("no rule tells routes apart")
        .isTrue();
    ((ObjectNode) json.get("headers"))
        .put("authorization", AuthorizerFixture.tokenWithGroups(List.of("admins")));
    assertThat(
            ruled
                .handleRequest(
                    EventFixture.read(json, APIGatewayV2CustomAuthorizerEvent.class), null)
                .getIsAuthorized())
        .as("meets every rule")
        .isTrue();
  }

  @Test
  void simpleHandlerWhenRulesAndCachingOnOrUnsetThenRefusesToStartNamingTheTtl() {
    for (Map<String, String> env :
        List.of(
            env("ROUTE_RULES", RULES, "AUTHORIZER_RESULT_TTL_SECONDS", "300"),
            env("ROUTE_RULES", RULES),
            env(
                "DEFAULT_DENY",
                "true",
                "OPEN_ROUTES",
                "GET /mock",
                "AUTHORIZER_RESULT_TTL_SECONDS",
                "60"))) {
      assertThatThrownBy(() -> new HttpApiAuthorizerHandler(env))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageStartingWith("AUTHORIZER_RESULT_TTL_SECONDS:");
    }
  }

  @Test
  void simpleHandlerWhenCachingOnWithoutRulesThenOneAnswerRightForEveryRoute() {
    HttpApiAuthorizerHandler handler =
        new HttpApiAuthorizerHandler(env("AUTHORIZER_RESULT_TTL_SECONDS", "300"));
    String user = liveToken(List.of("users"));

    for (String path :
        List.of("/mock", "/mock/admin", "/mock/./admin", "/MOCK/ADMIN", "/other/%2e%2e/x")) {
      var answer = handler.handleRequest(EventFixture.httpApi(user, "GET", path), null);
      assertThat(answer.getIsAuthorized()).as(path).isTrue();
      assertThat(answer.getContext())
          .as(path)
          .containsEntry("sub", TestTokens.SUB)
          .containsEntry("groups", "users");
    }
  }

  @Test
  void simpleHandlerWhenCachedAndKeyedWithoutTheAuthorizationHeaderThenRefusesToStart() {
    assertThatThrownBy(
            () ->
                new HttpApiAuthorizerHandler(
                    env(
                        "IDENTITY_SOURCE",
                        "$request.header.X-Tenant",
                        "AUTHORIZER_RESULT_TTL_SECONDS",
                        "300")))
        .hasMessageStartingWith("IDENTITY_SOURCE:");
  }

  @Test
  void simpleHandlerWhenTokenBadOrHeaderAmbiguousThenExactlyUnauthorized() throws Exception {
    HttpApiAuthorizerHandler handler =
        new HttpApiAuthorizerHandler(env("AUTHORIZER_RESULT_TTL_SECONDS", "0"));
    ObjectNode twice = EventFixture.httpApiJson(liveToken(List.of()), "GET", "/mock", "GET /mock");
    ((ObjectNode) twice.get("headers")).put("Authorization", liveToken(List.of("admins")));

    assertThatThrownBy(
            () -> handler.handleRequest(EventFixture.httpApi(null, "GET", "/mock"), null))
        .isExactlyInstanceOf(UnauthorizedException.class)
        .hasMessage("Unauthorized");
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    EventFixture.httpApi(liveToken(List.of()) + "x", "GET", "/mock"), null))
        .hasMessage("Unauthorized");
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    EventFixture.read(twice, APIGatewayV2CustomAuthorizerEvent.class), null))
        .hasMessage("Unauthorized");
    assertThat(logLines())
        .extracting(line -> line.get("reason").asText())
        .containsExactly("MISSING_TOKEN", "BAD_SIGNATURE", "AMBIGUOUS_AUTHORIZATION_HEADER");
  }

  @Test
  void handlersWhenPayloadFormat1EventThenOurErrorNeverUnauthorizedOrAnAnswer() throws Exception {
    ObjectNode json = EventFixture.httpApiJson(liveToken(List.of()), "GET", "/mock", "GET /mock");
    json.put("version", "1.0");
    APIGatewayV2CustomAuthorizerEvent event =
        EventFixture.read(json, APIGatewayV2CustomAuthorizerEvent.class);
    String env0 = "0";

    Throwable simple =
        catchThrowable(
            () ->
                new HttpApiAuthorizerHandler(env("AUTHORIZER_RESULT_TTL_SECONDS", env0))
                    .handleRequest(event, null));
    Throwable policy =
        catchThrowable(() -> new HttpApiPolicyAuthorizerHandler(env()).handleRequest(event, null));

    assertThat(simple)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Unauthorized");
    assertThat(policy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Unauthorized");
    assertThat(logLines())
        .filteredOn(line -> line.has("outcome"))
        .allSatisfy(line -> assertThat(line.get("reason").asText()).isEqualTo("UNEXPECTED_EVENT"));
  }

  @Test
  void simpleHandlerWhenJwksDownAtInitThenConstructsAndFailsEachInvocationAsOurError() {
    server.close();
    HttpApiAuthorizerHandler handler =
        new HttpApiAuthorizerHandler(env("AUTHORIZER_RESULT_TTL_SECONDS", "0"));

    Throwable thrown =
        catchThrowable(
            () ->
                handler.handleRequest(
                    EventFixture.httpApi(liveToken(List.of()), "GET", "/mock"), null));

    assertThat(thrown).isInstanceOf(JwksUnavailableException.class);
    assertThat(thrown.getMessage()).isNotEqualTo("Unauthorized");
  }

  @Test
  void policyHandlerWhenRulesAndCachingOnThenStartsAndItsPolicyCoversEveryRoute() {
    HttpApiPolicyAuthorizerHandler handler =
        new HttpApiPolicyAuthorizerHandler(
            env("ROUTE_RULES", RULES, "AUTHORIZER_RESULT_TTL_SECONDS", "300"));

    var response =
        handler.handleRequest(
            EventFixture.httpApi(liveToken(List.of("users")), "GET", "/mock"), null);

    var policy = HandlerShapesTest.httpPolicy(response);
    String stage = EventFixture.HTTP_STAGE;
    assertThat(io.cognitogate.authorizer.policy.IamMatcher.invoke(policy, stage + "/GET/mock"))
        .isEqualTo(io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW);
    assertThat(
            io.cognitogate.authorizer.policy.IamMatcher.invoke(policy, stage + "/GET/mock/admin"))
        .isEqualTo(io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY);
    assertThat(handler.snapStartHooks()).isNotNull();
  }

  @Test
  void
      policyHandlerWhenRequestIsALetterCaseVariantOfADeniedRouteThenDeniesThatArnOnTheDefaultStage() {
    HttpApiPolicyAuthorizerHandler handler =
        new HttpApiPolicyAuthorizerHandler(env("ROUTE_RULES", RULES));

    var response =
        handler.handleRequest(
            EventFixture.httpApi(liveToken(List.of("users")), "GET", "/Mock/Admin"), null);

    String requested = EventFixture.HTTP_STAGE + "/GET/Mock/Admin";
    var policy = HandlerShapesTest.httpPolicy(response);
    // the exact ARN, not cut at the '$' of $default (which would deny the whole API to this caller)
    assertThat(policy.toString()).contains(requested).doesNotContain("abcdef1234/*");
    assertThat(io.cognitogate.authorizer.policy.IamMatcher.invoke(policy, requested))
        .isEqualTo(io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY);
    assertThat(
            io.cognitogate.authorizer.policy.IamMatcher.invoke(
                policy, EventFixture.HTTP_STAGE + "/GET/mock"))
        .isEqualTo(io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW);
  }
}
