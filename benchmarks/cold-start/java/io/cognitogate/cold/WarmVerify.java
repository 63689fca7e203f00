package io.cognitogate.cold;

import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import java.time.Clock;

/**
 * What the JIT setting costs a warm container: the same token verified again and again (java-jwt decode, key by
 * kid, RS256 through JCA, claims; no decision cache), in rounds of {@value #PER_ROUND}, printing the mean
 * microseconds per verify of each round. Compare a run under {@code -XX:TieredStopAtLevel=1} with one without:
 * C1 alone compiles without the intrinsics C2 gives BigInteger's Montgomery multiplication.
 *   java [-XX:TieredStopAtLevel=1] -cp authorizer.jar:classes io.cognitogate.cold.WarmVerify <ColdStart's arguments> [rounds]
 */
public final class WarmVerify {
  static final int PER_ROUND = 2000;

  private WarmVerify() {
  }

  public static void main(String[] args) throws Exception {
    String token = "Bearer " + ColdStart.token(args);
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(ColdStart.environment(java.util.Arrays.copyOf(args, 5)));
    JwksKeySource keys = JwksKeySource.overHttp(config.jwksUrl(), config.connectTimeout(), config.readTimeout(),
        Clock.systemUTC(), config.refetchInterval(), config.keyLifetime());
    keys.refresh();
    CognitoTokenVerifier verifier = new CognitoTokenVerifier(config.verifierConfig(), keys, Clock.systemUTC());
    StringBuilder line = new StringBuilder("warm-verify us");
    for (int round = 0; round < rounds; round++) {
      long started = System.nanoTime();
      for (int i = 0; i < PER_ROUND; i++) {
        verifier.verify(token);
      }
      line.append(' ').append((System.nanoTime() - started) / PER_ROUND / 100 / 10.0);
    }
    System.out.println(line);
  }
}
