package io.cognitogate.revocation;

import java.util.Objects;

/**
 * One item of the revocation table: partition {@code sub}, sort key {@code sk}.
 *
 * <ul>
 *   <li>{@code USER}: every token whose {@code auth_time <= signedOutAt} is revoked (global
 *       sign-out);
 *   <li>{@code FAM#<origin_jti>}: every token of one session (all refreshed from one refresh
 *       token);
 *   <li>{@code JTI#<jti>}: one token, the fallback when a token has no {@code origin_jti}.
 * </ul>
 *
 * {@code expiresAt} (epoch seconds, the table's TTL attribute) is the logout time plus the longest
 * token validity plus a margin: a sibling token refreshed just before the logout must stay revoked
 * until it expires, whatever the presented token's own {@code exp}.
 *
 * @param signedOutAt the logout time in epoch seconds (the only one the decision reads is USER's)
 */
public record Marker(String subject, Kind kind, String id, long signedOutAt, long expiresAt) {

  public enum Kind {
    USER("USER"),
    FAMILY("FAM#"),
    TOKEN("JTI#");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public static final String USER_SORT_KEY = "USER";

  public Marker {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    id = id == null ? "" : id;
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
    if ((kind == Kind.USER) != id.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.USER ? "a USER marker has no id" : kind + " marker needs an id");
    }
    if (expiresAt <= signedOutAt) {
      throw new IllegalArgumentException("expiresAt must be after signedOutAt");
    }
  }

  /** Global sign-out of {@code subject} at {@code at}. */
  public static Marker user(String subject, long at, long expiresAt) {
    return new Marker(subject, Kind.USER, "", at, expiresAt);
  }

  /** One session: the marker for the token's {@code origin_jti}, else for its {@code jti}. */
  public static Marker session(TokenRef token, long at, long expiresAt) {
    if (!token.originJti().isEmpty()) {
      return new Marker(token.subject(), Kind.FAMILY, token.originJti(), at, expiresAt);
    }
    if (!token.jti().isEmpty()) {
      return new Marker(token.subject(), Kind.TOKEN, token.jti(), at, expiresAt);
    }
    throw new IllegalArgumentException(
        "a token without origin_jti and jti cannot be revoked alone");
  }

  /** The sort key: {@code USER}, {@code FAM#<origin_jti>} or {@code JTI#<jti>}. */
  public String sortKey() {
    return kind == Kind.USER ? USER_SORT_KEY : kind.prefix() + id;
  }

  /**
   * Parses a stored sort key; null for a key this version does not know (ignored, forward
   * compatible).
   */
  static Marker fromItem(String subject, String sortKey, long signedOutAt, long expiresAt) {
    if (USER_SORT_KEY.equals(sortKey)) {
      return new Marker(subject, Kind.USER, "", signedOutAt, expiresAt);
    }
    for (Kind kind : new Kind[] {Kind.FAMILY, Kind.TOKEN}) {
      if (sortKey.startsWith(kind.prefix()) && sortKey.length() > kind.prefix().length()) {
        return new Marker(
            subject, kind, sortKey.substring(kind.prefix().length()), signedOutAt, expiresAt);
      }
    }
    return null;
  }

  public boolean expiredAt(long nowSeconds) {
    return expiresAt <= nowSeconds;
  }
}
