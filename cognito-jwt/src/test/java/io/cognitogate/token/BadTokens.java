package io.cognitogate.token;

import static io.cognitogate.token.TestTokens.NOW_S;
import static io.cognitogate.token.TestTokens.accessClaims;
import static io.cognitogate.token.TestTokens.b64;
import static io.cognitogate.token.TestTokens.header;
import static io.cognitogate.token.TestTokens.idClaims;
import static io.cognitogate.token.TestTokens.sign;
import static io.cognitogate.token.TestTokens.with;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of bad Authorization header values (known JWT attacks and malformations), each with
 * the reason the verifier must give, plus header values that must be accepted. Keys are generated
 * per instance. The pool's JWKS ({@link #jwks()}) holds {@link #KID} plus keys that must never be
 * used: {@code enc-key} (use enc), {@code ec-key} (kty EC) and {@code rs512-key} (alg RS512).
 */
public final class BadTokens {
  public static final String KID = "key-1";

  /** A case of the table; {@code header} is the whole Authorization header value. */
  public record Case(String name, String header, Reason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  public final KeyPair signing = TestKeys.rsa2048();
  public final KeyPair attacker = TestKeys.rsa2048();
  public final KeyPair encryption = TestKeys.rsa2048();

  public List<Map<String, Object>> jwks() {
    Map<String, Object> ec = new LinkedHashMap<>();
    ec.put("kty", "EC");
    ec.put("kid", "ec-key");
    ec.put("use", "sig");
    ec.put("crv", "P-256");
    ec.put("x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
    ec.put("y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    return List.of(
        TestKeys.jwk(KID, signing),
        TestKeys.jwk("enc-key", encryption, Map.of("use", "enc")),
        ec,
        TestKeys.jwk("rs512-key", encryption, Map.of("alg", "RS512")));
  }

  public String jwksJson() {
    return Json.write(Map.of("keys", jwks()));
  }

  public String valid() {
    return sign(header(KID), accessClaims(), signing.getPrivate());
  }

  public String validId() {
    return sign(header(KID), idClaims(), signing.getPrivate());
  }

  private String signed(Map<String, Object> claims) {
    return sign(header(KID), claims, signing.getPrivate());
  }

  private String signedRaw(String payloadText) {
    return TestTokens.signRaw(Json.write(header(KID)), payloadText, signing.getPrivate());
  }

  private String signedRaw(byte[] payload) {
    return signedInput(b64(Json.write(header(KID))) + "." + b64(payload));
  }

  /**
   * RS256 by the pool's key over {@code input} exactly as given (which may be no valid base64url).
   */
  private String signedInput(String input) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(signing.getPrivate());
      rsa.update(input.getBytes(StandardCharsets.ISO_8859_1));
      return input + "." + b64(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Padded base64url of JSON text that a decoder takes: spaces appended so that the encoding ends
   * in "==".
   */
  private static String paddedBase64(String json) {
    StringBuilder text = new StringBuilder(json);
    while (text.length() % 3 != 1) {
      text.append(' ');
    }
    String encoded =
        java.util.Base64.getUrlEncoder()
            .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    if (!encoded.endsWith("==")) {
      throw new IllegalStateException("no padding");
    }
    return encoded;
  }

  private static String replaceMiddle(String segment, char c) {
    int middle = segment.length() / 2;
    return segment.substring(0, middle) + c + segment.substring(middle + 1);
  }

  private String signedHeader(Map<String, Object> header) {
    return sign(header, accessClaims(), signing.getPrivate());
  }

  private static Map<String, Object> headerWith(String name, Object value) {
    return with(header(KID), name, value);
  }

  /** Header values that must verify (scheme variants, both sides of the leeway boundary). */
  public List<Case> accepted() {
    String token = valid();
    List<Case> ok = new ArrayList<>();
    ok.add(new Case("Bearer token", "Bearer " + token, null));
    ok.add(new Case("lower-case scheme", "bearer " + token, null));
    ok.add(new Case("upper-case scheme", "BEARER " + token, null));
    ok.add(new Case("bare token", token, null));
    ok.add(new Case("extra spaces around", "  Bearer   " + token + "  ", null));
    ok.add(
        new Case(
            "exp 1 s inside the leeway",
            "Bearer " + signed(with(accessClaims(), "exp", NOW_S - 4)),
            null));
    ok.add(
        new Case(
            "nbf exactly at the leeway",
            "Bearer " + signed(with(accessClaims(), "nbf", NOW_S + 5)),
            null));
    ok.add(
        new Case(
            "iat exactly at the leeway",
            "Bearer " + signed(with(accessClaims(), "iat", NOW_S + 5)),
            null));
    ok.add(
        new Case(
            "no jti, origin_jti or auth_time",
            "Bearer "
                + signed(
                    with(
                        with(with(accessClaims(), "jti", null), "origin_jti", null),
                        "auth_time",
                        null)),
            null));
    ok.add(
        new Case(
            "no groups, no scope",
            "Bearer " + signed(with(with(accessClaims(), "cognito:groups", null), "scope", null)),
            null));
    ok.add(
        new Case(
            "exp as a float",
            "Bearer " + signed(with(accessClaims(), "exp", (double) (NOW_S + 60))),
            null));
    return ok;
  }

  public List<Case> rejected() {
    String token = valid();
    String[] parts = token.split("\\.");
    String other = signed(with(accessClaims(), "jti", "another-token"));
    List<Case> bad = new ArrayList<>();
    bad.add(new Case("missing header", null, Reason.MISSING_TOKEN));
    bad.add(new Case("empty header", "", Reason.MISSING_TOKEN));
    bad.add(new Case("blank header", "   ", Reason.MISSING_TOKEN));
    bad.add(new Case("Bearer alone", "Bearer", Reason.MISSING_TOKEN));
    bad.add(new Case("Bearer and a space", "Bearer ", Reason.MISSING_TOKEN));
    bad.add(
        new Case("Basic credentials", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", Reason.UNSUPPORTED_SCHEME));
    bad.add(
        new Case("other scheme with a valid token", "Token " + token, Reason.UNSUPPORTED_SCHEME));
    bad.add(
        new Case("two segments", "Bearer " + parts[0] + "." + parts[1], Reason.MALFORMED_TOKEN));
    bad.add(new Case("one segment", "Bearer " + parts[1], Reason.MALFORMED_TOKEN));
    bad.add(new Case("four segments", "Bearer " + token + "." + parts[2], Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "five-part JWE (a Cognito refresh token)",
            "Bearer "
                + b64("{\"cty\":\"JWT\",\"enc\":\"A256GCM\",\"alg\":\"RSA-OAEP\"}")
                + "."
                + parts[2].substring(0, 40)
                + ".d2hhdGV2ZXI."
                + parts[1].substring(0, 60)
                + "."
                + "c29tZXRhZw",
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "empty header segment",
            "Bearer ." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "standard base64 alphabet",
            "Bearer " + parts[0] + "+/." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "base64 padding",
            "Bearer " + parts[0] + "==." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "impossible base64url length (4n+1)",
            "Bearer "
                + parts[0]
                + "."
                + parts[1]
                + "."
                + parts[2]
                + "AAAA".substring(0, (5 - parts[2].length() % 4) % 4),
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "header not JSON",
            "Bearer " + b64("not json at all") + "." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "header a JSON array",
            "Bearer " + b64("[\"RS256\"]") + "." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "payload not JSON, signature of another payload",
            "Bearer " + parts[0] + "." + b64("{\"sub\":") + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "payload not JSON, signed",
            "Bearer " + signedRaw("{\"sub\":"),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "payload a JSON string, signed",
            "Bearer " + signedRaw("\"hello\""),
            Reason.MALFORMED_TOKEN));
    // java-jwt decodes with replacement characters: the claims it then finds fail the checks
    bad.add(
        new Case(
            "payload not UTF-8, signed",
            "Bearer "
                + signedRaw("{\"sub\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1)),
            Reason.WRONG_ISSUER));
    bad.add(
        new Case(
            "payload nested 1500 deep, signed",
            "Bearer "
                + signedRaw(
                    Json.write(accessClaims())
                        .replace(
                            "\"version\":2", "\"version\":" + "[".repeat(1500) + "]".repeat(1500))),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "crit header, signed",
            "Bearer " + signedHeader(headerWith("crit", List.of("exp"))),
            Reason.UNSUPPORTED_CRITICAL_HEADER));
    bad.add(
        new Case(
            "alg none, empty signature",
            "Bearer " + b64(Json.write(headerWith("alg", "none"))) + "." + parts[1] + ".",
            Reason.UNSUPPORTED_ALGORITHM));
    bad.add(
        new Case(
            "alg None",
            "Bearer " + b64(Json.write(headerWith("alg", "None"))) + "." + parts[1] + ".",
            Reason.UNSUPPORTED_ALGORITHM));
    bad.add(
        new Case(
            "alg missing",
            "Bearer " + signedHeader(headerWith("alg", null)),
            Reason.UNSUPPORTED_ALGORITHM));
    bad.add(
        new Case(
            "HS256 keyed with the RSA public key",
            "Bearer "
                + TestTokens.hs256(
                    headerWith("alg", "HS256"), accessClaims(), signing.getPublic().getEncoded()),
            Reason.UNSUPPORTED_ALGORITHM));
    bad.add(
        new Case(
            "RS512 signed by the pool key",
            "Bearer " + rs512(headerWith("alg", "RS512")),
            Reason.UNSUPPORTED_ALGORITHM));
    bad.add(
        new Case(
            "kid of a JWK whose alg is RS512",
            "Bearer " + signedHeader(headerWith("kid", "rs512-key")),
            Reason.UNKNOWN_KID));
    bad.add(
        new Case(
            "kid missing", "Bearer " + signedHeader(headerWith("kid", null)), Reason.MISSING_KID));
    bad.add(
        new Case("kid empty", "Bearer " + signedHeader(headerWith("kid", "")), Reason.MISSING_KID));
    bad.add(
        new Case(
            "kid unknown",
            "Bearer " + signedHeader(headerWith("kid", "no-such-key")),
            Reason.UNKNOWN_KID));
    bad.add(
        new Case(
            "kid of a use=enc JWK",
            "Bearer " + sign(headerWith("kid", "enc-key"), accessClaims(), encryption.getPrivate()),
            Reason.UNKNOWN_KID));
    bad.add(
        new Case(
            "kid of a kty=EC JWK",
            "Bearer " + signedHeader(headerWith("kid", "ec-key")),
            Reason.UNKNOWN_KID));
    bad.add(
        new Case(
            "tampered payload (groups added)",
            "Bearer "
                + parts[0]
                + "."
                + b64(Json.write(with(accessClaims(), "cognito:groups", List.of("superusers"))))
                + "."
                + parts[2],
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "signature of another token",
            "Bearer " + parts[0] + "." + parts[1] + "." + other.split("\\.")[2],
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "signed by a foreign key with our kid",
            "Bearer " + sign(header(KID), accessClaims(), attacker.getPrivate()),
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "RS256 with empty signature",
            "Bearer " + parts[0] + "." + parts[1] + ".",
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "another pool (wrong iss)",
            "Bearer "
                + signed(
                    with(
                        accessClaims(),
                        "iss",
                        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool")),
            Reason.WRONG_ISSUER));
    bad.add(
        new Case(
            "iss with a trailing slash",
            "Bearer " + signed(with(accessClaims(), "iss", TestTokens.ISSUER + "/")),
            Reason.WRONG_ISSUER));
    bad.add(
        new Case(
            "iss missing",
            "Bearer " + signed(with(accessClaims(), "iss", null)),
            Reason.WRONG_ISSUER));
    bad.add(
        new Case(
            "iss a number",
            "Bearer " + signed(with(accessClaims(), "iss", 42)),
            Reason.WRONG_ISSUER));
    bad.add(
        new Case(
            "exp missing",
            "Bearer " + signed(with(accessClaims(), "exp", null)),
            Reason.MISSING_EXPIRY));
    bad.add(
        new Case(
            "exp an hour ago",
            "Bearer " + signed(with(accessClaims(), "exp", NOW_S - 3600)),
            Reason.EXPIRED));
    bad.add(
        new Case(
            "exp exactly at the leeway",
            "Bearer " + signed(with(accessClaims(), "exp", NOW_S - 5)),
            Reason.EXPIRED));
    bad.add(
        new Case(
            "exp a string",
            "Bearer " + signed(with(accessClaims(), "exp", String.valueOf(NOW_S + 3600))),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "exp a boolean",
            "Bearer " + signed(with(accessClaims(), "exp", true)),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "exp null",
            "Bearer " + signed(with(accessClaims(), "exp", new Json.RawJson("null"))),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "exp 1e400",
            "Bearer " + signed(with(accessClaims(), "exp", new Json.RawJson("1e400"))),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "nbf 1 s beyond the leeway",
            "Bearer " + signed(with(accessClaims(), "nbf", NOW_S + 6)),
            Reason.NOT_YET_VALID));
    bad.add(
        new Case(
            "nbf a string",
            "Bearer " + signed(with(accessClaims(), "nbf", "yesterday")),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "iat 1 s beyond the leeway",
            "Bearer " + signed(with(accessClaims(), "iat", NOW_S + 6)),
            Reason.ISSUED_IN_FUTURE));
    bad.add(
        new Case(
            "iat an object",
            "Bearer " + signed(with(accessClaims(), "iat", Map.of("t", 1))),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "id token where access is required", "Bearer " + validId(), Reason.WRONG_TOKEN_USE));
    bad.add(
        new Case(
            "token_use missing",
            "Bearer " + signed(with(accessClaims(), "token_use", null)),
            Reason.MISSING_TOKEN_USE));
    bad.add(
        new Case(
            "token_use refresh",
            "Bearer " + signed(with(accessClaims(), "token_use", "refresh")),
            Reason.WRONG_TOKEN_USE));
    bad.add(
        new Case(
            "token_use a number",
            "Bearer " + signed(with(accessClaims(), "token_use", 1)),
            Reason.WRONG_TOKEN_USE));
    bad.add(
        new Case(
            "foreign client_id",
            "Bearer " + signed(with(accessClaims(), "client_id", TestTokens.OTHER_CLIENT_ID)),
            Reason.CLIENT_NOT_ALLOWED));
    bad.add(
        new Case(
            "client_id missing",
            "Bearer " + signed(with(accessClaims(), "client_id", null)),
            Reason.CLIENT_NOT_ALLOWED));
    bad.add(
        new Case(
            "client only in aud of an access token",
            "Bearer "
                + signed(
                    with(with(accessClaims(), "client_id", null), "aud", TestTokens.CLIENT_ID)),
            Reason.CLIENT_NOT_ALLOWED));
    bad.add(
        new Case(
            "sub missing",
            "Bearer " + signed(with(accessClaims(), "sub", null)),
            Reason.MISSING_SUBJECT));
    bad.add(
        new Case(
            "sub empty",
            "Bearer " + signed(with(accessClaims(), "sub", "")),
            Reason.MISSING_SUBJECT));
    bad.add(
        new Case(
            "sub a number",
            "Bearer " + signed(with(accessClaims(), "sub", 7)),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "groups a string",
            "Bearer " + signed(with(accessClaims(), "cognito:groups", "admins")),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "groups with a number",
            "Bearer " + signed(with(accessClaims(), "cognito:groups", List.of("a", 1))),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "scope an array",
            "Bearer " + signed(with(accessClaims(), "scope", List.of("openid"))),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "jti a number",
            "Bearer " + signed(with(accessClaims(), "jti", 42)),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "origin_jti an object",
            "Bearer " + signed(with(accessClaims(), "origin_jti", Map.of("a", "b"))),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "auth_time a string",
            "Bearer " + signed(with(accessClaims(), "auth_time", "yesterday")),
            Reason.INVALID_CLAIM_TYPE));
    bad.add(
        new Case(
            "token over 8 KB",
            "Bearer " + signed(with(accessClaims(), "padding", "x".repeat(6200))),
            Reason.TOKEN_TOO_LARGE));
    bad.add(
        new Case(
            "NUL inside the token",
            "Bearer " + parts[0] + "\u0000." + parts[1] + "." + parts[2],
            Reason.ILLEGAL_CHARACTERS));
    bad.add(
        new Case(
            "newline inside the token",
            "Bearer " + parts[0] + "." + parts[1] + "\n." + parts[2],
            Reason.ILLEGAL_CHARACTERS));
    bad.add(new Case("tab as separator", "Bearer\t" + token, Reason.ILLEGAL_CHARACTERS));
    bad.add(
        new Case(
            "non-ASCII in the token",
            "Bearer " + parts[0] + "\u00e9." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    // the alphabet is checked by the decoders, not up front: each segment's bad character, also
    // where the
    // RSA check holds (a signing input signed as it is) or comes later, must still give the shape's
    // reason
    bad.add(
        new Case(
            "'+' in the payload, the signature over it valid",
            "Bearer " + signedInput(parts[0] + "." + replaceMiddle(parts[1], '+')),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "control character in the payload, the signature over it valid",
            "Bearer " + signedInput(parts[0] + "." + replaceMiddle(parts[1], '\u0001')),
            Reason.ILLEGAL_CHARACTERS));
    bad.add(
        new Case(
            "'*' in the signature",
            "Bearer " + parts[0] + "." + parts[1] + "." + replaceMiddle(parts[2], '*'),
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "DEL in the signature",
            "Bearer " + parts[0] + "." + parts[1] + "." + replaceMiddle(parts[2], '\u007f'),
            Reason.ILLEGAL_CHARACTERS));
    bad.add(
        new Case(
            "padding inside the signature",
            "Bearer " + parts[0] + "." + parts[1] + "." + replaceMiddle(parts[2], '='),
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "padding inside the payload, the signature over it valid",
            "Bearer " + signedInput(parts[0] + "." + replaceMiddle(parts[1], '=')),
            Reason.MALFORMED_TOKEN));
    bad.add(
        new Case(
            "padding ending the signature",
            "Bearer " + parts[0] + "." + parts[1] + "." + parts[2] + "=",
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "char above U+00FF in the signature",
            "Bearer " + parts[0] + "." + parts[1] + "." + replaceMiddle(parts[2], '\u20ac'),
            Reason.BAD_SIGNATURE));
    bad.add(
        new Case(
            "'~' in the header",
            "Bearer " + replaceMiddle(parts[0], '~') + "." + parts[1] + "." + parts[2],
            Reason.MALFORMED_TOKEN));
    return bad;
  }

  /**
   * Values java-jwt accepts although they are not how Cognito writes a token: the same signed bytes
   * in another base64url spelling, or JSON oddities inside a payload only the pool's key can sign.
   * Pinned by {@code JavaJwtBehaviourTest}, so an upgrade that changes them is noticed.
   */
  public List<Case> lenient() {
    String token = valid();
    String[] parts = token.split("\\.");
    List<Case> bad = new ArrayList<>();
    bad.add(
        new Case(
            "non-canonical last signature char",
            "Bearer "
                + parts[0]
                + "."
                + parts[1]
                + "."
                + parts[2].substring(0, parts[2].length() - 1)
                + nonCanonical(parts[2]),
            null));
    bad.add(
        new Case(
            "duplicate exp claim, signed",
            "Bearer "
                + signedRaw(
                    Json.write(accessClaims())
                        .replace("\"exp\":", "\"exp\":" + (NOW_S + 99999) + ",\"exp\":")),
            null));
    bad.add(
        new Case(
            "data after the payload object, signed",
            "Bearer " + signedRaw(Json.write(accessClaims()) + "{}"),
            null));
    bad.add(
        new Case(
            "kid twice in the header, signed",
            "Bearer "
                + TestTokens.signRaw(
                    "{\"kid\":\"x\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\"}",
                    Json.write(accessClaims()),
                    signing.getPrivate()),
            null));
    bad.add(
        new Case(
            "duplicate origin_jti claim, signed",
            "Bearer "
                + signedRaw(
                    Json.write(accessClaims())
                        .replace("\"origin_jti\":", "\"origin_jti\":\"other\",\"origin_jti\":")),
            null));
    bad.add(
        new Case(
            "padding ending the payload, the signature over it valid",
            "Bearer " + signedInput(parts[0] + "." + paddedBase64(Json.write(accessClaims()))),
            null));
    return bad;
  }

  private String rs512(Map<String, Object> header) {
    String input = TestTokens.signingInput(header, accessClaims());
    try {
      Signature rsa = Signature.getInstance("SHA512withRSA");
      rsa.initSign(signing.getPrivate());
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The last char of {@code segment} with one of its unused low bits set (same bytes, other text).
   */
  private static char nonCanonical(String segment) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int value = alphabet.indexOf(segment.charAt(segment.length() - 1));
    return alphabet.charAt(value | 1);
  }
}
