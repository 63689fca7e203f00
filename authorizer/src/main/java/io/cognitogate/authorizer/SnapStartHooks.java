package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwk.Jwk;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.revocation.InMemoryRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenUse;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;

/**
 * Lambda SnapStart (CRaC) hooks. Before the snapshot: fetch the JWKS and run whole decisions
 * (java-jwt verification, the decision cache, rules, policy, the response's getters, the log line,
 * the revocation store) on tokens minted with a throwaway RSA key, allowed, rejected and revoked,
 * so the classes are loaded and initialised in the snapshot; then forget everything
 * request-specific. After a restore: keys older than the refetch window are refetched on next use,
 * the decision cache and the revocation cache start empty (a snapshot is shared by many
 * containers). SnapStartPrimingIT checks that the first requests after both hooks load no class;
 * docs/snapstart.md has the details.
 */
public final class SnapStartHooks implements Resource {
  static final String PRIMING_KID = "snapstart-priming";
  static final String PRIMING_ARN =
      "arn:aws:execute-api:us-east-1:000000000000:priming/priming/GET/priming";

  /** The subject of the priming tokens: not a UUID, so no Cognito user can have it. */
  static final String PRIMING_SUBJECT = "snapstart-priming";

  /**
   * Rounds of the rejected tokens, each a JWT decode: more than sun.reflect.inflationThreshold (15)
   * in all.
   */
  private static final int REFLECTION_INFLATION_ROUNDS = 16;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final AuthorizerWiring wiring;
  private final AuthorizerConfig config;
  private final Clock clock;
  private final DecisionLog log;

  public SnapStartHooks(
      AuthorizerWiring wiring, AuthorizerConfig config, Clock clock, DecisionLog log) {
    this.wiring = Objects.requireNonNull(wiring, "wiring");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    JwksKeySource keys = wiring.keys();
    if (keys != null) {
      try {
        keys.refresh();
      } catch (JwksUnavailableException e) {
        log.event(
            "snapstart_jwks_failed",
            e.getMessage()); // after restore the keys count as stale and are fetched
      }
    }
    // a failed priming costs restore latency, not correctness: log it, never fail the snapshot over
    // it
    String outcome;
    try {
      outcome = prime() ? "primed" : "priming_denied";
    } catch (GeneralSecurityException | RuntimeException e) {
      outcome = "priming_failed: " + e.getClass().getSimpleName();
    }
    if (wiring.cache() != null) {
      wiring.cache().clear();
    }
    if (wiring.revocation() != null) {
      // loads the DynamoDB client's classes and makes one Query into the snapshot
      wiring.revocation().prime();
      wiring.revocation().clear();
    }
    log.event("snapstart_checkpoint", outcome);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    JwksKeySource keys = wiring.keys();
    boolean stale = keys != null && keys.markStaleIfOlderThanWindow();
    if (wiring.cache() != null) {
      wiring.cache().clear();
    }
    if (wiring.revocation() != null) {
      wiring.revocation().clear(); // nothing read before the snapshot is believed after it
    }
    log.event("snapstart_restore", stale ? "jwks refetched on next use" : "jwks fresh");
  }

  /**
   * Runs the decision path on self-minted tokens through a separate authorizer (same classes, same
   * configuration, rules and revocation check, a key nobody else has, a log that discards), so
   * nothing of it remains in the real one but loaded classes and warm code: a token verified, then
   * served from the decision cache, and the rejections whose first occurrence would load classes of
   * their own (java-jwt dates its expiry messages with {@code DateTimeFormatter}). With revocation
   * on, a revoked token too, against markers held in memory: the store is only read, never written.
   *
   * @return true if every primed decision came out as it should
   */
  boolean prime() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    List<Jwk> jwks = List.of(Jwk.fromValues(jwk((RSAPublicKey) pair.getPublic())));
    JwksKeySource primingKeys =
        new JwksKeySource(new Fixed(jwks), clock, config.refetchInterval(), config.keyLifetime());
    primingKeys.refresh();
    RSAPrivateKey key = (RSAPrivateKey) pair.getPrivate();
    Authorizer primed = authorizer(primingKeys, wiring.revocation());
    Instant now = clock.instant();
    String token = "Bearer " + mint(key, now, now.plusSeconds(300), null);
    boolean asExpected = true;
    for (int i = 0; i < 3; i++) { // a verification, then answers from the decision cache
      asExpected &= touch(primed.authorize(token, PRIMING_ARN));
    }
    int at = token.length() - 10;
    String tampered =
        token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    String expired = "Bearer " + mint(key, now.minusSeconds(900), now.minusSeconds(600), null);
    String notYetValid = "Bearer " + mint(key, now, now.plusSeconds(900), now.plusSeconds(600));
    // past JDK 17's reflection inflation threshold (15 calls): the accessors Jackson's decoding
    // makes go into the snapshot
    for (int round = 0; round < REFLECTION_INFLATION_ROUNDS; round++) {
      for (String rejected : List.of(tampered, expired, notYetValid)) {
        asExpected &= rejects(primed, rejected);
      }
    }
    if (wiring.revocation() != null) {
      RevocationGuard signedOut =
          new RevocationGuard(
              signedOut(now), wiring.revocation().failureMode(), Duration.ZERO, clock);
      asExpected &= rejects(authorizer(primingKeys, signedOut), token);
    }
    return asExpected;
  }

  private Authorizer authorizer(JwksKeySource keys, RevocationGuard revocation) {
    return new Authorizer(
        new CognitoTokenVerifier(config.verifierConfig(), keys, clock),
        config.rules(),
        new DecisionLog(new Discard()),
        new DecisionCache(16, clock, keys),
        revocation);
  }

  private static boolean rejects(Authorizer authorizer, String authorization) {
    try {
      authorizer.authorize(authorization, PRIMING_ARN);
      return false;
    } catch (UnauthorizedException expected) {
      return true;
    }
  }

  /** A store that has the priming subject signed out, in every kind of marker a logout writes. */
  private InMemoryRevocationStore signedOut(Instant now) {
    long at = now.getEpochSecond();
    InMemoryRevocationStore store = new InMemoryRevocationStore(clock);
    store.put(Marker.user(PRIMING_SUBJECT, at, at + 600));
    store.put(new Marker(PRIMING_SUBJECT, Marker.Kind.FAMILY, "priming-family", at, at + 600));
    store.put(new Marker(PRIMING_SUBJECT, Marker.Kind.TOKEN, "priming-token", at, at + 600));
    return store;
  }

  /** Reads what the runtime's serializer reads; true if the first statement allows. */
  private static boolean touch(IamPolicyResponseV1 response) {
    Map<String, Object> document = response.getPolicyDocument();
    Object statements = document.get("Statement");
    Object first = statements instanceof Object[] array && array.length > 0 ? array[0] : null;
    return !response.getPrincipalId().isEmpty()
        && !response.getContext().isEmpty()
        && first instanceof Map<?, ?> statement
        && IamPolicyResponseV1.ALLOW.equals(statement.get("Effect"));
  }

  /**
   * A token of the configured kind for the first allowed client, signed by java-jwt with the
   * throwaway key. Its ids are fixed: nothing unique is made before the snapshot.
   */
  private String mint(RSAPrivateKey key, Instant issuedAt, Instant expiresAt, Instant notBefore) {
    TokenUse use = config.tokenUse();
    String client = config.allowedClientIds().iterator().next();
    com.auth0.jwt.JWTCreator.Builder jwt =
        JWT.create()
            .withKeyId(PRIMING_KID)
            .withSubject(PRIMING_SUBJECT)
            .withIssuer(config.issuer())
            .withClaim("token_use", use.claimValue())
            .withClaim("scope", "priming")
            .withClaim(use.usernameClaim(), "snapstart-priming")
            .withArrayClaim("cognito:groups", new String[0])
            .withClaim("auth_time", issuedAt.getEpochSecond())
            .withIssuedAt(issuedAt)
            .withExpiresAt(expiresAt)
            .withJWTId("priming-token")
            .withClaim("origin_jti", "priming-family");
    if (notBefore != null) {
      jwt = jwt.withNotBefore(notBefore);
    }
    jwt = use == TokenUse.ID ? jwt.withAudience(client) : jwt.withClaim("client_id", client);
    return jwt.sign(Algorithm.RSA256(null, key));
  }

  private static Map<String, Object> jwk(RSAPublicKey key) {
    Map<String, Object> jwk = new HashMap<>(8);
    jwk.put("kty", "RSA");
    jwk.put("kid", PRIMING_KID);
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", unsigned(key.getModulus()));
    jwk.put("e", unsigned(key.getPublicExponent()));
    return jwk;
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return BASE64URL.encodeToString(
        bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }

  private static final class Fixed implements JwksKeySource.Fetcher {
    private final List<Jwk> jwks;

    Fixed(List<Jwk> jwks) {
      this.jwks = jwks;
    }

    @Override
    public List<Jwk> fetchAll() {
      return jwks;
    }
  }

  private static final class Discard implements java.util.function.Consumer<String> {
    @Override
    public void accept(String line) {
      // the priming decisions are not decisions
    }
  }
}
