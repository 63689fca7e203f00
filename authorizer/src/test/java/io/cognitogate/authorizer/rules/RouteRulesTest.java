package io.cognitogate.authorizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.authorizer.policy.IamMatcher;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.RoutePolicy.Verdict;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteRulesTest {
  static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:api/prod";

  static VerifiedToken token(List<String> groups, String scope) {
    return new VerifiedToken("sub-1", "alice", "client", TokenUse.ACCESS, scope, groups, 1L, "kid");
  }

  static MethodArn arn(String verb, String path) {
    return MethodArn.parse(PREFIX + "/" + verb + path);
  }

  static List<String> denied(RouteRules rules, VerifiedToken token) {
    return rules.statements(arn("GET", "/x"), rules.unsatisfied(token)).deny();
  }

  @Test
  void parseWhenContractExampleThenReadsBothRules() {
    RouteRules rules =
        RouteRules.parse(
            "GET /mock/admin=group:admins;DELETE /admin/*=group:admins|scope:admin/write");

    assertThat(rules.rules()).hasSize(2);
    assertThat(rules.rules().get(0).route()).hasToString("GET /mock/admin");
    assertThat(rules.rules().get(1).anyOf())
        .containsExactly(
            new Requirement(Requirement.Kind.GROUP, "admins"),
            new Requirement(Requirement.Kind.SCOPE, "admin/write"));
    assertThat(rules.defaultDeny()).isFalse();
  }

  @Test
  void parseWhenBlankOrOnlySeparatorsThenNoRules() {
    assertThat(RouteRules.parse("").rules()).isEmpty();
    assertThat(RouteRules.parse(null).rules()).isEmpty();
    assertThat(RouteRules.parse(" ; ;").rules()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /mock",
        "GET=group:admins",
        "/mock=group:admins",
        "FETCH /mock=group:admins",
        "GET mock=group:admins",
        "GET /mock=admins",
        "GET /mock=role:admins",
        "GET /mock=group:",
        "GET /mock=group:a|",
        "GET /a/*/b=group:x",
        "GET /a*=group:x",
        "GET /a?b=group:x",
        "GET /a b=group:x",
        "GET /mock/=group:x",
        "GET //mock=group:x",
        "GET /mock/../admin=group:x",
        "GET /./mock=group:x",
        "GET /m%6Fck=group:x",
        "GET /mock;a=group:x",
        "GET /mo\\ck=group:x",
        "GET /caf\u00e9=group:x"
      })
  void parseWhenRuleMalformedThenRejectsIt(String text) {
    assertThatThrownBy(() -> RouteRules.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseWhenPathLongerThanTheLimitThenRejectsItSoEveryResourceStaysUnderApiGatewaysLimit() {
    String longest = "/" + "a".repeat(RoutePattern.MAX_PATH_LENGTH - 1);
    assertThat(RouteRules.parse("GET " + longest + "=group:x").rules()).hasSize(1);
    assertThatThrownBy(() -> RouteRules.parse("GET " + longest + "a=group:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rule 1:");
  }

  @Test
  void parseWhenSecondRuleMalformedThenNamesItsPositionWithoutQuotingIt() {
    assertThatThrownBy(() -> RouteRules.parse("GET /a=group:x;GET /s3cr%74=group:y"))
        .hasMessageStartingWith("rule 2:")
        .hasMessageNotContaining("s3cr");
  }

  @Test
  void parseWhenManyMoreThanSixtyFourRulesThenTheLastOneStillDenies() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("GET /r").append(i).append("=group:g").append(i).append(';');
    }
    RouteRules rules = RouteRules.parse(text.toString());
    VerifiedToken allButLast =
        token(java.util.stream.IntStream.range(0, 99).mapToObj(i -> "g" + i).toList(), "");

    UnsatisfiedRules unsatisfied = rules.unsatisfied(allButLast);
    assertThat(unsatisfied).isEqualTo(UnsatisfiedRules.of(99));
    assertThat(rules.policy(arn("GET", "/r99"), unsatisfied).verdict())
        .isEqualTo(Verdict.RULE_NOT_SATISFIED);
    assertThat(rules.policy(arn("GET", "/r98"), unsatisfied).verdict())
        .isEqualTo(Verdict.VERIFIED_WITH_DENIED_ROUTES);
  }

  @Test
  void unsatisfiedWhenCallerMeetsEveryRuleThenIsEmptyAndThePolicyAllowsTheWholeStageOnly() {
    RouteRules rules = RouteRules.parse("GET /mock/admin=group:admins");
    UnsatisfiedRules none = rules.unsatisfied(token(List.of("admins"), ""));

    assertThat(none.isEmpty()).isTrue();
    assertThat(rules.statements(arn("GET", "/mock"), none).allow())
        .containsExactly(PREFIX + "/*/*");
    assertThat(rules.statements(arn("GET", "/mock"), none).deny()).isEmpty();
    assertThat(rules.policy(arn("GET", "/mock/admin"), none).verdict()).isEqualTo(Verdict.VERIFIED);
  }

  @Test
  void statementsWhenGroupMissingThenDenyEverySpellingOfThatRouteAndAmbiguousPaths() {
    List<String> deny =
        denied(RouteRules.parse("GET /mock/admin=group:admins"), token(List.of("users"), ""));

    assertThat(deny).startsWith(PREFIX + "/GET/mock/admin", PREFIX + "/GET/mock/admin/");
    assertThat(deny)
        .contains(
            PREFIX + "/HEAD/mock/admin",
            PREFIX + "/HEAD/mock/admin/",
            PREFIX + "/GET/%6?*",
            PREFIX + "/GET/mock/%6?*",
            PREFIX + "/GET/mock%2?*",
            PREFIX + "/GET/mock/admin%2?*",
            PREFIX + "/GET/mock;*",
            PREFIX + "/GET/mock/admin;*",
            PREFIX + "/*//*",
            PREFIX + "/*/*%2e*",
            PREFIX + "/*/*%2F*");
    assertThat(deny).doesNotContain(PREFIX + "/POST/mock/admin").doesNotHaveDuplicates();
    deny.forEach(resource -> assertThat(resource.length()).isLessThanOrEqualTo(512));
  }

  /**
   * serverless-offline (the local stack) matches policy resources as JavaScript regular expressions
   * with only '*' and '?' translated: a '.' or '\\' of ours would match far more there than in IAM.
   */
  @Test
  void
      statementsWhenRulePathsHoldNoDotThenNoResourceHoldsARegexCharacterTheLocalStackWouldMisread() {
    RouteRules rules =
        RouteRules.parse("GET /mock/admin=group:a;* /reports/*=group:b;POST /=group:c")
            .denyingByDefault(RouteRules.parseOpenRoutes("GET /health"));
    var statements = rules.statements(arn("GET", "/x"), rules.unsatisfied(token(List.of(), "")));

    for (String resource : statements.deny()) {
      assertThat(resource).doesNotContain(".", "\\", "(", "[", "+", "$", "^", "|");
    }
    assertThat(statements.allow())
        .allSatisfy(resource -> assertThat(resource).doesNotContain(".", "\\"));
  }

  @Test
  void statementsWhenPrefixRuleThenCoverThePathAndEverythingBelowButNotLookalikes() {
    RouteRules rules = RouteRules.parse("* /admin/*=group:admins|scope:admin/write");
    VerifiedToken user = token(List.of(), "openid admin/read");
    var policy = rules.policy(arn("GET", "/"), rules.unsatisfied(user)).document();

    assertThat(denied(rules, user)).startsWith(PREFIX + "/*/admin", PREFIX + "/*/admin/*");
    for (String path : List.of("/admin", "/admin/", "/admin/users/1", "/ADMIN/x")) {
      assertThat(rules.policy(arn("PUT", path), rules.unsatisfied(user)).verdict())
          .as(path)
          .isEqualTo(Verdict.RULE_NOT_SATISFIED);
    }
    assertThat(IamMatcher.invoke(policy, PREFIX + "/PUT/administrator"))
        .isEqualTo(IamMatcher.Decision.ALLOW);
    assertThat(rules.policy(arn("PUT", "/administrator"), rules.unsatisfied(user)).verdict())
        .isEqualTo(Verdict.VERIFIED_WITH_DENIED_ROUTES);
    assertThat(denied(rules, token(List.of(), "admin/write"))).isEmpty();
  }

  @Test
  void statementsWhenRootAndCatchAllRulesThenUseRootAndStar() {
    VerifiedToken user = token(List.of(), "");
    assertThat(denied(RouteRules.parse("GET /=group:a"), user))
        .startsWith(PREFIX + "/GET/", PREFIX + "/GET/;*");
    assertThat(denied(RouteRules.parse("POST /*=group:a"), user)).startsWith(PREFIX + "/POST/*");
  }

  @Test
  void statementsWhenTwoRulesShareResourcesThenEachResourceOnce() {
    RouteRules rules = RouteRules.parse("GET /a=group:x;* /a=group:y;GET /a=scope:z");
    List<String> deny = denied(rules, token(List.of(), ""));
    assertThat(deny).doesNotHaveDuplicates();
    assertThat(new ArrayList<>(deny)).contains(PREFIX + "/GET/a", PREFIX + "/*/a");
  }
}
