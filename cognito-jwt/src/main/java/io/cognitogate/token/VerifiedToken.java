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
 */
public record VerifiedToken(String subject, String username, String clientId, TokenUse tokenUse,
    String scope, List<String> groups, long expiresAt, String kid) {

  public VerifiedToken {
    groups = List.copyOf(groups);
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
