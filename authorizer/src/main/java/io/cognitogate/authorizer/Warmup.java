package io.cognitogate.authorizer;

import com.auth0.jwk.Jwk;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.RequestTarget;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and initialises the decision path's classes (jwks-rsa's key building, java-jwt's decoding
 * with Jackson, JCA's RS256, the claim checks, the decision cache, rules, policy, log line) by
 * running one whole decision on a built-in token while the init-phase JWKS fetch is in flight on
 * its own thread: the work the first request would otherwise pay for overlaps the network wait.
 *
 * <p>The built-in key is a throwaway whose private half was discarded; it is trusted only by the
 * separate authorizer built here (its own issuer and client id), never by the real one.
 */
final class Warmup {
  static final String ISSUER = "https://warmup.invalid/warmup";
  static final String CLIENT_ID = "warmup";
  static final String METHOD_ARN =
      "arn:aws:execute-api:us-east-1:000000000000:warmup/warmup/GET/warmup";

  /** The modulus of the built-in key (base64url); its exponent is 65537 ("AQAB"). */
  static final String MODULUS =
      "uhBuWcePKjh-e6S-hXVM9Ko6AZ_lmqZiqmnpRbuVH0SswANgPXG_Sd3RPG19S44NccKigroQmDkOmsNBSdX_0QU7pKsQuQ-G"
          + "XTya_DhyeWLYqCFRup7KCAMVWLc11xBXWYIN_JnQ-oOsnDKo9E4HM3Y-XFIIhuwlJQlgK3JqwWUNhLLs2tv_3d159ZX_tDMj"
          + "3j1ddwDvaVD45ZKpdQYvC1g2z_fpr9jTBf1dEVX3nJx3jD8Z8xFTBDOHf7rBXybf7vXWxWTNwv79kKVgOXbxOGIHvSR3nQ-d"
          + "fNNZeFwxaJJg6R97p0mmTHrsl6NUPPGNApp4ibkJXE6e1I4ANQhG_w";

  static final String TOKEN =
      "eyJraWQiOiJ3YXJtdXAiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDA"
          + "wMDAiLCJjb2duaXRvOmdyb3VwcyI6WyJ3YXJtdXAiXSwiaXNzIjoiaHR0cHM6Ly93YXJtdXAuaW52YWxpZC93YXJtdXAiLCJ"
          + "2ZXJzaW9uIjoyLCJjbGllbnRfaWQiOiJ3YXJtdXAiLCJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJzY29wZSI6Indhcm11cCIsImF"
          + "1dGhfdGltZSI6MTc2NDExNTIwMCwiaWF0IjoxNzY0MTE1MjAwLCJleHAiOjQxMDI0NDQ4MDAsImp0aSI6IjAwMDAwMDAwLTA"
          + "wMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMSIsInVzZXJuYW1lIjoid2FybXVwIn0.MMuRS1_6t7nv0FUrOcWJw8ZKeAzuJBb"
          + "LFyynCyxUVqt3niLcNgDw7YC14HrHHK_720PNIy8QIHL8iLF33b7aUkaPSAtT3tJRVcHvzRAgqUNZwOXgPlcAJpFKv-DYT2c"
          + "LC84xrx7wzKvlxBQRu0owLKFGcVPHyzRppXDMbvXPwASe1euPLSE7Onci2bk5mcPK8g9BGfXhU5wGWvFoRQYx6IgweYgbtHH"
          + "SHqzw5eIUbJTeHJjMGF0preCTrU8E_7kXUgx_e4Q9Idi942Tqhe7WMin4DHRY4vgL1todA2e6f3gAFsQHwFOfHzBI-pmA1BN"
          + "L8LfD1z4znUxm3GHOUmcIuQ";

  private Warmup() {}

  /**
   * Runs {@link #run} on a daemon thread started now (before the configuration is even parsed), so
   * the class loading overlaps the rest of the init work; join it before the first real decision.
   */
  static Thread start(Clock clock) {
    Thread thread = new Thread(new Task(clock), "warmup");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static final class Task implements Runnable {
    private final Clock clock;

    Task(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void run() {
      Warmup.run(RouteRules.parse(""), clock);
    }
  }

  /**
   * The init thread's share while the warm-up thread is busy with JSON: the JCA half of the path
   * (the provider list, SHA-256 and RSA signature services) and org.crac's lookup of a CRaC
   * implementation, which the handler's hook registration would otherwise pay after the warm-up
   * (reflection and a ClassNotFoundException outside SnapStart).
   */
  static void primeOnInitThread() {
    try {
      java.security.MessageDigest.getInstance("SHA-256");
      java.security.Signature.getInstance("SHA256withRSA");
      java.security.KeyFactory.getInstance("RSA");
    } catch (java.security.GeneralSecurityException e) {
      // the real path reports it
    }
    org.crac.Core.getGlobalContext();
  }

  /** One decision through the real classes; true if it allowed (it always should). Never throws. */
  static boolean run(RouteRules rules, Clock clock) {
    try {
      JwksKeySource keys =
          new JwksKeySource(new BuiltIn(), clock, Duration.ofDays(1), Duration.ofDays(1));
      keys.refresh();
      CognitoTokenVerifier verifier =
          new CognitoTokenVerifier(
              new VerifierConfig(ISSUER, TokenUse.ACCESS, Set.of(CLIENT_ID), Duration.ofSeconds(5)),
              keys,
              clock);
      Authorizer authorizer =
          new Authorizer(
              verifier,
              rules,
              new DecisionLog(new Discard()),
              new DecisionCache(4, clock, keys),
              null);
      // the REST answer, then (from the decision cache) the shape-neutral decision the other
      // handlers answer from
      return authorizer.authorize(TOKEN, METHOD_ARN).getPrincipalId() != null
          && authorizer.decide(TOKEN, RequestTarget.of(METHOD_ARN)).allowsRequest();
    } catch (RuntimeException e) {
      return false; // a warm-up is an optimisation: the real path still checks everything
    }
  }

  /** The built-in key as jwks-rsa's JWK, built from its members as the fetched ones are. */
  private static final class BuiltIn implements JwksKeySource.Fetcher {
    @Override
    public List<Jwk> fetchAll() {
      Map<String, Object> values = new HashMap<>(8);
      values.put("kty", "RSA");
      values.put("kid", "warmup");
      values.put("use", "sig");
      values.put("alg", "RS256");
      values.put("n", MODULUS);
      values.put("e", "AQAB");
      return List.of(Jwk.fromValues(values));
    }
  }

  private static final class Discard implements java.util.function.Consumer<String> {
    @Override
    public void accept(String line) {
      // the warm-up decision is not a decision
    }
  }
}
