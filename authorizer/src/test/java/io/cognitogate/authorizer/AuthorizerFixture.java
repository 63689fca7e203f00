package io.cognitogate.authorizer;

import com.auth0.jwk.Jwk;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Builds an {@link Authorizer} over the test pool's keys (in memory), clock fixed at {@link TestTokens#NOW}. */
public final class AuthorizerFixture {
  public static final BadTokens TOKENS = new BadTokens();

  private AuthorizerFixture() {
  }

  public static Authorizer authorizer(String routeRules, Consumer<String> logSink) {
    return authorizer(RouteRules.parse(routeRules), logSink);
  }

  /** With rules built by the caller (DEFAULT_DENY, OPEN_ROUTES). */
  public static Authorizer authorizer(RouteRules rules, Consumer<String> logSink) {
    MutableClock clock = new MutableClock(TestTokens.NOW);
    JwksKeySource keys = new JwksKeySource(() -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
        clock, Duration.ofSeconds(10));
    keys.refresh();
    CognitoTokenVerifier verifier = new CognitoTokenVerifier(new VerifierConfig(TestTokens.ISSUER, TokenUse.ACCESS,
        Set.of(TestTokens.CLIENT_ID), Duration.ofSeconds(5)), keys, clock);
    return new Authorizer(verifier, rules, new DecisionLog(logSink));
  }

  /** An access token of {@link TestTokens#SUB} in exactly these groups. */
  public static String tokenWithGroups(List<String> groups) {
    Map<String, Object> claims = TestTokens.with(TestTokens.accessClaims(), "cognito:groups", groups.isEmpty() ? null : groups);
    return "Bearer " + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }
}
