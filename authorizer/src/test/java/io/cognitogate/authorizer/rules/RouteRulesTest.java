package io.cognitogate.authorizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RouteRulesTest {
  static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:api/prod";

  static VerifiedToken token(List<String> groups, String scope) {
    return new VerifiedToken("sub-1", "alice", "client", TokenUse.ACCESS, scope, groups, 1L, "kid");
  }

  static MethodArn arn(String verb, String path) {
    return MethodArn.parse(PREFIX + "/" + verb + path);
  }

  @Test
  void parseWhenContractExampleThenReadsBothRules() {
    RouteRules rules = RouteRules.parse("GET /mock/admin=group:admins;DELETE /admin/*=group:admins|scope:admin/write");

    assertThat(rules.rules()).hasSize(2);
    assertThat(rules.rules().get(1).anyOf()).containsExactly(
        new Requirement(Requirement.Kind.GROUP, "admins"), new Requirement(Requirement.Kind.SCOPE, "admin/write"));
  }

  @Test
  void parseWhenBlankOrOnlySeparatorsThenNoRules() {
    assertThat(RouteRules.parse("").rules()).isEmpty();
    assertThat(RouteRules.parse(null).rules()).isEmpty();
    assertThat(RouteRules.parse(" ; ;").rules()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /mock", "GET=group:admins", "/mock=group:admins", "FETCH /mock=group:admins", "GET mock=group:admins",
      "GET /mock=admins", "GET /mock=role:admins", "GET /mock=group:", "GET /mock=group:a|", "GET /a/*/b=group:x",
      "GET /a*=group:x", "GET /a?b=group:x", "GET /a b=group:x"})
  void parseWhenRuleMalformedThenRejectsIt(String text) {
    assertThatThrownBy(() -> RouteRules.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deniedResourcesWhenGroupMissingThenDeniesThatRouteOnly() {
    RouteRules rules = RouteRules.parse("GET /mock/admin=group:admins");
    VerifiedToken user = token(List.of("users"), "");

    assertThat(rules.deniedResources(arn("GET", "/mock"), user)).containsExactly(PREFIX + "/GET/mock/admin");
    assertThat(rules.deniesRequest(arn("GET", "/mock/admin"), user)).isTrue();
    assertThat(rules.deniesRequest(arn("GET", "/mock"), user)).isFalse();
    assertThat(rules.deniedResources(arn("GET", "/mock"), token(List.of("admins"), ""))).isEmpty();
  }

  @Test
  void deniedResourcesWhenPrefixRuleThenCoversThePathAndEverythingBelow() {
    RouteRules rules = RouteRules.parse("* /admin/*=group:admins|scope:admin/write");
    VerifiedToken user = token(List.of(), "openid admin/read");

    assertThat(rules.deniedResources(arn("GET", "/"), user)).containsExactly(PREFIX + "/*/admin", PREFIX + "/*/admin/*");
    assertThat(rules.deniesRequest(arn("PUT", "/admin"), user)).isTrue();
    assertThat(rules.deniesRequest(arn("PUT", "/admin/users/1"), user)).isTrue();
    assertThat(rules.deniesRequest(arn("PUT", "/administrator"), user)).isFalse();
    assertThat(rules.deniedResources(arn("GET", "/"), token(List.of(), "admin/write"))).isEmpty();
  }

  @Test
  void deniedResourcesWhenRootAndCatchAllRulesThenUsesRootAndStar() {
    VerifiedToken user = token(List.of(), "");
    assertThat(RouteRules.parse("GET /=group:a").deniedResources(arn("GET", "/x"), user)).containsExactly(PREFIX + "/GET/");
    assertThat(RouteRules.parse("POST /*=group:a").deniedResources(arn("GET", "/x"), user)).containsExactly(PREFIX + "/POST/*");
  }
}
