package io.cognitogate.token;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real RSA keys generated at test time (never checked in), with their JWK form. */
public final class TestKeys {
  private TestKeys() {}

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsa2048() {
    return rsa(2048);
  }

  /**
   * The public JWK of {@code pair}: kty RSA, use sig, alg RS256, unless overridden via {@code
   * extra}.
   */
  public static Map<String, Object> jwk(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("alg", "RS256");
    jwk.put("e", base64Url(key.getPublicExponent()));
    jwk.put("kid", kid);
    jwk.put("kty", "RSA");
    jwk.put("n", base64Url(key.getModulus()));
    jwk.put("use", "sig");
    return jwk;
  }

  public static Map<String, Object> jwk(String kid, KeyPair pair, Map<String, Object> overrides) {
    Map<String, Object> jwk = jwk(kid, pair);
    overrides.forEach(
        (name, value) -> {
          if (value == null) {
            jwk.remove(name);
          } else {
            jwk.put(name, value);
          }
        });
    return jwk;
  }

  public static String jwksJson(Map<?, ?>... keys) {
    return Json.write(Map.of("keys", Arrays.asList((Object[]) keys)));
  }

  static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int offset = bytes[0] == 0 && bytes.length > 1 ? 1 : 0;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Arrays.copyOfRange(bytes, offset, bytes.length));
  }
}
