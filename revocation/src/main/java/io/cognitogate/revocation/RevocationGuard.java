package io.cognitogate.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reader's decision with its in-memory cache: one store read per {@code sub} at most every
 * {@code notRevokedCacheTime} ("not revoked" is believed only that long), while a token found
 * revoked stays revoked until its {@code exp} without another read. A store failure is {@link
 * RevocationConfig.FailureMode#CLOSED}: {@link RevocationUnavailableException}; {@link
 * RevocationConfig.FailureMode#OPEN}: {@link Verdict#UNCHECKED}, unless what the cache already
 * knows revokes the token. Thread-safe; build once per container.
 */
public final class RevocationGuard {
  /** Bounds memory under a flood of distinct subjects; past it the caches start over. */
  static final int MAX_ENTRIES = 10_000;

  public enum Verdict {
    NOT_REVOKED,
    REVOKED,
    /** Open failure mode only: the store could not answer and nothing known revokes the token. */
    UNCHECKED
  }

  /**
   * Told about every {@link Verdict#UNCHECKED} answer (open failure mode), e.g. to log a metric
   * line.
   */
  public interface UncheckedListener {
    void unchecked(RevocationStoreException.Reason reason);
  }

  private record Fetched(Markers markers, long atMillis) {}

  /** A named class, not a lambda: no LambdaMetafactory work on the cold-start path. */
  private static final class Ignore implements UncheckedListener {
    @Override
    public void unchecked(RevocationStoreException.Reason reason) {
      // nobody listens
    }
  }

  private static final UncheckedListener IGNORE = new Ignore();

  private final RevocationStore store;
  private final RevocationConfig.FailureMode failureMode;
  private final long notRevokedMillis;
  private final Clock clock;
  private final UncheckedListener onUnchecked;
  private final Map<String, Fetched> bySubject = new ConcurrentHashMap<>();

  /** Revoked tokens (by identity, not text) until their exp. */
  private final Map<String, Long> revokedUntil = new ConcurrentHashMap<>();

  public RevocationGuard(
      RevocationStore store,
      RevocationConfig.FailureMode failureMode,
      Duration notRevokedCacheTime,
      Clock clock) {
    this(store, failureMode, notRevokedCacheTime, clock, IGNORE);
  }

  public RevocationGuard(
      RevocationStore store,
      RevocationConfig.FailureMode failureMode,
      Duration notRevokedCacheTime,
      Clock clock,
      UncheckedListener onUnchecked) {
    this.onUnchecked = Objects.requireNonNull(onUnchecked, "onUnchecked");
    this.store = Objects.requireNonNull(store, "store");
    this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
    this.notRevokedMillis = notRevokedCacheTime.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws RevocationUnavailableException closed failure mode only, when the store cannot answer
   */
  public Verdict check(TokenRef token) {
    long now = clock.millis();
    long nowSeconds = Math.floorDiv(now, 1000L);
    String identity = identity(token);
    Long until = revokedUntil.get(identity);
    if (until != null) {
      if (nowSeconds < until) {
        return Verdict.REVOKED;
      }
      revokedUntil.remove(identity);
    }
    Fetched cached = bySubject.get(token.subject());
    Markers markers;
    if (cached != null
        && now - cached.atMillis() < notRevokedMillis
        && nowSeconds < cached.markers().earliestExpiry()) {
      markers = cached.markers();
    } else {
      try {
        markers = store.markersFor(token.subject());
      } catch (RevocationStoreException e) {
        if (cached != null && cached.markers().revokes(token)) {
          return revoked(identity, token); // known before the store went away
        }
        if (failureMode == RevocationConfig.FailureMode.CLOSED) {
          throw new RevocationUnavailableException(e.reason());
        }
        onUnchecked.unchecked(e.reason());
        return Verdict.UNCHECKED;
      }
      if (notRevokedMillis > 0 || failureMode == RevocationConfig.FailureMode.OPEN) {
        // with no cache time the entry is still the "last known" markers an open failure mode falls
        // back on
        bound(bySubject);
        bySubject.put(token.subject(), new Fetched(markers, now));
      }
    }
    return markers.revokes(token) ? revoked(identity, token) : Verdict.NOT_REVOKED;
  }

  /** Warms the store (its classes, credentials, a connection) before a SnapStart snapshot. */
  public void prime() {
    store.prime();
  }

  /**
   * Forgets what was read and the store's credentials (before the snapshot and after a restore: the
   * snapshot is shared by many containers, and credentials fetched at init expire).
   */
  public void clear() {
    bySubject.clear();
    revokedUntil.clear();
    store.forgetCredentials();
  }

  public RevocationConfig.FailureMode failureMode() {
    return failureMode;
  }

  private Verdict revoked(String identity, TokenRef token) {
    bound(revokedUntil);
    revokedUntil.put(identity, token.expiresAt());
    return Verdict.REVOKED;
  }

  private static void bound(Map<String, ?> map) {
    if (map.size() >= MAX_ENTRIES) {
      map.clear();
    }
  }

  private static String identity(TokenRef token) {
    return token.subject()
        + '\n'
        + token.originJti()
        + '\n'
        + token.jti()
        + '\n'
        + token.authTime();
  }
}
