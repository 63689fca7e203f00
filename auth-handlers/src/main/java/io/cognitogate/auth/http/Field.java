package io.cognitogate.auth.http;

/**
 * One string field a route accepts: its name, its limit, and which characters it may hold. The
 * limits follow Cognito's own (username 128, password 256, session 2048) so nothing Cognito would
 * reject for length ever leaves the Lambda.
 */
public record Field(String name, int maxLength, Chars chars) {

  public enum Chars {
    /** Anything but control characters (passwords may contain spaces). */
    TEXT,
    /** No whitespace and no control characters (usernames, sessions). */
    VISIBLE,
    /** base64url and dots: JWTs and Cognito's JWE refresh tokens. */
    TOKEN,
    /** VISIBLE, shaped {@code local@domain}; the pool judges the rest. */
    EMAIL
  }

  public static final Field USERNAME = new Field("username", 128, Chars.VISIBLE);
  public static final Field PASSWORD = new Field("password", 256, Chars.TEXT);
  public static final Field NEW_PASSWORD = new Field("new_password", 256, Chars.TEXT);
  public static final Field SESSION = new Field("session", 2048, Chars.VISIBLE);

  /** 254: the longest address SMTP can deliver to (RFC 5321), so a code can reach it. */
  public static final Field EMAIL = new Field("email", 254, Chars.EMAIL);

  /** A confirmation or reset code; Cognito's limit, though its codes are six digits. */
  public static final Field CODE = new Field("code", 2048, Chars.VISIBLE);

  /**
   * Content is Cognito's to judge: a garbage token is 401 invalid_grant (refresh) or 204 (logout),
   * not 400.
   */
  public static final Field REFRESH_TOKEN = new Field("refresh_token", 8192, Chars.TEXT);

  /** True when {@code value} could be a JWT or JWE at all (base64url segments and dots). */
  public static boolean tokenShaped(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!tokenChar(value.charAt(i))) {
        return false;
      }
    }
    return !value.isEmpty();
  }

  void check(String value) throws BadRequestException {
    if (value.isEmpty()) {
      throw new BadRequestException(name, "must not be empty");
    }
    if (value.length() > maxLength) {
      throw new BadRequestException(name, "must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        throw new BadRequestException(name, "contains characters that are not allowed");
      }
    }
    if (chars == Chars.EMAIL && !emailShaped(value)) {
      throw new BadRequestException(name, "must be an email address");
    }
  }

  private static boolean emailShaped(String value) {
    int at = value.indexOf('@');
    return at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1;
  }

  private boolean allowed(char c) {
    switch (chars) {
      case TEXT:
        return !Character.isISOControl(c);
      case VISIBLE:
      case EMAIL:
        return !Character.isISOControl(c)
            && !Character.isWhitespace(c)
            && !Character.isSpaceChar(c);
      default:
        return tokenChar(c);
    }
  }

  private static boolean tokenChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '=';
  }
}
