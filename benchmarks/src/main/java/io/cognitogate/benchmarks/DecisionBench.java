package io.cognitogate.benchmarks;

import com.auth0.jwk.Jwk;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import io.cognitogate.authorizer.Authorizer;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.event.AuthorizerResponse;
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
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
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
 * The authorizer's full decision (Bearer parse, decode, key lookup, RS256 verify, claims, rules,
 * policy, log line formatting) against raw JCA {@code SHA256withRSA} verify of the same tokens.
 * Both cycle through a pool of distinct Cognito-like access tokens. {@code authorizerDecision} sees
 * every token fresh (its decision cache is emptied each time the pool wraps around, so each call pays
 * the cache miss, the verification and the cache insert); {@code authorizerDecisionRepeat} presents
 * tokens already verified (answered from the decision cache). The two {@code cacheKey*} benchmarks
 * measure the cache key alone: 128-bit SipHash (what the cache uses) against SHA-256.
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
  static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  public String[] headers;
  byte[][] signingInputs;
  byte[][] signatures;
  RSAPublicKey publicKey;
  Signature reusedSignature;
  JWTVerifier javaJwtVerifier;
  Authorizer authorizer;
  DecisionCache cache;
  Authorizer repeatAuthorizer;
  MessageDigest sha256;
  CognitoTokenVerifier verifier;
  RouteRules rules;
  io.cognitogate.token.VerifiedToken sample;
  String lastLogLine;
  int next;

  @Setup
  public void setup() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    publicKey = (RSAPublicKey) pair.getPublic();
    Algorithm signer = Algorithm.RSA256(publicKey, (RSAPrivateKey) pair.getPrivate());

    headers = new String[POOL];
    signingInputs = new byte[POOL][];
    signatures = new byte[POOL][];
    long now = Instant.now().getEpochSecond();
    for (int i = 0; i < POOL; i++) {
      String sub = UUID.randomUUID().toString();
      String token = JWT.create().withKeyId(KID)
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
      headers[i] = "Bearer " + token;
      int lastDot = token.lastIndexOf('.');
      signingInputs[i] = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
      signatures[i] = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    }
    reusedSignature = Signature.getInstance("SHA256withRSA");
    javaJwtVerifier = JWT.require(Algorithm.RSA256(publicKey, null))
        .withIssuer(ISSUER).withClaim("token_use", "access").build();

    Jwk jwk = Jwk.fromValues(jwkValues(publicKey));
    JwksKeySource keys = new JwksKeySource(() -> List.of(jwk), Clock.systemUTC(), Duration.ofSeconds(10));
    keys.refresh();
    verifier = new CognitoTokenVerifier(
        new VerifierConfig(ISSUER, TokenUse.ACCESS, Set.of(CLIENT_ID), Duration.ofSeconds(5)), keys, Clock.systemUTC());
    // one rule the caller lacks, so the decision includes rule evaluation and a Deny statement
    rules = RouteRules.parse("DELETE /admin/*=group:admins");
    sample = verifier.verify(headers[0]);
    cache = new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, Clock.systemUTC(), keys);
    authorizer = new Authorizer(verifier, rules, new DecisionLog(line -> lastLogLine = line), cache, keys);
    repeatAuthorizer = new Authorizer(verifier, rules, new DecisionLog(line -> lastLogLine = line),
        new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, Clock.systemUTC(), keys), keys);
    sha256 = MessageDigest.getInstance("SHA-256");

    for (int i = 0; i < POOL; i++) {
      if (!rawJcaVerify() || !rawModPowVerify() || authorizerDecision().getPolicyDocument() == null
          || repeatAuthorizer.authorize(headers[i], METHOD_ARN).getPolicyDocument() == null) {
        throw new IllegalStateException("a pool token was not accepted");
      }
    }
    if (repeatAuthorizer.cache().size() != POOL) {
      throw new IllegalStateException("the repeat pool is not cached");
    }
    if (!lastLogLine.contains("\"allow\"")) {
      throw new IllegalStateException("unexpected decision: " + lastLogLine);
    }
    String tampered = headers[0].substring(0, 60) + (headers[0].charAt(60) == 'A' ? 'B' : 'A') + headers[0].substring(61);
    try {
      authorizer.authorize(tampered, METHOD_ARN);
      throw new IllegalStateException("tampered token accepted");
    } catch (RuntimeException expected) {
      if (!"Unauthorized".equals(expected.getMessage())) {
        throw expected;
      }
    }
  }

  static Map<String, Object> jwkValues(RSAPublicKey key) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("kty", "RSA");
    values.put("kid", KID);
    values.put("use", "sig");
    values.put("alg", "RS256");
    values.put("n", base64Url(key.getModulus()));
    values.put("e", base64Url(key.getPublicExponent()));
    return values;
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int offset = bytes[0] == 0 && bytes.length > 1 ? 1 : 0;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, offset, bytes.length));
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (POOL - 1);
    return i;
  }

  /** The reference: JCA SHA256withRSA over the token's signing input, Signature object reused. */
  @Benchmark
  public boolean rawJcaVerify() throws Exception {
    int i = nextIndex();
    reusedSignature.initVerify(publicKey);
    reusedSignature.update(signingInputs[i]);
    return reusedSignature.verify(signatures[i]);
  }

  /**
   * The arithmetic floor of an RS256 check, for context: SHA-256 of the signing input and s^e mod n
   * ({@code BigInteger.modPow}), the digest compared with the block's last 32 bytes. What JCA runs
   * under its provider layers, and what the authorizer's {@code Rs256} runs with a full block check.
   */
  @Benchmark
  public boolean rawModPowVerify() {
    int i = nextIndex();
    sha256.update(signingInputs[i]);
    byte[] digest = sha256.digest();
    byte[] block = new BigInteger(1, signatures[i]).modPow(publicKey.getPublicExponent(), publicKey.getModulus())
        .toByteArray();
    return java.util.Arrays.equals(block, block.length - digest.length, block.length, digest, 0, digest.length);
  }

  /** The authorizer's whole decision for a fresh token, as the handler runs it (cache miss + insert). */
  @Benchmark
  public AuthorizerResponse authorizerDecision() {
    int i = nextIndex();
    if (i == 0) {
      cache.clear(); // every pool token is new again: no call below is a cache hit
    }
    return authorizer.authorize(headers[i], METHOD_ARN);
  }

  /** The verifier alone (Bearer parse, decode, key lookup, RS256, claims): the decision minus cache, rules, policy, log. */
  @Benchmark
  public Object verifierOnly() {
    return verifier.verify(headers[nextIndex()]);
  }

  /** The same decision for a token presented again within its lifetime (a decision-cache hit). */
  @Benchmark
  public AuthorizerResponse authorizerDecisionRepeat() {
    return repeatAuthorizer.authorize(headers[nextIndex()], METHOD_ARN);
  }

  /** The cache key alone: keyed 128-bit SipHash of the header value. */
  @Benchmark
  public Object cacheKeySipHash() {
    return cache.key(headers[nextIndex()]);
  }

  /** The alternative key: SHA-256 of the header value. */
  @Benchmark
  public byte[] cacheKeySha256() {
    return sha256.digest(headers[nextIndex()].getBytes(StandardCharsets.ISO_8859_1));
  }

  /** For context: java-jwt's own prebuilt verifier (iss + token_use only, no policy). */
  @Benchmark
  public Object javaJwtPrebuiltVerify() {
    return javaJwtVerifier.verify(headers[nextIndex()].substring(7));
  }
}
