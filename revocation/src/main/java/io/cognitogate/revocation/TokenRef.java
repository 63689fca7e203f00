package io.cognitogate.revocation;

import java.util.Objects;

/**
 * What the revocation check needs of a verified token (no token text, only claims).
 *
 * @param subject {@code sub}, the partition of its markers
 * @param jti {@code jti}; empty if absent
 * @param originJti {@code origin_jti} (one per refresh token, shared by every token refreshed from
 *     it); empty if absent
 * @param authTime {@code auth_time} in epoch seconds, or {@link #NO_AUTH_TIME} (then any sign-out
 *     revokes it)
 * @param expiresAt {@code exp} in epoch seconds
 */
public record TokenRef(
    String subject, String jti, String originJti, long authTime, long expiresAt) {
  /** A token without {@code auth_time}: treated as older than any sign-out (fail closed). */
  public static final long NO_AUTH_TIME = Long.MIN_VALUE;

  public TokenRef {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
    jti = jti == null ? "" : jti;
    originJti = originJti == null ? "" : originJti;
  }
}
