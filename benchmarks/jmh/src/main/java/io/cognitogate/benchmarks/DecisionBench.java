package io.cognitogate.benchmarks;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwk.Jwk;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import io.cognitogate.authorizer.Authorizer;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorizer's full decision (Bearer parse, java-jwt decode, key lookup, RS256 through JCA,
 * claims, rules, policy, log line) against raw JCA {@code SHA256withRSA} verify of the same tokens,
 * cycling through a pool of distinct Cognito-like access tokens.
 *
 * <ul>
 *   <li>{@code rawJcaVerify}: the reference, a reused {@link Signature} over the signing input;
 *   <li>{@code javaJwtVerify}: java-jwt's prebuilt verifier alone (decode, algorithm, signature,
 *       claims);
 *   <li>{@code authorizerDecision}: every token fresh (the decision cache is emptied when the pool
 *       wraps, so each call pays the miss, the verification and the insert);
 *   <li>{@code authorizerDecisionRepeat}: tokens already verified, answered from the decision
 *       cache.
 * </ul>
 *
 * Both decisions get a new String for the header on every call, as the Lambda runtime deserializes
 * one per invocation: its hash is computed again, and the copy itself is counted against the
 * authorizer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class DecisionBench {
  public static final int POOL = 1024;
  static final String POOL_ID = "us-east-1_AbCdEfGhI";
  static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL_ID;
  static final String CLIENT_ID = "4k2j3h4g5f6d7s8a9q0w1e2r3t";
  static final String KID = "bench-key-1";
  static final String METHOD_ARN =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  byte[][] headerBytes;
  byte[][] signingInputs;
  byte[][] signatures;
  String[] jwts;
  Signature reusedSignature;
  JWTVerifier javaJwtVerifier;
  Authorizer authorizer;
  DecisionCache cache;
  Authorizer repeatAuthorizer;
  String lastLogLine;
  int next;

  @Setup
  public void setup() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
    Algorithm signer = Algorithm.RSA256(publicKey, (RSAPrivateKey) pair.getPrivate());

    headerBytes = new byte[POOL][];
    signingInputs = new byte[POOL][];
    signatures = new byte[POOL][];
    jwts = new String[POOL];
    long now = Instant.now().getEpochSecond();
    for (int i = 0; i < POOL; i++) {
      String sub = UUID.randomUUID().toString();
      String token =
          JWT.create()
              .withKeyId(KID)
              .withSubject(sub)
              .withArrayClaim("cognito:groups", new String[] {"users"})
              .withIssuer(ISSUER)
              .withClaim("version", 2)
              .withClaim("client_id", CLIENT_ID)
              .withClaim("origin_jti", UUID.randomUUID().toString())
              .withClaim("event_id", UUID.randomUUID().toString())
              .withClaim("token_use", "access")
              .withClaim("scope", "openid profile email")
              .withClaim("auth_time", now)
              .withExpiresAt(Instant.ofEpochSecond(now + 3600))
              .withIssuedAt(Instant.ofEpochSecond(now))
              .withJWTId(UUID.randomUUID().toString())
              .withClaim("username", sub)
              .sign(signer);
      jwts[i] = token;
      headerBytes[i] = ("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1);
      int lastDot = token.lastIndexOf('.');
      signingInputs[i] = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
      signatures[i] = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    }
    reusedSignature = Signature.getInstance("SHA256withRSA");
    reusedSignature.initVerify(publicKey);
    javaJwtVerifier =
        JWT.require(Algorithm.RSA256(publicKey, null))
            .withIssuer(ISSUER)
            .withClaimPresence("exp")
            .withClaim("token_use", "access")
            .build();

    Jwk jwk = Jwk.fromValues(jwkValues(publicKey));
    JwksKeySource keys =
        new JwksKeySource(
            () -> List.of(jwk), Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofDays(1));
    keys.refresh();
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(ISSUER, TokenUse.ACCESS, Set.of(CLIENT_ID), Duration.ofSeconds(5)),
            keys,
            Clock.systemUTC());
    RouteRules rules = RouteRules.parse("DELETE /admin/*=group:admins");
    cache = new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, Clock.systemUTC(), keys);
    authorizer =
        new Authorizer(verifier, rules, new DecisionLog(line -> lastLogLine = line), cache, null);
    DecisionCache repeatCache =
        new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, Clock.systemUTC(), keys);
    repeatAuthorizer =
        new Authorizer(
            verifier, rules, new DecisionLog(line -> lastLogLine = line), repeatCache, null);

    for (int i = 0; i < POOL; i++) {
      boolean accepted = true;
      next = i;
      accepted &= rawJcaVerify();
      next = i;
      accepted &= javaJwtVerify() != null;
      next = i;
      accepted &= authorizerDecision().getPolicyDocument() != null;
      next = i;
      accepted &= authorizerDecisionRepeat().getPolicyDocument() != null;
      if (!accepted) {
        throw new IllegalStateException("a pool token was not accepted");
      }
    }
    if (repeatCache.size() != POOL || !lastLogLine.contains("\"allow\"")) {
      throw new IllegalStateException("the repeat pool is not cached: " + lastLogLine);
    }
    next = 0;
  }

  static Map<String, Object> jwkValues(RSAPublicKey key) {
    Map<String, Object> values = new HashMap<>();
    values.put("kty", "RSA");
    values.put("kid", KID);
    values.put("use", "sig");
    values.put("alg", "RS256");
    values.put("n", unsigned(key.getModulus()));
    values.put("e", unsigned(key.getPublicExponent()));
    return values;
  }

  static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }

  private int advance() {
    int i = next;
    next = (i + 1) % POOL;
    return i;
  }

  @Benchmark
  public boolean rawJcaVerify() throws Exception {
    int i = advance();
    reusedSignature.update(signingInputs[i]);
    return reusedSignature.verify(signatures[i]);
  }

  @Benchmark
  public Object javaJwtVerify() {
    return javaJwtVerifier.verify(jwts[advance()]);
  }

  @Benchmark
  public IamPolicyResponseV1 authorizerDecision() {
    int i = advance();
    if (i == 0) {
      cache.clear();
    }
    return authorizer.authorize(
        new String(headerBytes[i], StandardCharsets.ISO_8859_1), METHOD_ARN);
  }

  @Benchmark
  public IamPolicyResponseV1 authorizerDecisionRepeat() {
    return repeatAuthorizer.authorize(
        new String(headerBytes[advance()], StandardCharsets.ISO_8859_1), METHOD_ARN);
  }
}
