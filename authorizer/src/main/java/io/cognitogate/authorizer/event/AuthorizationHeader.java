package io.cognitogate.authorizer.event;

import java.util.Locale;
import java.util.Map;

/**
 * The Authorization value of a REQUEST authorizer event (REST, or an HTTP API's payload 2.0).
 * Header names are compared without regard to case (RFC 9110): a REST API passes them as the client
 * spelled them, an HTTP API in lower case. Two different values under spellings of the name cannot
 * be told apart, and a value that is not a {@code Bearer} credential is refused before any parsing,
 * as the TOKEN authorizer's identity validation expression refuses it at the gateway. The value
 * itself is never logged.
 */
public final class AuthorizationHeader {
  /** Why a header was refused before its token was read; the name is the decision log's reason. */
  public enum Problem {
    AMBIGUOUS_AUTHORIZATION_HEADER,
    UNSUPPORTED_SCHEME
  }

  private static final String NAME = "authorization";
  private static final String SCHEME = "bearer";

  private final String value;
  private final Problem problem;

  private AuthorizationHeader(String value, Problem problem) {
    this.value = value;
    this.problem = problem;
  }

  /** The header in {@code headers} (null: the event has none). */
  public static AuthorizationHeader of(Map<String, String> headers) {
    if (headers == null) {
      return new AuthorizationHeader(null, null);
    }
    String found = null;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name == null || !name.equalsIgnoreCase(NAME) || header.getValue() == null) {
        continue;
      }
      if (found != null && !found.equals(header.getValue())) {
        return new AuthorizationHeader(null, Problem.AMBIGUOUS_AUTHORIZATION_HEADER);
      }
      found = header.getValue();
    }
    return new AuthorizationHeader(
        found, found == null || isBearerOrEmpty(found) ? null : Problem.UNSUPPORTED_SCHEME);
  }

  /**
   * Empty, the scheme alone (the verifier calls both a missing token) or the scheme, a space and
   * more.
   */
  private static boolean isBearerOrEmpty(String value) {
    String stripped = value.strip();
    return stripped.isEmpty()
        || stripped.equalsIgnoreCase(SCHEME)
        || stripped.length() > SCHEME.length()
            && stripped.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
            && stripped.charAt(SCHEME.length()) == ' ';
  }

  /**
   * The value for the verifier; null when the event has none (the verifier then says
   * MISSING_TOKEN).
   */
  public String value() {
    return value;
  }

  /** Why the header is refused as it is, or null when its value goes to the verifier. */
  public Problem problem() {
    return problem;
  }

  @Override
  public String toString() {
    return "AuthorizationHeader["
        + (problem == null
            ? value == null ? "absent" : "redacted"
            : problem.name().toLowerCase(Locale.ROOT))
        + "]";
  }
}
