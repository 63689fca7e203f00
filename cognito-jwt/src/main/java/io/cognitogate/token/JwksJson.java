package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a JWKS document with jackson-core's streaming parser (no databind, no tree). */
final class JwksJson {
  private static final JsonFactory JSON = new JsonFactory();

  private JwksJson() {
  }

  /**
   * {@code {"keys":[{...},...]}} to JWKs. A key object that is not a JWK (no {@code kty}, a repeated
   * member we read, a member of the wrong type) is skipped, so one broken entry cannot take down the
   * set; {@link JwksKeySource} then keeps only usable RS256 keys. Anything that is not such a document
   * at all is an {@link IOException}.
   */
  static List<Jwk> parse(byte[] json) throws IOException {
    List<Jwk> keys = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("JWKS is not a JSON object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("keys".equals(name)) {
          if (keys != null || value != JsonToken.START_ARRAY) {
            throw new IOException("JWKS 'keys' is repeated or not an array");
          }
          keys = new ArrayList<>(4);
          while ((value = p.nextToken()) != JsonToken.END_ARRAY) {
            if (value == JsonToken.START_OBJECT) {
              Jwk jwk = key(p);
              if (jwk != null) {
                keys.add(jwk);
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("JWKS has trailing data");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("JWKS is not valid JSON"); // the parser's message may quote the body
    }
    if (keys == null) {
      throw new IOException("JWKS has no 'keys'");
    }
    return keys;
  }

  /** The members of one key object we use; the parser stands on its START_OBJECT and ends on its END_OBJECT. */
  private static Jwk key(JsonParser p) throws IOException {
    Map<String, Object> values = new HashMap<>(8);
    boolean broken = false;
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "kty", "kid", "use", "alg", "n", "e" -> {
          if (value != JsonToken.VALUE_STRING || values.put(name, p.getText()) != null) {
            broken = true;
          }
        }
        default -> p.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
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
