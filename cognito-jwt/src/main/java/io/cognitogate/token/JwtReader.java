package io.cognitogate.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes the header and payload segments with {@link JsonScanner}: only the fields the
 * checks need are read, everything else is skipped without building a tree (the tree is most of
 * java-jwt's decode cost). A repeated field that we read, trailing data, bad base64url or JSON:
 * {@link Reason#UNDECODABLE} (a duplicate would let two parsers disagree on a claim).
 */
final class JwtReader {
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  // the claims read, by their index in CLAIM_NAMES; every other member is skipped
  private static final int ISS = 0;
  private static final int SUB = 1;
  private static final int EXP = 2;
  private static final int NBF = 3;
  private static final int IAT = 4;
  private static final int TOKEN_USE = 5;
  private static final int CLIENT_ID = 6;
  private static final int AUD = 7;
  private static final int USERNAME = 8;
  private static final int COGNITO_USERNAME = 9;
  private static final int SCOPE = 10;
  private static final int GROUPS = 11;
  private static final int JTI = 12;
  private static final int ORIGIN_JTI = 13;
  private static final int AUTH_TIME = 14;
  private static final byte[][] CLAIM_NAMES = ascii("iss", "sub", "exp", "nbf", "iat", "token_use", "client_id", "aud",
      "username", "cognito:username", "scope", "cognito:groups", "jti", "origin_jti", "auth_time");
  private static final int[] CLAIM_TABLE = JsonScanner.nameTable(CLAIM_NAMES);

  private JwtReader() {
  }

  static JwtHeader header(byte[] ascii, int from, int to) {
    try {
      JsonScanner p = parser(ascii, from, to);
      String alg = null;
      String kid = null;
      boolean critical = false;
      int seen = 0;
      int token;
      while ((token = p.next()) == JsonScanner.NAME) {
        String name = p.text();
        int value = p.next();
        switch (name) {
          case "alg" -> {
            seen = once(seen, 1);
            alg = value == JsonScanner.STRING ? p.text() : skip(p, value);
          }
          case "kid" -> {
            seen = once(seen, 2);
            kid = value == JsonScanner.STRING ? p.text() : skip(p, value);
          }
          case "crit" -> {
            critical = true;
            p.skipChildren(value);
          }
          default -> p.skipChildren(value);
        }
      }
      end(p, token);
      return new JwtHeader(alg, kid, critical);
    } catch (IOException | RuntimeException e) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  static JwtClaims claims(byte[] ascii, int from, int to) {
    try {
      JsonScanner p = parser(ascii, from, to);
      JwtClaims claims = new JwtClaims();
      int seen = 0;
      int token;
      while ((token = p.next()) == JsonScanner.NAME) {
        int claim = p.textIndex(CLAIM_NAMES, CLAIM_TABLE); // no String per member name
        int value = p.next();
        if (claim >= 0) {
          seen = once(seen, 1 << claim); // a claim we read, twice: undecodable
        }
        switch (claim) {
          case ISS -> claims.iss = string(p, value);
          case SUB -> claims.sub = string(p, value);
          case EXP -> claims.exp = numericDate(p, value);
          case NBF -> claims.nbf = numericDate(p, value);
          case IAT -> claims.iat = numericDate(p, value);
          case TOKEN_USE -> claims.tokenUse = string(p, value);
          case CLIENT_ID -> claims.clientId = string(p, value);
          case AUD -> claims.aud = value == JsonScanner.START_ARRAY ? strings(p) : string(p, value);
          case USERNAME -> claims.username = string(p, value);
          case COGNITO_USERNAME -> claims.cognitoUsername = string(p, value);
          case SCOPE -> claims.scope = string(p, value);
          case GROUPS -> {
            claims.groups = value == JsonScanner.START_ARRAY ? strings(p)
                : value == JsonScanner.NULL ? null : invalid(p, value);
          }
          case JTI -> claims.jti = string(p, value);
          case ORIGIN_JTI -> claims.originJti = string(p, value);
          case AUTH_TIME -> claims.authTime = numericDate(p, value);
          default -> p.skipChildren(value);
        }
      }
      end(p, token);
      return claims;
    } catch (IOException | RuntimeException e) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  private static byte[][] ascii(String... names) {
    byte[][] bytes = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }

  private static JsonScanner parser(byte[] ascii, int from, int to) throws IOException {
    ByteBuffer json = BASE64URL.decode(ByteBuffer.wrap(ascii, from, to - from));
    int start = json.arrayOffset() + json.position();
    JsonScanner p = new JsonScanner(json.array(), start, start + json.remaining());
    if (p.next() != JsonScanner.START_OBJECT) {
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
  private static void end(JsonScanner p, int last) throws IOException {
    if (last != JsonScanner.END_OBJECT || p.next() != JsonScanner.END) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
  }

  /** A string; null for JSON null; {@link JwtClaims#INVALID} for anything else. */
  private static Object string(JsonScanner p, int value) throws IOException {
    if (value == JsonScanner.STRING) {
      return p.text();
    }
    return value == JsonScanner.NULL ? null : invalid(p, value);
  }

  /** An integral NumericDate in seconds (a float is truncated, as java-jwt does); anything else is invalid. */
  private static Object numericDate(JsonScanner p, int value) throws IOException {
    if (value != JsonScanner.NUMBER) {
      return invalid(p, value);
    }
    if (p.integral()) {
      try {
        return p.longValue();
      } catch (IOException beyondLong) {
        return JwtClaims.INVALID;
      }
    } else {
      double seconds = p.doubleValue();
      if (Double.isFinite(seconds) && seconds >= Long.MIN_VALUE && seconds <= Long.MAX_VALUE) {
        return (long) seconds;
      }
    }
    return invalid(p, value);
  }

  /** An array of strings; {@link JwtClaims#INVALID} if any element is not a string. */
  private static Object strings(JsonScanner p) throws IOException {
    List<String> values = new ArrayList<>(4);
    boolean valid = true;
    int element;
    while ((element = p.next()) != JsonScanner.END_ARRAY) {
      if (element == JsonScanner.STRING) {
        values.add(p.text());
      } else {
        valid = false;
        p.skipChildren(element);
      }
    }
    return valid ? List.copyOf(values) : JwtClaims.INVALID;
  }

  private static Object invalid(JsonScanner p, int value) throws IOException {
    p.skipChildren(value);
    return JwtClaims.INVALID;
  }

  /**
   * A header member of the wrong type: a scalar reads as absent; an object or array is undecodable
   * (as it was with the jackson-core reader, which did not step over it).
   */
  private static String skip(JsonScanner p, int value) {
    if (value == JsonScanner.START_OBJECT || value == JsonScanner.START_ARRAY) {
      throw new TokenRejectedException(Reason.UNDECODABLE);
    }
    return null;
  }
}
