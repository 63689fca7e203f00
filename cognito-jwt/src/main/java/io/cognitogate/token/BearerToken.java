package io.cognitogate.token;

/**
 * The compact JWT taken from an Authorization header value: {@code Bearer <jwt>} (scheme
 * case-insensitive) or a bare {@code <jwt>}. Only what comes before any parsing is checked here: the
 * size cap, the scheme, and that the value holds no control characters (they could end up in a log
 * line or a header). Everything about the token itself is java-jwt's to judge.
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
   *     {@link Reason#UNSUPPORTED_SCHEME} or {@link Reason#ILLEGAL_CHARACTERS}
   */
  public static BearerToken parse(String headerValue) {
    if (headerValue == null) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN);
    }
    if (headerValue.length() > MAX_LENGTH) {
      throw new TokenRejectedException(Reason.TOKEN_TOO_LARGE);
    }
    for (int i = 0; i < headerValue.length(); i++) {
      char c = headerValue.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new TokenRejectedException(Reason.ILLEGAL_CHARACTERS);
      }
    }
    String value = headerValue.strip();
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
    String jwt = value.substring(space + 1).stripLeading();
    if (jwt.indexOf(' ') >= 0) {
      throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
    }
    return new BearerToken(jwt);
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
