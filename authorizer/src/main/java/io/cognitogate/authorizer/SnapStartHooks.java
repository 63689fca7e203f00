package io.cognitogate.authorizer;

import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.HttpJwksFetcher;
import io.cognitogate.token.JsonText;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenUse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.crac.Context;
import org.crac.Resource;

/**
 * Lambda SnapStart (CRaC) hooks. Before the snapshot: fetch the JWKS and run whole decisions (a
 * verification, the decision cache, rules, policy, the response's getters, the log line) on a token
 * minted with a throwaway RSA key, so the classes are loaded and initialised in the snapshot. After
 * a restore: keys older than the refetch window are refetched on next use, the decision cache is
 * emptied and its hash key drawn again (a snapshot is shared by many containers).
 */
public final class SnapStartHooks implements Resource {
  static final String PRIMING_KID = "snapstart-priming";
  static final String PRIMING_ARN = "arn:aws:execute-api:us-east-1:000000000000:priming/priming/GET/priming";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Authorizer authorizer;
  private final AuthorizerConfig config;
  private final Clock clock;
  private final DecisionLog log;

  public SnapStartHooks(Authorizer authorizer, AuthorizerConfig config, Clock clock, DecisionLog log) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    JwksKeySource keys = authorizer.keys();
    if (keys != null) {
      try {
        keys.refresh();
      } catch (JwksUnavailableException e) {
        log.event("snapstart_jwks_failed", e.getMessage()); // after restore the keys count as stale and are fetched
      }
    }
    // a failed priming costs restore latency, not correctness: log it, never fail the snapshot over it
    String outcome;
    try {
      outcome = prime() ? "primed" : "priming_denied";
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      outcome = "priming_failed: " + e.getClass().getSimpleName();
    }
    if (authorizer.cache() != null) {
      authorizer.cache().clear();
    }
    if (authorizer.revocation() != null) {
      // loads the DynamoDB client's classes and makes one Query (about 1 s in a fresh JVM) into the snapshot
      authorizer.revocation().prime();
      authorizer.revocation().clear();
    }
    log.event("snapstart_checkpoint", outcome);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    JwksKeySource keys = authorizer.keys();
    boolean stale = keys != null && keys.markStaleIfOlderThanWindow();
    if (authorizer.cache() != null) {
      authorizer.cache().reseed();
    }
    if (authorizer.revocation() != null) {
      authorizer.revocation().clear(); // nothing read before the snapshot is believed after it
    }
    log.event("snapstart_restore", stale ? "jwks refetched on next use" : "jwks fresh");
  }

  /**
   * Runs the decision path on a self-minted token through a separate authorizer (same classes, same
   * configuration and rules, a key nobody else has, a log that discards), so nothing of it remains in
   * the real one.
   *
   * @return true if the primed decisions allowed, as they should
   */
  boolean prime() throws GeneralSecurityException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    byte[] jwks = jwks((RSAPublicKey) pair.getPublic());
    JwksKeySource primingKeys = new JwksKeySource(() -> HttpJwksFetcher.parse(jwks), clock, config.refetchInterval());
    primingKeys.refresh();
    Authorizer primed = new Authorizer(new CognitoTokenVerifier(config.verifierConfig(), primingKeys, clock),
        config.rules(), new DecisionLog(line -> { }), new DecisionCache(16, clock, primingKeys), primingKeys);
    String token = "Bearer " + sign(pair, claims());
    boolean allowed = true;
    for (int i = 0; i < 3; i++) { // a verification, then answers from the decision cache
      allowed &= touch(primed.authorize(token, PRIMING_ARN));
    }
    try {
      int at = token.length() - 10;
      primed.authorize(token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1), PRIMING_ARN);
      allowed = false;
    } catch (UnauthorizedException expected) {
      // the rejection path is loaded too
    }
    return allowed;
  }

  /** What the runtime's serializer reads. */
  private static boolean touch(AuthorizerResponse response) {
    int size = response.getPrincipalId().length() + response.getContext().size();
    for (Map.Entry<String, Object> statement : response.getPolicyDocument().entrySet()) {
      size += statement.getKey().length() + String.valueOf(statement.getValue()).length();
    }
    return size > 0 && String.valueOf(response.getPolicyDocument().get("Statement")).contains("Allow");
  }

  private byte[] claims() throws IOException {
    long now = clock.millis() / 1000;
    TokenUse use = config.tokenUse();
    String client = config.allowedClientIds().iterator().next();
    // written by hand: cognito-jwt no longer brings a JSON library, and these values are ours
    StringBuilder json = new StringBuilder(512).append('{');
    string(json, "sub", UUID.randomUUID().toString()).append(",\"cognito:groups\":[],");
    string(json, "iss", config.issuer()).append(',');
    string(json, use.clientClaim(), client).append(',');
    string(json, "token_use", use.claimValue()).append(',');
    string(json, "scope", "priming").append(',');
    json.append("\"auth_time\":").append(now).append(",\"iat\":").append(now).append(",\"exp\":").append(now + 300)
        .append(',');
    string(json, "jti", UUID.randomUUID().toString()).append(',');
    string(json, use.usernameClaim(), "snapstart-priming");
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code "name":"value"} with the value JSON-escaped. */
  private static StringBuilder string(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    return JsonText.quote(json, value);
  }

  private static String sign(KeyPair pair, byte[] claims) throws GeneralSecurityException {
    String header = "{\"kid\":\"" + PRIMING_KID + "\",\"alg\":\"RS256\"}";
    String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.US_ASCII)) + "."
        + BASE64URL.encodeToString(claims);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
  }

  private static byte[] jwks(RSAPublicKey key) throws IOException {
    String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + PRIMING_KID + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
        + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
    return jwks.getBytes(StandardCharsets.US_ASCII);
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return BASE64URL.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }
}
