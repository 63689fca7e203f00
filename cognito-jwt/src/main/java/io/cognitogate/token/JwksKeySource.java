package io.cognitogate.token;

import com.auth0.jwk.InvalidPublicKeyException;
import com.auth0.jwk.Jwk;
import java.net.URL;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool's signing keys in memory, as an immutable kid -> key map, with the refetch rules of
 * aws-jwt-verify:
 *
 * <ul>
 *   <li>fetched once up front ({@link #refresh()}), never per request;
 *   <li>an unknown kid triggers a refetch at once, unless a fetch in the last {@code penaltyWindow}
 *       already failed outright or failed to produce the kid it was made for: a rotated key is
 *       trusted after exactly one refetch, a flood of random kids costs at most one fetch per
 *       window;
 *   <li>keys are trusted for {@code keyLifetime} after the fetch that brought them; the next use
 *       after that refetches, and if that fails nothing is trusted (a key the pool removed stops
 *       working);
 *   <li>after a SnapStart restore, {@link #markStaleIfOlderThanWindow()} makes keys fetched more
 *       than a window ago be refetched on next use (they serve meanwhile if the refetch fails).
 * </ul>
 *
 * The fetch and the JWK parsing are jwks-rsa's; the public key objects are built by its {@link
 * Jwk#getPublicKey()} (JCA's KeyFactory). Only RSA signing keys of 2048 bits or more whose {@code
 * alg}, if named, is RS256 are kept.
 */
public final class JwksKeySource implements KeySource {

  /** Fetches the raw key list ({@link JwksFetcher} in production). */
  @FunctionalInterface
  public interface Fetcher {
    List<Jwk> fetchAll() throws Exception;
  }

  private static final String RS256 = "RS256";

  /** RFC 7518 section 3.3: RS256 keys are 2048 bits or more. */
  static final int MIN_MODULUS_BITS = 2048;

  /** The keys of one successful fetch. */
  private record KeySet(Map<String, RSAPublicKey> byKid, Instant fetchedAt) {
    static final KeySet NONE = new KeySet(Map.of(), Instant.MIN);
  }

  private final Fetcher fetcher;
  private final Clock clock;
  private final Duration penaltyWindow;
  private final Duration keyLifetime;
  private final Object fetchLock = new Object();

  private volatile KeySet keys = KeySet.NONE;

  /**
   * When the last fetch failed outright or did not bring the kid it was made for; null if none did.
   */
  private volatile Instant lastPenalty;

  private volatile boolean lastPenaltyWasOutright;

  /** Set after a restore when the keys are older than a window: refetch before the next use. */
  private volatile boolean stale;

  /**
   * Bumped whenever a fetch changes the key set (a removed or replaced key), for caches of verified
   * tokens.
   */
  private volatile long generation;

  public JwksKeySource(Fetcher fetcher, Clock clock, Duration penaltyWindow, Duration keyLifetime) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.penaltyWindow = Objects.requireNonNull(penaltyWindow, "penaltyWindow");
    this.keyLifetime = Objects.requireNonNull(keyLifetime, "keyLifetime");
    if (penaltyWindow.isNegative() || keyLifetime.isNegative() || keyLifetime.isZero()) {
      throw new IllegalArgumentException(
          "penalty window must not be negative, key lifetime must be positive");
    }
  }

  /** A key source over HTTP(S) ({@link JwksFetcher}) with the given timeouts. */
  public static JwksKeySource overHttp(
      URL jwksUrl,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock,
      Duration penaltyWindow,
      Duration keyLifetime) {
    return new JwksKeySource(
        new JwksFetcher(jwksUrl, connectTimeout, readTimeout), clock, penaltyWindow, keyLifetime);
  }

  /**
   * Fetches now, whatever the penalty window (call it once at init, or before a snapshot).
   *
   * @throws JwksUnavailableException when the endpoint fails or offers no usable RS256 key
   */
  public void refresh() {
    synchronized (fetchLock) {
      fetchLocked();
    }
  }

  @Override
  public RSAPublicKey keyFor(String kid) {
    if (kid == null || kid.isEmpty()) {
      throw new TokenRejectedException(Reason.MISSING_KID, "kid");
    }
    KeySet before = keys;
    KeySet held = stale || expired(before) ? refreshDue() : before;
    RSAPublicKey key = held.byKid().get(kid);
    if (key != null) {
      return key;
    }
    synchronized (fetchLock) {
      KeySet current = keys;
      key = current.byKid().get(kid);
      if (key != null) {
        return key; // another thread's refetch brought it
      }
      if (current != before) {
        // a fetch made after this request arrived (for the keys' lifetime, or by another request)
        // lacks the kid
        penalise(false);
        throw new TokenRejectedException(Reason.UNKNOWN_KID);
      }
      if (inPenalty()) {
        if (lastPenaltyWasOutright) {
          // a rotated key cannot be told from a forged kid while the endpoint fails: fail closed,
          // as ours
          throw new JwksUnavailableException(
              "JWKS unavailable; next fetch allowed after " + lastPenalty.plus(penaltyWindow));
        }
        throw new TokenRejectedException(Reason.UNKNOWN_KID);
      }
      key = fetchLocked().byKid().get(kid);
      if (key == null) {
        penalise(false);
        throw new TokenRejectedException(Reason.UNKNOWN_KID);
      }
      return key;
    }
  }

  /**
   * For a SnapStart restore: keys fetched a window or more ago (or never) are refetched on next
   * use. Until a refetch succeeds they keep serving within their lifetime; attempts stay at one per
   * window.
   *
   * @return true if the keys were marked stale
   */
  public boolean markStaleIfOlderThanWindow() {
    boolean old = !clock.instant().isBefore(keys.fetchedAt().plus(penaltyWindow));
    if (old) {
      stale = true;
    }
    return old;
  }

  /** True while a refetch is due after a restore. */
  public boolean stale() {
    return stale;
  }

  /** Changes whenever a fetch changes the key set; equal values mean the same keys. */
  public long generation() {
    return generation;
  }

  /** Number of usable keys held (for tests and diagnostics). */
  public int size() {
    return keys.byKid().size();
  }

  private boolean expired(KeySet held) {
    return held != KeySet.NONE && !clock.instant().isBefore(held.fetchedAt().plus(keyLifetime));
  }

  private boolean inPenalty() {
    Instant last = lastPenalty;
    return last != null && clock.instant().isBefore(last.plus(penaltyWindow));
  }

  /**
   * A refetch after a restore or at the end of the keys' lifetime; at most one attempt per window.
   */
  private KeySet refreshDue() {
    synchronized (fetchLock) {
      KeySet held = keys;
      boolean expired = expired(held);
      if (!(stale || expired)) {
        return held; // another thread refreshed them
      }
      if (!inPenalty()) {
        try {
          return fetchLocked();
        } catch (JwksUnavailableException e) {
          if (expired) {
            throw e;
          }
          return held; // stale after a restore but within their lifetime: they still verify what
          // they did
        }
      }
      if (expired) {
        throw new JwksUnavailableException("JWKS keys expired and the last refetch failed");
      }
      return held;
    }
  }

  private KeySet fetchLocked() {
    List<Jwk> jwks;
    try {
      jwks = fetcher.fetchAll();
    } catch (Exception e) {
      penalise(true);
      throw new JwksUnavailableException("JWKS fetch failed: " + e.getClass().getSimpleName(), e);
    }
    Map<String, RSAPublicKey> usable = usableKeys(jwks);
    if (usable.isEmpty()) {
      penalise(true);
      throw new JwksUnavailableException("JWKS holds no usable RS256 signing key");
    }
    if (!usable.equals(keys.byKid())) {
      generation++;
    }
    KeySet fresh = new KeySet(usable, clock.instant());
    keys = fresh;
    stale = false;
    lastPenalty = null;
    return fresh;
  }

  private void penalise(boolean outright) {
    lastPenaltyWasOutright = outright;
    lastPenalty = clock.instant();
  }

  /**
   * kty RSA, use absent or sig, alg absent or RS256, a kid, and a public key of 2048+ bits; the
   * rest is skipped.
   */
  static Map<String, RSAPublicKey> usableKeys(List<Jwk> jwks) {
    if (jwks == null) {
      return Map.of();
    }
    Map<String, RSAPublicKey> usable = new HashMap<>();
    for (Jwk jwk : jwks) {
      if (jwk == null
          || jwk.getId() == null
          || jwk.getId().isEmpty()
          || !"RSA".equals(jwk.getType())
          || !(jwk.getUsage() == null || "sig".equals(jwk.getUsage()))
          || !(jwk.getAlgorithm() == null || RS256.equals(jwk.getAlgorithm()))) {
        continue;
      }
      try {
        PublicKey key = jwk.getPublicKey();
        if (key instanceof RSAPublicKey rsa
            && rsa.getModulus().bitLength() >= MIN_MODULUS_BITS
            && rsa.getPublicExponent().bitLength() > 1) {
          usable.put(jwk.getId(), rsa);
        }
      } catch (InvalidPublicKeyException | RuntimeException e) {
        // a broken or weak entry must not take the whole set down
      }
    }
    return Map.copyOf(usable);
  }
}
