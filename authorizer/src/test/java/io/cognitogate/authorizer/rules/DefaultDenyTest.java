package io.cognitogate.authorizer.rules;

import static io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.authorizer.policy.IamMatcher;
import io.cognitogate.authorizer.policy.IamMatcher.Decision;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.policy.RoutePolicy.Verdict;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DEFAULT_DENY with OPEN_ROUTES: the policy allows only the open routes and the routes of the rules
 * the caller satisfies, for every route it is cached for.
 */
class DefaultDenyTest {
  static final String STAGE = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
  static final RouteRules RULES =
      RouteRules.parse("GET /mock/admin=group:admins;GET /reports/*=scope:reports.read")
          .denyingByDefault(RouteRules.parseOpenRoutes("GET /health;POST /auth/*;GET /mock/*"));

  static VerifiedToken token(List<String> groups, String scope) {
    return new VerifiedToken("sub-1", "alice", "client", TokenUse.ACCESS, scope, groups, 1L, "kid");
  }

  static final VerifiedToken NOBODY = token(List.of(), "openid");
  static final VerifiedToken ADMIN_READER = token(List.of("admins"), "openid reports.read");

  static String arn(String verb, String path) {
    return STAGE + "/" + verb + path;
  }

  static RoutePolicy policy(VerifiedToken caller, String verb, String path) {
    return RULES.policy(MethodArn.parse(arn(verb, path)), RULES.unsatisfied(caller));
  }

  /**
   * IAM agrees with the verdict: allowed exactly when the verdict allows; not open means nothing
   * allows it.
   */
  static void assertIamAgrees(RoutePolicy policy, String verb, String path) {
    Decision decision = IamMatcher.invoke(policy.document(), arn(verb, path));
    assertThat(decision == ALLOW)
        .as("IAM %s for %s %s", decision, verb, path)
        .isEqualTo(!policy.verdict().deniesRequest());
    if (policy.verdict() == Verdict.ROUTE_NOT_OPEN) {
      assertThat(decision).isEqualTo(IMPLICIT_DENY);
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /health              | VERIFIED_WITH_DENIED_ROUTES",
        "HEAD   | /health              | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /health/             | VERIFIED_WITH_DENIED_ROUTES",
        "POST   | /auth                | VERIFIED_WITH_DENIED_ROUTES",
        "POST   | /auth/login          | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /mock                | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /mock/items/1        | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /mock/admin          | RULE_NOT_SATISFIED",
        "HEAD   | /mock/admin/         | RULE_NOT_SATISFIED",
        "GET    | /mock/Admin          | RULE_NOT_SATISFIED",
        "GET    | /mock/%61dmin        | RULE_NOT_SATISFIED",
        "GET    | /mock/admin;x        | RULE_NOT_SATISFIED",
        "GET    | /reports/1           | RULE_NOT_SATISFIED",
        "GET    | /Reports/1           | RULE_NOT_SATISFIED",
        "POST   | /health              | ROUTE_NOT_OPEN",
        "GET    | /Health              | ROUTE_NOT_OPEN",
        "GET    | /h%65alth            | ROUTE_NOT_OPEN",
        "GET    | /auth/login          | ROUTE_NOT_OPEN",
        "DELETE | /mock/1              | ROUTE_NOT_OPEN",
        "GET    | /other               | ROUTE_NOT_OPEN",
        "GET    | /                    | ROUTE_NOT_OPEN",
        "GET    | /mock/../secret      | AMBIGUOUS_PATH",
        "GET    | /mock/x%2F..%2Fy     | AMBIGUOUS_PATH",
        "POST   | /auth/..;/secret     | AMBIGUOUS_PATH",
        "POST   | /auth//x             | AMBIGUOUS_PATH",
        "GET    | /health/..           | AMBIGUOUS_PATH"
      })
  void policyWhenCallerMeetsNoRuleThenOnlyOpenRoutesAreAllowed(
      String verb, String path, Verdict expected) {
    RoutePolicy policy = policy(NOBODY, verb, path);

    assertThat(policy.verdict()).isEqualTo(expected);
    assertIamAgrees(policy, verb, path);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /mock/admin          | VERIFIED_WITH_DENIED_ROUTES",
        "HEAD   | /mock/admin/         | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /reports             | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /reports/2024/q1     | VERIFIED_WITH_DENIED_ROUTES",
        "GET    | /health              | VERIFIED_WITH_DENIED_ROUTES",
        "POST   | /reports/1           | ROUTE_NOT_OPEN",
        "GET    | /other               | ROUTE_NOT_OPEN",
        "GET    | /Mock/Admin          | ROUTE_NOT_OPEN",
        "GET    | /reports/../other    | AMBIGUOUS_PATH",
        "GET    | /reports/%2e%2e/x    | AMBIGUOUS_PATH"
      })
  void policyWhenCallerMeetsTheRulesThenTheirRoutesAreAllowedToo(
      String verb, String path, Verdict expected) {
    RoutePolicy policy = policy(ADMIN_READER, verb, path);

    assertThat(policy.verdict()).isEqualTo(expected);
    assertIamAgrees(policy, verb, path);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /health              | ALLOW",
        "HEAD   | /health/             | ALLOW",
        "POST   | /auth/refresh        | ALLOW",
        "GET    | /mock/items/1        | ALLOW",
        "GET    | /mock/admin          | EXPLICIT_DENY",
        "HEAD   | /mock/admin          | EXPLICIT_DENY",
        "GET    | /mock/%61dmin        | EXPLICIT_DENY",
        "GET    | /mock/admin%2F       | EXPLICIT_DENY",
        "GET    | /mock/%2e%2e/secret  | EXPLICIT_DENY",
        "POST   | /auth//x             | EXPLICIT_DENY",
        "GET    | /reports/1           | EXPLICIT_DENY",
        "GET    | /Health              | IMPLICIT_DENY",
        "GET    | /other               | IMPLICIT_DENY",
        "PUT    | /mock/1              | IMPLICIT_DENY"
      })
  void cachedPolicyWhenAppliedToOtherRoutesThenAllowsOnlyOpenRoutes(
      String verb, String path, Decision expected) {
    var cached = policy(NOBODY, "GET", "/health").document();
    assertThat(IamMatcher.invoke(cached, arn(verb, path))).isEqualTo(expected);
  }

  /**
   * The documented limit holds under DEFAULT_DENY too where an allowed prefix covers the variant
   * ({@code GET /mock/*} here): a case variant of {@code /mock/admin}, or a literal dot segment, is
   * denied only by the policy returned for that request. Outside allowed routes a variant falls
   * into the implicit deny.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/mock/Admin", "/mock/../secret", "/mock/x/./admin"})
  void cachedPolicyWhenUnexpressibleVariantUnderAnOpenPrefixThenOnlyThePolicyOfThatRequestDeniesIt(
      String path) {
    var cached = policy(NOBODY, "GET", "/health").document();

    assertThat(IamMatcher.invoke(cached, arn("GET", path))).isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(policy(NOBODY, "GET", path).document(), arn("GET", path)))
        .isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void cachedPolicyWhenVariantOutsideEveryAllowedRouteThenImplicitlyDenied() {
    var cached = policy(NOBODY, "GET", "/health").document();

    for (String path : List.of("/Reports/1", "/Health", "/x/../health/..", "/he%61lth")) {
      assertThat(IamMatcher.invoke(cached, arn("GET", path))).as(path).isEqualTo(IMPLICIT_DENY);
    }
  }

  @Test
  void policyWhenNothingIsAllowedThenHasNoAllowStatementAndDeniesEveryRoute() {
    RouteRules rules = RouteRules.parse("GET /mock/admin=group:admins").denyingByDefault(List.of());
    RoutePolicy policy =
        rules.policy(MethodArn.parse(arn("GET", "/mock")), rules.unsatisfied(NOBODY));

    assertThat(policy.verdict()).isEqualTo(Verdict.ROUTE_NOT_OPEN);
    assertThat(policy.document().toString()).doesNotContain("Allow");
    for (String path : List.of("/mock", "/", "/mock/admin", "/anything/else")) {
      assertThat(IamMatcher.invoke(policy.document(), arn("GET", path)))
          .as(path)
          .isNotEqualTo(ALLOW);
    }
  }

  @Test
  void denyingByDefaultWhenNoRulesAndNoOpenRoutesThenRefusesToDenyEverything() {
    assertThatThrownBy(() -> RouteRules.none().denyingByDefault(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseOpenRoutesWhenListThenReadsEachRoute() {
    assertThat(
            RouteRules.parseOpenRoutes("GET /health; post /auth/* ;;").stream()
                .map(RoutePattern::toString))
        .containsExactly("GET /health", "POST /auth/*");
    assertThat(RouteRules.parseOpenRoutes(null)).isEmpty();
    assertThat(RouteRules.parseOpenRoutes(" ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/health",
        "GET",
        "GET /health=group:x",
        "FETCH /x",
        "GET /a%20b",
        "GET /a/../b",
        "GET /a/"
      })
  void parseOpenRoutesWhenMalformedThenNamesThePositionWithoutQuotingIt(String route) {
    assertThatThrownBy(() -> RouteRules.parseOpenRoutes("GET /ok;" + route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("route 2:")
        .hasMessageNotContaining(route);
  }
}
