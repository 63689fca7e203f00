package io.cognitogate.token;

import java.util.List;

/**
 * A token that passed every check. Holds only the claims callers use.
 *
 * @param username {@code username} (access) or {@code cognito:username} (id); empty if absent
 * @param clientId the app client ({@code client_id} or the matching {@code aud})
 * @param scope space-separated scopes as issued; empty if absent
 * @param groups {@code cognito:groups}; empty if absent
 * @param expiresAt {@code exp} in epoch seconds
 * @param jti {@code jti}; empty if absent (never required)
 * @param originJti {@code origin_jti}, shared by every token refreshed from one refresh token;
 *     empty if absent
 * @param authTime {@code auth_time} in epoch seconds (when the user authenticated), or {@link
 *     #NO_AUTH_TIME}
 */
public record VerifiedToken(
    String subject,
    String username,
    String clientId,
    TokenUse tokenUse,
    String scope,
    List<String> groups,
    long expiresAt,
    String kid,
    String jti,
    String originJti,
    long authTime) {

  /** {@link #authTime()} of a token without {@code auth_time}: older than any sign-out. */
  public static final long NO_AUTH_TIME = Long.MIN_VALUE;

  public VerifiedToken {
    groups = List.copyOf(groups);
    jti = jti == null ? "" : jti;
    originJti = originJti == null ? "" : originJti;
  }

  /** A token without the revocation claims ({@code jti}, {@code origin_jti}, {@code auth_time}). */
  public VerifiedToken(
      String subject,
      String username,
      String clientId,
      TokenUse tokenUse,
      String scope,
      List<String> groups,
      long expiresAt,
      String kid) {
    this(
        subject, username, clientId, tokenUse, scope, groups, expiresAt, kid, "", "", NO_AUTH_TIME);
  }

  public boolean hasAuthTime() {
    return authTime != NO_AUTH_TIME;
  }

  /** True if {@code scope} holds {@code wanted} as one of its space-separated entries. */
  public boolean hasScope(String wanted) {
    int from = 0;
    int n = scope.length();
    while (from <= n) {
      int space = scope.indexOf(' ', from);
      int end = space < 0 ? n : space;
      if (end - from == wanted.length() && scope.startsWith(wanted, from)) {
        return true;
      }
      if (space < 0) {
        return false;
      }
      from = space + 1;
    }
    return false;
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
