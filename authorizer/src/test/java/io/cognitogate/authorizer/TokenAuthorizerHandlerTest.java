package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The handler as Lambda builds it (environment map), against a real JWKS endpoint over HTTP. */
class TokenAuthorizerHandlerTest extends EnvironmentBuiltHandlerTest {
  static final String ARN =
      "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/GET/mock";

  static APIGatewayCustomAuthorizerEvent event(String token, String arn) {
    return APIGatewayCustomAuthorizerEvent.builder()
        .withType("TOKEN")
        .withAuthorizationToken(token)
        .withMethodArn(arn)
        .build();
  }

  @Test
  void handlerWhenBuiltFromEnvironmentThenFetchesJwksAtInitAndAllowsAValidToken() throws Exception {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env());
    assertThat(server.requests()).as("fetched in the constructor (Lambda init)").isEqualTo(1);

    IamPolicyResponseV1 response =
        handler.handleRequest(event(liveToken(List.of("users")), ARN), null);

    assertThat(response.getPrincipalId()).isEqualTo(TestTokens.SUB);
    assertThat(AuthorizerFixture.policyJson(response))
        .contains(
            "Allow", "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/*/*");
    assertThat(server.requests()).isEqualTo(1);
    JsonNode log = logLines().get(0);
    assertThat(log.get("outcome").asText()).isEqualTo("allow");
    assertThat(log.get("sub").asText()).isEqualTo(TestTokens.SUB);
    assertThat(log.get("kid").asText()).isEqualTo(BadTokens.KID);
  }

  @Test
  void handlerWhenRuleNotSatisfiedThenLogsDenyAndPolicyDeniesOnlyThatRoute() throws Exception {
    TokenAuthorizerHandler handler =
        new TokenAuthorizerHandler(env("ROUTE_RULES", "GET /mock=group:admins"));

    IamPolicyResponseV1 response =
        handler.handleRequest(event(liveToken(List.of("users")), ARN), null);

    assertThat(AuthorizerFixture.policyJson(response))
        .contains("Deny", "random-api-id/local/GET/mock");
    assertThat(logLines().get(0).get("outcome").asText()).isEqualTo("deny");
    assertThat(logLines().get(0).get("reason").asText()).isEqualTo("RULE_NOT_SATISFIED");
  }

  @Test
  void handlerWhenTokenBadThenThrowsExactlyUnauthorized() throws Exception {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env());
    String expired = liveToken(List.of()).replace("Bearer ", "");
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", server.issuer());
    claims.put("exp", Instant.now().getEpochSecond() - 3600);
    String old =
        TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());

    assertThatThrownBy(() -> handler.handleRequest(event(old, ARN), null))
        .isExactlyInstanceOf(UnauthorizedException.class)
        .isInstanceOf(RuntimeException.class)
        .hasMessage("Unauthorized");
    assertThatThrownBy(() -> handler.handleRequest(event(expired + "x", ARN), null))
        .hasMessage("Unauthorized");
    assertThat(logLines())
        .extracting(line -> line.get("reason").asText())
        .containsExactly("EXPIRED", "BAD_SIGNATURE");
  }

  @Test
  void handlerWhenJwksDownAtInitThenConstructsAndFailsEachInvocationAsOurError() throws Exception {
    server.close();
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env());
    String token = liveToken(List.of());

    Throwable thrown = catchThrowable(() -> handler.handleRequest(event(token, ARN), null));

    assertThat(thrown).isInstanceOf(JwksUnavailableException.class);
    assertThat(thrown.getMessage()).isNotEqualTo("Unauthorized");
    List<JsonNode> lines = logLines();
    assertThat(lines.get(0).get("event").asText()).isEqualTo("jwks_init_failed");
    assertThat(lines.get(1).get("outcome").asText()).isEqualTo("error");
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("JWKS_UNAVAILABLE");
  }

  @Test
  void handlerWhenJwksStallsThenInitAndInvocationEndWithinTheTimeoutsAndNeverAllow() {
    server.slowMillis(3_000);
    server.mode(JwksServer.Mode.SLOW);
    long start = System.nanoTime();
    TokenAuthorizerHandler handler =
        new TokenAuthorizerHandler(env("JWKS_REFETCH_INTERVAL_SECONDS", "1"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));

    Throwable thrown =
        catchThrowable(() -> handler.handleRequest(event(liveToken(List.of()), ARN), null));
    assertThat(thrown)
        .isInstanceOf(JwksUnavailableException.class)
        .hasMessageNotContaining("Unauthorized");
  }

  @Test
  void handlerWhenMethodArnMalformedThenFailsWithoutUnauthorized() {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env());
    Throwable thrown =
        catchThrowable(
            () -> handler.handleRequest(event(liveToken(List.of()), "arn:aws:nope"), null));
    assertThat(thrown).isNotNull();
    assertThat(thrown.getMessage()).isNotEqualTo("Unauthorized");
  }

  @Test
  void handlerWhenConfigMissingThenFailsAtConstructionNamingTheVariable() {
    Map<String, String> env = env();
    env.remove("ALLOWED_CLIENT_IDS");
    assertThatThrownBy(() -> new TokenAuthorizerHandler(env))
        .hasMessageStartingWith("ALLOWED_CLIENT_IDS:");
  }

  @Test
  void logWhenWholeBadTokenTableRunsThenOneJsonLinePerDecisionAndNoTokenTextEver()
      throws Exception {
    TokenAuthorizerHandler handler =
        new TokenAuthorizerHandler(
            AuthorizerFixture.authorizer(
                "GET /mock/admin=group:admins", line -> System.out.println(line)));
    List<BadTokens.Case> cases = new ArrayList<>(TOKENS.rejected());
    cases.addAll(TOKENS.accepted());

    for (BadTokens.Case c : cases) {
      Throwable thrown = catchThrowable(() -> handler.handleRequest(event(c.header(), ARN), null));
      if (c.reason() != null) {
        assertThat(thrown).as(c.name()).hasMessage("Unauthorized");
      } else {
        assertThat(thrown).as(c.name()).isNull();
      }
    }

    String log = output();
    List<JsonNode> lines = logLines();
    assertThat(lines).hasSize(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      BadTokens.Case c = cases.get(i);
      assertThat(lines.get(i).get("outcome").asText())
          .as(c.name())
          .isEqualTo(c.reason() == null ? "allow" : "unauthorized");
      if (c.reason() != null) {
        assertThat(lines.get(i).get("reason").asText()).as(c.name()).isEqualTo(c.reason().name());
      }
    }
    Set<String> logWindows = new HashSet<>();
    for (int i = 0; i + 16 <= log.length(); i++) {
      logWindows.add(log.substring(i, i + 16));
    }
    for (BadTokens.Case c : cases) {
      if (c.header() == null) {
        continue;
      }
      String token = c.header().trim();
      token = token.regionMatches(true, 0, "bearer ", 0, 7) ? token.substring(7).trim() : token;
      for (int i = 0; i + 16 <= token.length(); i++) {
        assertThat(logWindows)
            .as("log holds part of token '%s'", c.name())
            .doesNotContain(token.substring(i, i + 16));
      }
    }
  }
}
