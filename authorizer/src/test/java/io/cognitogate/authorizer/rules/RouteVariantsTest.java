package io.cognitogate.authorizer.rules;

import static io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.authorizer.policy.IamMatcher;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.policy.RoutePolicy.Verdict;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rule cannot be sidestepped by spelling its route differently: every variant is judged twice, by
 * the policy returned for that very request (the per-request decision) and by the policy cached
 * from another route (API Gateway applies a token's cached policy to every route), both evaluated
 * like IAM ({@link IamMatcher}).
 */
class RouteVariantsTest {
  static final String STAGE = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
  static final RouteRules RULES =
      RouteRules.parse("GET /mock/admin=group:admins;* /reports/*=scope:reports.read");

  /** In neither the group nor the scope: fails both rules. */
  static final VerifiedToken USER =
      new VerifiedToken(
          "sub-1", "alice", "client", TokenUse.ACCESS, "openid", List.of("users"), 1L, "kid");

  static final UnsatisfiedRules FAILS_BOTH = RULES.unsatisfied(USER);

  static String arn(String verb, String path) {
    return STAGE + "/" + verb + path;
  }

  static RoutePolicy policyFor(String verb, String path) {
    return RULES.policy(MethodArn.parse(arn(verb, path)), FAILS_BOTH);
  }

  /**
   * The document API Gateway caches after the caller's first request, GET /mock, and applies to all
   * others.
   */
  static final com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1.PolicyDocument
      CACHED = policyFor("GET", "/mock").document();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the route itself, HEAD for GET, a trailing slash
        "GET     | /mock/admin                   | RULE_NOT_SATISFIED",
        "HEAD    | /mock/admin                   | RULE_NOT_SATISFIED",
        "GET     | /mock/admin/                  | RULE_NOT_SATISFIED",
        "HEAD    | /mock/admin/                  | RULE_NOT_SATISFIED",
        // any letter case
        "GET     | /Mock/Admin                   | RULE_NOT_SATISFIED",
        "GET     | /MOCK/ADMIN/                  | RULE_NOT_SATISFIED",
        "HEAD    | /mock/ADMIN                   | RULE_NOT_SATISFIED",
        // percent-encoded, decoded exactly once, hex digits in either case
        "GET     | /mock/%61dmin                 | RULE_NOT_SATISFIED",
        "GET     | /mock/%41DMIN                 | RULE_NOT_SATISFIED",
        "GET     | /%6dock/admin                 | RULE_NOT_SATISFIED",
        "GET     | /%6Dock/%61%64%6D%69%6E       | RULE_NOT_SATISFIED",
        "GET     | /mock%2Fadmin                 | RULE_NOT_SATISFIED",
        "GET     | /mock%2fadmin                 | RULE_NOT_SATISFIED",
        "GET     | /mock/admin%2F                | RULE_NOT_SATISFIED",
        // matrix parameters, empty and dot segments, backslashes (read the way a lenient backend
        // would)
        "GET     | /mock/admin;jsessionid=1      | RULE_NOT_SATISFIED",
        "GET     | /mock;v=1/admin               | RULE_NOT_SATISFIED",
        "GET     | /mock//admin                  | RULE_NOT_SATISFIED",
        "GET     | //mock/admin                  | RULE_NOT_SATISFIED",
        "GET     | /mock/./admin                 | RULE_NOT_SATISFIED",
        "GET     | /other/../mock/admin          | RULE_NOT_SATISFIED",
        "GET     | /mock/admin/.                 | RULE_NOT_SATISFIED",
        "GET     | /mock/x/..;/admin             | RULE_NOT_SATISFIED",
        "GET     | /mock/%2e/admin               | RULE_NOT_SATISFIED",
        "GET     | /mock/x/%2E%2E/admin          | RULE_NOT_SATISFIED",
        "GET     | /mock\\admin                  | RULE_NOT_SATISFIED",
        "GET     | /mock%5Cadmin                 | RULE_NOT_SATISFIED",
        // a prefix rule on every verb
        "DELETE  | /reports                      | RULE_NOT_SATISFIED",
        "PUT     | /Reports/2024                 | RULE_NOT_SATISFIED",
        "POST    | /reports/                     | RULE_NOT_SATISFIED",
        "OPTIONS | /reports/x                    | RULE_NOT_SATISFIED",
        "GET     | /reports%2Fx                  | RULE_NOT_SATISFIED",
        "GET     | /rep%6Frts/1                  | RULE_NOT_SATISFIED",
        // ambiguous paths naming no rule's route: denied to a caller who fails a rule
        "GET     | /other//x                     | AMBIGUOUS_PATH",
        "GET     | /other/./x                    | AMBIGUOUS_PATH",
        "GET     | /a/b/../c                     | AMBIGUOUS_PATH",
        "GET     | /files/a%2Fb                  | AMBIGUOUS_PATH",
        "GET     | /files/%2e%2e                 | AMBIGUOUS_PATH",
        "GET     | /files/100%25%32F             | AMBIGUOUS_PATH",
        "GET     | /files/%252Fetc               | AMBIGUOUS_PATH",
        "GET     | /files/%zz                    | AMBIGUOUS_PATH",
        "GET     | /files/50%                    | AMBIGUOUS_PATH",
        "GET     | /files/%C3%28                 | AMBIGUOUS_PATH",
        "GET     | /files/a%00b                  | AMBIGUOUS_PATH",
        // begins like an encoded spelling of /mock/admin: the cached Deny covers it, so the verdict
        // says so
        "GET     | /mock/%61xyz                  | AMBIGUOUS_PATH",
        // other routes stay allowed
        "GET     | /mock                         | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mock/                        | VERIFIED_WITH_DENIED_ROUTES",
        "HEAD    | /mock                         | VERIFIED_WITH_DENIED_ROUTES",
        "POST    | /mock/admin                   | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mock/administrator           | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mock/admin-panel             | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mockadmin                    | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mock/users/Abc               | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /files/my%20doc               | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /files/%C3%A9t%C3%A9          | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /mock/%C3%A9                  | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /reportsx                     | VERIFIED_WITH_DENIED_ROUTES",
        "GET     | /                             | VERIFIED_WITH_DENIED_ROUTES"
      })
  void policyWhenRequestIsAVariantThenTheVerdictAndIamAgreeOnIt(
      String verb, String path, Verdict expected) {
    RoutePolicy policy = policyFor(verb, path);

    assertThat(policy.verdict()).isEqualTo(expected);
    assertThat(IamMatcher.invoke(policy.document(), arn(verb, path)))
        .as("IAM on the policy returned for %s %s", verb, path)
        .isEqualTo(expected.deniesRequest() ? EXPLICIT_DENY : ALLOW);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET  | /mock/admin",
        "HEAD | /mock/admin",
        "GET | /mock/admin/",
        "HEAD | /mock/admin/",
        "GET  | /mock/%61dmin",
        "GET | /%6dock/admin",
        "GET | /%6Dock/%61%64%6D%69%6E",
        "GET | /mock/adm%69n",
        "GET  | /mock%2Fadmin",
        "GET | /mock%2fadmin",
        "GET | /mock/admin%2F",
        "GET | /mock/admin%2f",
        "GET  | /mock/admin;jsessionid=1",
        "GET | /mock;v=1/admin",
        "HEAD | /mock/admin;x",
        "GET  | /mock//admin",
        "GET | //mock/admin",
        "GET | /mock/%2e/admin",
        "GET | /mock/x/%2E%2E/admin",
        "GET  | /mock%5Cadmin",
        "GET | /mock%5cadmin",
        "DELETE | /reports",
        "POST | /reports/",
        "OPTIONS | /reports/x",
        "PUT | /reports/a/b",
        "GET  | /reports%2Fx",
        "GET | /rep%6Frts/1",
        "PATCH | /reports;x",
        "GET  | /other//x",
        "GET | /files/a%2Fb",
        "GET | /files/%252Fetc",
        "GET | /files/a%00b"
      })
  void cachedPolicyWhenVariantOfADeniedRouteThenDeniesItToo(String verb, String path) {
    assertThat(IamMatcher.invoke(CACHED, arn(verb, path))).isEqualTo(EXPLICIT_DENY);
  }

  /**
   * The documented limit: IAM matches resources case-sensitively and no pattern spells "any letter
   * case" (or a malformed escape, an escape of an escape other than %25 2X) without also denying
   * unrelated routes; literal dot segments and '\' are left out of the cached policy because the
   * local stack (serverless-offline) would read those patterns as regular expressions that deny
   * unrelated routes. Such a request is denied by the policy returned for it; a policy cached from
   * another route lets it through. Keep authorizerResultTtlSeconds at 0 (the default) when a
   * lenient backend sits behind a greedy path ({proxy+}) under a rule's route.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET | /Mock/Admin",
        "GET | /MOCK/ADMIN/",
        "HEAD | /mock/ADMIN",
        "GET | /mock/%41DMIN",
        "PUT | /Reports/2024",
        "GET | /mock\\admin",
        "GET | /mock/./admin",
        "GET | /other/../mock/admin",
        "GET | /mock/admin/.",
        "GET | /mock/x/..;/admin",
        "GET | /files/100%25%32F",
        "GET | /files/%zz",
        "GET | /files/50%",
        "GET | /files/%C3%28"
      })
  void cachedPolicyWhenOnlyAnUnexpressibleSpellingDiffersThenOnlyThePolicyOfThatRequestDeniesIt(
      String verb, String path) {
    assertThat(IamMatcher.invoke(CACHED, arn(verb, path)))
        .as("policy cached from GET /mock")
        .isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(policyFor(verb, path).document(), arn(verb, path)))
        .as("policy for the request")
        .isEqualTo(EXPLICIT_DENY);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET | /mock",
        "GET | /mock/",
        "HEAD | /mock",
        "POST | /mock/admin",
        "GET | /mock/administrator",
        "GET | /mock/admin-panel",
        "GET | /mockadmin",
        "GET | /mock/users/Abc",
        "GET | /files/my%20doc",
        "GET | /files/%C3%A9t%C3%A9",
        "GET | /mock/%C3%A9",
        "GET | /reportsx",
        "GET | /",
        "DELETE | /mock/1"
      })
  void cachedPolicyWhenAnotherRouteThenAllowsItAndIsTheSameDocumentAsThatRoutesOwn(
      String verb, String path) {
    assertThat(IamMatcher.invoke(CACHED, arn(verb, path))).isEqualTo(ALLOW);
    assertThat(policyFor(verb, path).document())
        .as("cache-safe: one document for every allowed route")
        .isEqualTo(CACHED);
  }
}
