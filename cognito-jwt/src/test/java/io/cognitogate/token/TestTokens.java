package io.cognitogate.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints Cognito-like tokens signed with real RSA keys. Claims and header are plain maps so a test
 * can remove a claim or give it any type; {@link #sign} signs exactly those bytes.
 */
public final class TestTokens {
  public static final String POOL_ID = "us-east-1_TestPool1";
  public static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL_ID;
  public static final String CLIENT_ID = "3n4b5urk1ft4fl3mg5e62ndsnf";
  public static final String OTHER_CLIENT_ID = "7foreignclient00000000000a";
  public static final String SUB = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  public static final String USERNAME = "alice";

  /** The fixed "now" of the verifier's clock in tests. */
  public static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  public static final long NOW_S = NOW.getEpochSecond();

  private TestTokens() {}

  public static Map<String, Object> header(String kid) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kid", kid);
    header.put("alg", "RS256");
    return header;
  }

  /** An access token's claims as Cognito issues them, valid at {@link #NOW}. */
  public static Map<String, Object> accessClaims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", SUB);
    claims.put("cognito:groups", List.of("admins", "users"));
    claims.put("iss", ISSUER);
    claims.put("version", 2);
    claims.put("client_id", CLIENT_ID);
    claims.put("origin_jti", "6a1d4c0e-1111-2222-3333-444455556666");
    claims.put("event_id", "0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff");
    claims.put("token_use", "access");
    claims.put("scope", "openid profile admin/write");
    claims.put("auth_time", NOW_S - 60);
    claims.put("exp", NOW_S + 3600);
    claims.put("iat", NOW_S - 60);
    claims.put("jti", "9b8a7c6d-5e4f-3a2b-1c0d-aabbccddeeff");
    claims.put("username", USERNAME);
    return claims;
  }

  /** An id token's claims, valid at {@link #NOW}. */
  public static Map<String, Object> idClaims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", SUB);
    claims.put("cognito:groups", List.of("users"));
    claims.put("email_verified", true);
    claims.put("iss", ISSUER);
    claims.put("cognito:username", USERNAME);
    claims.put("origin_jti", "6a1d4c0e-1111-2222-3333-444455556666");
    claims.put("aud", CLIENT_ID);
    claims.put("event_id", "0f0e0d0c-aaaa-bbbb-cccc-ddddeeeeffff");
    claims.put("token_use", "id");
    claims.put("auth_time", NOW_S - 60);
    claims.put("exp", NOW_S + 3600);
    claims.put("iat", NOW_S - 60);
    claims.put("jti", "1b8a7c6d-5e4f-3a2b-1c0d-aabbccddeeff");
    claims.put("email", "alice@example.com");
    return claims;
  }

  /** {@code claims} with {@code name} set to {@code value}, or removed when value is null. */
  public static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(claims);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return copy;
  }

  public static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
    return b64(Json.write(header)) + "." + b64(Json.write(claims));
  }

  /** RS256 over exactly the serialized header and claims. */
  public static String sign(
      Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    return signRaw(Json.write(header), Json.write(claims), key);
  }

  /** RS256 over arbitrary header and payload text (not necessarily JSON). */
  public static String signRaw(String headerJson, String payloadText, PrivateKey key) {
    String input = b64(headerJson) + "." + b64(payloadText);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HS256 with an arbitrary secret (the classic attack uses the RSA public key's bytes). */
  public static String hs256(
      Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
    String input = signingInput(header, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
