package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwk.Jwk;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.KeySource;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The authorizer with its decision cache: a token presented again is not verified again, and
 * nothing else changes.
 */
class AuthorizerDecisionCacheTest {
  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;
  static final String ARN_MOCK =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final String ARN_ADMIN =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock/admin";

  final MutableClock clock = new MutableClock(TestTokens.NOW);
  final List<String> log = new ArrayList<>();
  JwksKeySource keys;
  DecisionCache cache;
  int verifications;

  Authorizer authorizer(String rules) {
    return authorizer(rules, () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList());
  }

  Authorizer authorizer(String rules, JwksKeySource.Fetcher fetcher) {
    keys = new JwksKeySource(fetcher, clock, Duration.ofSeconds(10), Duration.ofHours(1));
    keys.refresh();
    KeySource counting =
        kid -> {
          verifications++; // every verification that gets past the token's shape looks its key up
          // once
          return keys.keyFor(kid);
        };
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            counting,
            clock);
    cache = new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, clock, keys);
    return new Authorizer(
        verifier, RouteRules.parse(rules), new DecisionLog(log::add), cache, null);
  }

  static String tokenExpiringIn(long seconds, List<String> groups) {
    Map<String, Object> claims =
        TestTokens.with(TestTokens.accessClaims(), "exp", TestTokens.NOW_S + seconds);
    claims = TestTokens.with(claims, "cognito:groups", groups);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  @Test
  void authorizeWhenSameTokenAgainThenAnsweredFromCacheWithTheSameResponse() {
    Authorizer authorizer = authorizer("");
    String token = tokenExpiringIn(3600, List.of("users"));

    IamPolicyResponseV1 first = authorizer.authorize(token, ARN_MOCK);
    IamPolicyResponseV1 second = authorizer.authorize(token, ARN_MOCK);

    assertThat(verifications).isEqualTo(1);
    assertThat(second.getPrincipalId()).isEqualTo(first.getPrincipalId());
    assertThat(AuthorizerFixture.policyJson(second)).isEqualTo(AuthorizerFixture.policyJson(first));
    assertThat(second.getContext()).isEqualTo(first.getContext());
    assertThat(log).hasSize(2).allMatch(line -> line.contains("\"outcome\":\"allow\""));
  }

  @Test
  void authorizeWhenCachedTokenOnRuledRouteThenRulesAndPolicyAreEvaluatedPerRoute() {
    Authorizer authorizer = authorizer("GET /mock/admin=group:admins");
    String user = tokenExpiringIn(3600, List.of("users"));

    IamPolicyResponseV1 mock = authorizer.authorize(user, ARN_MOCK);
    IamPolicyResponseV1 admin = authorizer.authorize(user, ARN_ADMIN);
    IamPolicyResponseV1 mockAgain = authorizer.authorize(user, ARN_MOCK);

    assertThat(verifications).isEqualTo(1);
    assertThat(log.get(0)).contains("\"outcome\":\"allow\"", "VERIFIED_WITH_DENIED_ROUTES");
    assertThat(log.get(1)).contains("\"outcome\":\"deny\"", "RULE_NOT_SATISFIED");
    assertThat(log.get(2)).contains("\"outcome\":\"allow\"");
    assertThat(AuthorizerFixture.policyJson(admin))
        .contains("Deny", "abcdef1234/prod/GET/mock/admin");
    assertThat(AuthorizerFixture.policyJson(mockAgain))
        .isEqualTo(AuthorizerFixture.policyJson(mock));

    String admins = tokenExpiringIn(3600, List.of("admins"));
    authorizer.authorize(admins, ARN_ADMIN);
    assertThat(AuthorizerFixture.policyJson(authorizer.authorize(admins, ARN_ADMIN)))
        .doesNotContain("Deny");
    assertThat(log.get(4)).contains("\"outcome\":\"allow\"", "\"reason\":\"VERIFIED\"");
  }

  @Test
  void authorizeWhenCachedTokenReachesExpThenVerifiedAgainAndRejected() {
    Authorizer authorizer = authorizer("");
    String token = tokenExpiringIn(60, List.of());
    authorizer.authorize(token, ARN_MOCK);

    clock.advance(Duration.ofSeconds(60));
    // at exp the verifier still accepts (leeway 5 s), but the cache no longer answers
    authorizer.authorize(token, ARN_MOCK);
    assertThat(verifications).isEqualTo(2);

    clock.advance(Duration.ofSeconds(6)); // java-jwt accepts up to exp + leeway inclusive
    Throwable thrown = catchThrowable(() -> authorizer.authorize(token, ARN_MOCK));
    assertThat(thrown).hasMessage("Unauthorized");
    assertThat(log.get(2)).contains("EXPIRED");
  }

  @Test
  void authorizeWhenTokenRejectedThenNothingIsCachedAndEveryAttemptIsVerified() {
    Authorizer authorizer = authorizer("");
    for (BadTokens.Case c : TOKENS.rejected()) {
      catchThrowable(() -> authorizer.authorize(c.header(), ARN_MOCK));
      catchThrowable(() -> authorizer.authorize(c.header(), ARN_MOCK));
    }
    assertThat(cache.size()).isZero();
    assertThat(log).noneMatch(line -> line.contains("\"allow\""));
  }

  @Test
  void authorizeWhenTamperedCopyOfACachedTokenThenRejectedNotServedFromCache() {
    Authorizer authorizer = authorizer("");
    String token = tokenExpiringIn(3600, List.of());
    authorizer.authorize(token, ARN_MOCK);
    String[] parts = token.substring(7).split("\\.");
    String forged =
        "Bearer "
            + parts[0]
            + "."
            + TestTokens.b64(
                io.cognitogate.token.Json.write(
                    TestTokens.with(
                        TestTokens.accessClaims(), "cognito:groups", List.of("admins"))))
            + "."
            + parts[2];

    assertThat(catchThrowable(() -> authorizer.authorize(forged, ARN_MOCK)))
        .hasMessage("Unauthorized");
    assertThat(log.get(1)).contains("BAD_SIGNATURE");
  }

  @Test
  void authorizeWhenJwksKeyReplacedThenCachedTokensOfTheOldKeyAreVerifiedAgain() {
    List<Map<String, Object>> served = new ArrayList<>(TOKENS.jwks());
    Authorizer authorizer = authorizer("", () -> served.stream().map(Jwk::fromValues).toList());
    String token = tokenExpiringIn(3600, List.of());
    authorizer.authorize(token, ARN_MOCK);

    served.set(
        0, TestKeys.jwk(BadTokens.KID, TOKENS.attacker)); // the pool's key under that kid changed
    keys.refresh();

    assertThat(catchThrowable(() -> authorizer.authorize(token, ARN_MOCK)))
        .hasMessage("Unauthorized");
    assertThat(verifications).isEqualTo(2);
  }

  @Test
  void authorizeWhenManyDistinctTokensThenCacheStaysWithinItsBound() {
    keys =
        new JwksKeySource(
            () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    DecisionCache cache = new DecisionCache(8, clock, keys);
    Authorizer authorizer =
        new Authorizer(
            new CognitoTokenVerifier(
                new VerifierConfig(
                    TestTokens.ISSUER,
                    TokenUse.ACCESS,
                    Set.of(TestTokens.CLIENT_ID),
                    Duration.ofSeconds(5)),
                keys,
                clock),
            RouteRules.parse(""),
            new DecisionLog(log::add),
            cache,
            null);
    for (int i = 0; i < 40; i++) {
      authorizer.authorize(tokenExpiringIn(3600 + i, List.of()), ARN_MOCK);
      assertThat(cache.size()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void cacheWhenTokenAllowedThenEntryHoldsItsVerifiedClaims() {
    Authorizer authorizer = authorizer("");
    String token = tokenExpiringIn(3600, List.of("users"));
    authorizer.authorize(token, ARN_MOCK);
    DecisionCache.Entry entry = cache.get(token);
    assertThat(entry.token().subject()).isEqualTo(TestTokens.SUB);
    assertThat(entry.token().groups()).containsExactly("users");
    assertThat(entry.context()).containsEntry("sub", TestTokens.SUB);
  }
}
