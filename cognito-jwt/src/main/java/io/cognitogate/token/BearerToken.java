package io.cognitogate.token;

import java.nio.charset.StandardCharsets;

/**
 * The compact JWS taken from an Authorization header value: {@code Bearer <jwt>} (scheme
 * case-insensitive) or a bare {@code <jwt>}. Only the shape is checked here: size, alphabet,
 * three dot-separated segments.
 */
public final class BearerToken {
  /** Cognito tokens are 1-2 KB; anything near 8 KB is abuse, not a token. */
  public static final int MAX_LENGTH = 8192;

  private static final String SCHEME = "bearer";

  private static final byte BASE64URL = 0;
  private static final byte DOT = 1;
  private static final byte CONTROL = 2;
  private static final byte OTHER = 3;
  private static final byte[] CLASS = new byte[256];

  static {
    java.util.Arrays.fill(CLASS, OTHER);
    for (int c = 0; c < 0x20; c++) {
      CLASS[c] = CONTROL;
    }
    CLASS[0x7f] = CONTROL;
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      CLASS[alphabet.charAt(i)] = BASE64URL;
    }
    CLASS['.'] = DOT;
  }

  private final byte[] ascii;
  private final int start;
  private final int firstDot;
  private final int secondDot;
  private final int end;

  private BearerToken(byte[] ascii, int start, int firstDot, int secondDot, int end) {
    this.ascii = ascii;
    this.start = start;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
    this.end = end;
  }

  public static BearerToken parse(String headerValue) {
    if (headerValue == null) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    if (headerValue.length() > MAX_LENGTH) {
      throw new TokenRejectedException(Reason.TOKEN_TOO_LARGE);
    }
    int start = 0;
    int end = headerValue.length();
    while (start < end && headerValue.charAt(start) == ' ') {
      start++;
    }
    while (end > start && headerValue.charAt(end - 1) == ' ') {
      end--;
    }
    if (start == end) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    int space = headerValue.indexOf(' ', start);
    if (space >= 0 && space < end) {
      if (space - start != SCHEME.length() || !headerValue.regionMatches(true, start, SCHEME, 0, SCHEME.length())) {
        throw new TokenRejectedException(Reason.UNSUPPORTED_SCHEME);
      }
      start = space;
      while (start < end && headerValue.charAt(start) == ' ') {
        start++;
      }
    } else if (end - start == SCHEME.length() && headerValue.regionMatches(true, start, SCHEME, 0, SCHEME.length())) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    // one pass over the bytes of the whole value (no substring; a char loop costs several times more);
    // chars above 0xFF become '?' and fail
    byte[] ascii = headerValue.getBytes(StandardCharsets.ISO_8859_1);
    int firstDot = -1;
    int secondDot = -1;
    for (int i = start; i < end; i++) {
      int kind = CLASS[ascii[i] & 0xff];
      if (kind == BASE64URL) {
        continue;
      }
      if (kind == DOT) {
        if (firstDot < 0) {
          firstDot = i;
        } else if (secondDot < 0) {
          secondDot = i;
        } else {
          throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
        }
      } else {
        throw new TokenRejectedException(kind == CONTROL ? Reason.ILLEGAL_CHARACTERS : Reason.MALFORMED_TOKEN);
      }
    }
    // header and payload must be non-empty; an empty signature is left to the algorithm check
    if (secondDot < 0 || firstDot == start || secondDot == firstDot + 1) {
      throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
    }
    // canonical base64url only: otherwise several encodings would carry the same signature
    if (!canonical(ascii, start, firstDot) || !canonical(ascii, firstDot + 1, secondDot)
        || !canonical(ascii, secondDot + 1, end)) {
      throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
    }
    return new BearerToken(ascii, start, firstDot, secondDot, end);
  }

  /** Unpadded base64url of whole bytes: length mod 4 is never 1 and the unused low bits are zero. */
  private static boolean canonical(byte[] text, int from, int to) {
    int length = to - from;
    if (length == 0) {
      return true;
    }
    int unusedBitsMask = switch (length & 3) {
      case 0 -> 0;
      case 2 -> 0x0f;
      case 3 -> 0x03;
      default -> -1;
    };
    if (unusedBitsMask < 0) {
      return false;
    }
    return (sextet((char) text[to - 1]) & unusedBitsMask) == 0;
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  /** The compact JWS (never log it). */
  public String jwt() {
    return new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** The header value's bytes; the token is {@code [start, end)}, ASCII by construction. Shared: never modify. */
  byte[] ascii() {
    return ascii;
  }

  int start() {
    return start;
  }

  /** Index in {@link #ascii()} of the dot after the header. */
  int firstDot() {
    return firstDot;
  }

  /** Index in {@link #ascii()} of the dot before the signature. */
  int secondDot() {
    return secondDot;
  }

  int end() {
    return end;
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
