package io.cognitogate.token;

import java.nio.charset.StandardCharsets;

/**
 * The compact JWS taken from an Authorization header value: {@code Bearer <jwt>} (scheme
 * case-insensitive) or a bare {@code <jwt>}. Only the shape is checked here: size, three
 * dot-separated segments, canonical unpadded base64url ends; the alphabet is checked by the decoding
 * every accepted token goes through, and by {@link #checkShape()} before any rejection is reported.
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
    return parse(headerValue, null);
  }

  /**
   * As {@link #parse(String)}, reusing {@code latin1}, the value's ISO-8859-1 bytes, when the caller
   * already has them (the authorizer's decision cache hashes the same bytes); null to have them made.
   *
   * <p>Only the structure is checked here (scheme, size, three segments, no padding, canonical ends):
   * the alphabet of each segment is checked by the base64url decoding every success goes through
   * (header, signature, then payload). Whenever the verifier then rejects the token, or fails on it,
   * it asks {@link #checkShape()} first, so a malformed token still gets the shape's reason.
   */
  public static BearerToken parse(String headerValue, byte[] latin1) {
    if (headerValue == null) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    if (headerValue.length() > MAX_LENGTH) {
      throw new TokenRejectedException(Reason.TOKEN_TOO_LARGE);
    }
    if (latin1 != null && latin1.length != headerValue.length()) {
      throw new IllegalArgumentException("latin1 is not the header value's ISO-8859-1 bytes");
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
    // chars above 0xFF become '?', which no segment may hold
    byte[] ascii = latin1 != null ? latin1 : headerValue.getBytes(StandardCharsets.ISO_8859_1);
    // String.indexOf is vectorised; a per-byte class lookup over the whole value cost ~0.3 us per token
    int firstDot = headerValue.indexOf('.', start);
    int secondDot = firstDot < 0 ? -1 : headerValue.indexOf('.', firstDot + 1);
    int thirdDot = secondDot < 0 ? -1 : headerValue.indexOf('.', secondDot + 1);
    // header and payload must be non-empty; an empty signature is left to the algorithm check.
    // Canonical base64url only: otherwise several encodings would carry the same signature. Padding is
    // refused where the decoders would take it, at the end of a segment (they refuse it anywhere else).
    if (secondDot < 0 || secondDot >= end || (thirdDot >= 0 && thirdDot < end)
        || firstDot == start || secondDot == firstDot + 1
        || ascii[firstDot - 1] == '=' || ascii[secondDot - 1] == '=' || ascii[end - 1] == '='
        || !canonical(ascii, start, firstDot) || !canonical(ascii, firstDot + 1, secondDot)
        || !canonical(ascii, secondDot + 1, end)) {
      Reason reason = shape(ascii, start, end);
      throw new TokenRejectedException(reason == null ? Reason.MALFORMED_TOKEN : reason);
    }
    return new BearerToken(ascii, start, firstDot, secondDot, end);
  }

  /**
   * Throws the shape's reason when a segment holds a character outside base64url (a control
   * character: {@link Reason#ILLEGAL_CHARACTERS}; anything else: {@link Reason#MALFORMED_TOKEN});
   * returns when every character is base64url or one of the two dots.
   */
  void checkShape() {
    Reason reason = shape(ascii, start, end);
    if (reason != null) {
      throw new TokenRejectedException(reason);
    }
  }

  /**
   * The reason the token text {@code ascii[start, end)} is malformed, from its first offence in order:
   * a control character ({@link Reason#ILLEGAL_CHARACTERS}), another character outside base64url or
   * a third dot ({@link Reason#MALFORMED_TOKEN}); null when there is none.
   */
  private static Reason shape(byte[] ascii, int start, int end) {
    int dots = 0;
    for (int i = start; i < end; i++) {
      int kind = CLASS[ascii[i] & 0xff];
      if (kind == CONTROL) {
        return Reason.ILLEGAL_CHARACTERS;
      }
      if (kind == OTHER || (kind == DOT && ++dots > 2)) {
        return Reason.MALFORMED_TOKEN;
      }
    }
    return null;
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
