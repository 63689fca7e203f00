package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a JWKS document with {@link JsonScanner} (no Jackson, no tree). */
final class JwksJson {
  private JwksJson() {
  }

  /**
   * {@code {"keys":[{...},...]}} to JWKs. A key object that is not a JWK (no {@code kty}, a repeated
   * member we read, a member of the wrong type) is skipped, so one broken entry cannot take down the
   * set; {@link JwksKeySource} then keeps only usable RS256 keys. Anything that is not such a document
   * at all is an {@link IOException} (its message gives an offset at most, never the body).
   */
  static List<Jwk> parse(byte[] json) throws IOException {
    List<Jwk> keys = null;
    JsonScanner p = new JsonScanner(json);
    if (p.next() != JsonScanner.START_OBJECT) {
      throw new IOException("JWKS is not a JSON object");
    }
    int token;
    while ((token = p.next()) == JsonScanner.NAME) {
      String name = p.text();
      int value = p.next();
      if ("keys".equals(name)) {
        if (keys != null || value != JsonScanner.START_ARRAY) {
          throw new IOException("JWKS 'keys' is repeated or not an array");
        }
        keys = new ArrayList<>(4);
        while ((value = p.next()) != JsonScanner.END_ARRAY) {
          if (value == JsonScanner.START_OBJECT) {
            Jwk jwk = key(p);
            if (jwk != null) {
              keys.add(jwk);
            }
          } else {
            p.skipChildren(value);
          }
        }
      } else {
        p.skipChildren(value);
      }
    }
    if (token != JsonScanner.END_OBJECT || p.next() != JsonScanner.END) {
      throw new IOException("JWKS has trailing data");
    }
    if (keys == null) {
      throw new IOException("JWKS has no 'keys'");
    }
    return keys;
  }

  /** The members of one key object we use; the scanner stands on its START_OBJECT and ends on its END_OBJECT. */
  private static Jwk key(JsonScanner p) throws IOException {
    Map<String, Object> values = new HashMap<>(8);
    boolean broken = false;
    int token;
    while ((token = p.next()) == JsonScanner.NAME) {
      String name = p.text();
      int value = p.next();
      switch (name) {
        case "kty", "kid", "use", "alg", "n", "e" -> {
          if (value != JsonScanner.STRING || values.put(name, p.text()) != null) {
            broken = true;
            p.skipChildren(value);
          }
        }
        default -> p.skipChildren(value);
      }
    }
    if (token != JsonScanner.END_OBJECT) {
      throw new IOException("JWKS key is not an object");
    }
    if (broken || values.get("kty") == null) {
      return null;
    }
    try {
      return Jwk.fromValues(values);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
