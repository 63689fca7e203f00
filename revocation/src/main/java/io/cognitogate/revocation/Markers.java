package io.cognitogate.revocation;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The unexpired markers of one {@code sub}, as the decision needs them, and the decision itself
 * (pure). DynamoDB deletes expired items lazily (up to days later), so expired ones are dropped
 * here, by the reader, never trusted to be gone.
 */
public final class Markers {
  /** No global sign-out. */
  public static final long NEVER = Long.MIN_VALUE;

  public static final Markers NONE = new Markers(NEVER, Set.of(), Set.of(), Long.MAX_VALUE);

  private final long signedOutAt;
  private final Set<String> families;
  private final Set<String> tokens;
  private final long earliestExpiry;

  private Markers(long signedOutAt, Set<String> families, Set<String> tokens, long earliestExpiry) {
    this.signedOutAt = signedOutAt;
    this.families = families;
    this.tokens = tokens;
    this.earliestExpiry = earliestExpiry;
  }

  /** The markers of one subject still in force at {@code nowSeconds}; expired ones are ignored. */
  public static Markers of(Collection<Marker> items, long nowSeconds) {
    long signedOutAt = NEVER;
    Set<String> families = null;
    Set<String> tokens = null;
    long earliest = Long.MAX_VALUE;
    for (Marker marker : items) {
      if (marker.expiredAt(nowSeconds)) {
        continue;
      }
      earliest = Math.min(earliest, marker.expiresAt());
      switch (marker.kind()) {
        case USER -> signedOutAt = Math.max(signedOutAt, marker.signedOutAt());
        case FAMILY -> (families == null ? families = new HashSet<>() : families).add(marker.id());
        case TOKEN -> (tokens == null ? tokens = new HashSet<>() : tokens).add(marker.id());
        default -> throw new IllegalStateException();
      }
    }
    if (signedOutAt == NEVER && families == null && tokens == null) {
      return NONE;
    }
    return new Markers(
        signedOutAt,
        families == null ? Set.of() : Set.copyOf(families),
        tokens == null ? Set.of() : Set.copyOf(tokens),
        earliest);
  }

  /**
   * Revoked if the user signed out globally at or after the token's authentication ({@code
   * auth_time <= signedOutAt}: both in whole seconds, so a login in the same second as the sign-out
   * counts as before it, fail closed), or its session ({@code origin_jti}) or itself ({@code jti})
   * is marked.
   */
  public boolean revokes(TokenRef token) {
    if (signedOutAt != NEVER && token.authTime() <= signedOutAt) {
      return true;
    }
    if (!token.originJti().isEmpty() && families.contains(token.originJti())) {
      return true;
    }
    return !token.jti().isEmpty() && tokens.contains(token.jti());
  }

  public boolean isEmpty() {
    return this == NONE;
  }

  public long signedOutAt() {
    return signedOutAt;
  }

  /** When the first of these markers expires (then they must be read again); MAX_VALUE if none. */
  public long earliestExpiry() {
    return earliestExpiry;
  }

  @Override
  public String toString() {
    return "Markers[signedOutAt="
        + (signedOutAt == NEVER ? "never" : signedOutAt)
        + ", families="
        + families.size()
        + ", tokens="
        + tokens.size()
        + "]";
  }
}
