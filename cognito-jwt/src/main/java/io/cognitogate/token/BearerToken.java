package io.cognitogate.token;

/**
 * The compact JWT taken from an Authorization header value: {@code Bearer <jwt>} (scheme
 * case-insensitive) or a bare {@code <jwt>}, spaces around it ignored. Only the size cap and the
 * scheme are checked here; everything about the token itself is java-jwt's to judge. A control
 * character can never be part of a token java-jwt accepts (base64url has none), so it is looked for
 * only once a token is rejected, to name the reason ({@link #hasControlCharacters}).
 */
public final class BearerToken {
  /** Cognito tokens are 1-2 KB; anything near 8 KB is abuse, not a token. */
  public static final int MAX_LENGTH = 8192;

  private static final String SCHEME = "bearer";

  private final String jwt;

  private BearerToken(String jwt) {
    this.jwt = jwt;
  }

  /**
   * @throws TokenRejectedException {@link Reason#MISSING_TOKEN}, {@link Reason#TOKEN_TOO_LARGE},
   *     {@link Reason#UNSUPPORTED_SCHEME} or {@link Reason#MALFORMED_TOKEN}
   */
  public static BearerToken parse(String headerValue) {
    if (headerValue == null) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    if (headerValue.length() > MAX_LENGTH) {
      throw new TokenRejectedException(Reason.TOKEN_TOO_LARGE);
    }
    String value = trimSpaces(headerValue);
    if (value.isEmpty()) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    int space = value.indexOf(' ');
    if (space < 0) {
      if (value.equalsIgnoreCase(SCHEME)) {
        throw new TokenRejectedException(Reason.MISSING_TOKEN);
      }
      return new BearerToken(value);
    }
    if (space != SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new TokenRejectedException(Reason.UNSUPPORTED_SCHEME);
    }
    String jwt = trimSpaces(value.substring(space + 1));
    if (jwt.indexOf(' ') >= 0) {
      throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
    }
    return new BearerToken(jwt);
  }

  /** True if the value holds a control character (checked only on the way to a rejection). */
  public static boolean hasControlCharacters(String headerValue) {
    for (int i = 0; i < headerValue.length(); i++) {
      char c = headerValue.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Without the spaces (U+0020 only) at either end: a tab or line break stays and fails the token.
   */
  private static String trimSpaces(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(start, end);
  }

  /** The compact JWT (never log it). */
  public String jwt() {
    return jwt;
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
