package io.cognitogate.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes the header and payload segments with Jackson's streaming parser: only the fields the
 * checks need are read, everything else is skipped without building a tree (the tree is most of
 * java-jwt's decode cost). A repeated field that we read, trailing data, bad base64url or JSON:
 * {@link Reason#UNDECODABLE} (a duplicate would let two parsers disagree on a claim).
 */
final class JwtReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private JwtReader() {
  }

  static JwtHeader header(byte[] ascii, int from, int to) {
    try (JsonParser p = parser(ascii, from, to)) {
      String alg = null;
      String kid = null;
      boolean critical = false;
      int seen = 0;
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "alg" -> {
            seen = once(seen, 1);
            alg = value == JsonToken.VALUE_STRING ? p.getText() : null;
          }
          case "kid" -> {
            seen = once(seen, 2);
            kid = value == JsonToken.VALUE_STRING ? p.getText() : null;
          }
          case "crit" -> {
            critical = true;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
      }
      end(p, token);
      return new JwtHeader(alg, kid, critical);
    } catch (IOException | RuntimeException e) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  static JwtClaims claims(byte[] ascii, int from, int to) {
    try (JsonParser p = parser(ascii, from, to)) {
      JwtClaims claims = new JwtClaims();
      int seen = 0;
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "iss" -> {
            seen = once(seen, 1);
            claims.iss = string(p, value);
          }
          case "sub" -> {
            seen = once(seen, 1 << 1);
            claims.sub = string(p, value);
          }
          case "exp" -> {
            seen = once(seen, 1 << 2);
            claims.exp = numericDate(p, value);
          }
          case "nbf" -> {
            seen = once(seen, 1 << 3);
            claims.nbf = numericDate(p, value);
          }
          case "iat" -> {
            seen = once(seen, 1 << 4);
            claims.iat = numericDate(p, value);
          }
          case "token_use" -> {
            seen = once(seen, 1 << 5);
            claims.tokenUse = string(p, value);
          }
          case "client_id" -> {
            seen = once(seen, 1 << 6);
            claims.clientId = string(p, value);
          }
          case "aud" -> {
            seen = once(seen, 1 << 7);
            claims.aud = value == JsonToken.START_ARRAY ? strings(p) : string(p, value);
          }
          case "username" -> {
            seen = once(seen, 1 << 8);
            claims.username = string(p, value);
          }
          case "cognito:username" -> {
            seen = once(seen, 1 << 9);
            claims.cognitoUsername = string(p, value);
          }
          case "scope" -> {
            seen = once(seen, 1 << 10);
            claims.scope = string(p, value);
          }
          case "cognito:groups" -> {
            seen = once(seen, 1 << 11);
            claims.groups = value == JsonToken.START_ARRAY ? strings(p)
                : value == JsonToken.VALUE_NULL ? null : invalid(p, value);
          }
          case "jti" -> {
            seen = once(seen, 1 << 12);
            claims.jti = string(p, value);
          }
          case "origin_jti" -> {
            seen = once(seen, 1 << 13);
            claims.originJti = string(p, value);
          }
          case "auth_time" -> {
            seen = once(seen, 1 << 14);
            claims.authTime = numericDate(p, value);
          }
          default -> p.skipChildren();
        }
      }
      end(p, token);
      return claims;
    } catch (IOException | RuntimeException e) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  private static JsonParser parser(byte[] ascii, int from, int to) throws IOException {
    ByteBuffer json = BASE64URL.decode(ByteBuffer.wrap(ascii, from, to - from));
    JsonParser p = JSON.createParser(json.array(), json.arrayOffset(), json.remaining());
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
    return p;
  }

  /** Marks a field as read; a second occurrence is rejected. */
  private static int once(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
    return seen | bit;
  }

  /** The object must close and nothing may follow it. */
  private static void end(JsonParser p, JsonToken last) throws IOException {
    if (last != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  /** A string; null for JSON null; {@link JwtClaims#INVALID} for anything else. */
  private static Object string(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    return value == JsonToken.VALUE_NULL ? null : invalid(p, value);
  }

  /** An integral NumericDate in seconds (a float is truncated, as java-jwt does); anything else is invalid. */
  private static Object numericDate(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      double seconds = p.getDoubleValue();
      if (Double.isFinite(seconds) && seconds >= Long.MIN_VALUE && seconds <= Long.MAX_VALUE) {
        return (long) seconds;
      }
    }
    return invalid(p, value);
  }

  /** An array of strings; {@link JwtClaims#INVALID} if any element is not a string. */
  private static Object strings(JsonParser p) throws IOException {
    List<String> values = new ArrayList<>(4);
    boolean valid = true;
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      if (element == JsonToken.VALUE_STRING) {
        values.add(p.getText());
      } else {
        valid = false;
        p.skipChildren();
      }
    }
    return valid ? List.copyOf(values) : JwtClaims.INVALID;
  }

  private static Object invalid(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      p.skipChildren();
    }
    return JwtClaims.INVALID;
  }
}
