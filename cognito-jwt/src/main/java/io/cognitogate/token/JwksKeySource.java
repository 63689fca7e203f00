package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import java.math.BigInteger;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool's JWKS held in memory as an immutable kid -> key map. Fetched once up front
 * ({@link #refresh()}); an unknown kid triggers at most one refetch per {@code refetchInterval}
 * (key rotation), never a fetch per request. After a SnapStart restore, {@link #markStaleIfOlderThanWindow()}
 * makes keys fetched more than a window ago be refetched on next use.
 */
public final class JwksKeySource implements KeySource {

  /** Fetches the raw key list ({@link HttpJwksFetcher} in production). */
  @FunctionalInterface
  public interface Fetcher {
    List<Jwk> fetchAll() throws Exception;
  }

  private static final String RS256 = "RS256";
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final Fetcher fetcher;
  private final Clock clock;
  private final Duration refetchInterval;
  private final Object fetchLock = new Object();

  private volatile Map<String, VerificationKey> keys = Map.of();
  /** Time of the last fetch attempt (success or not); null before the first one. */
  private volatile Instant lastAttempt;
  private volatile boolean lastAttemptFailed;
  /** Time of the last successful fetch; null before the first one. */
  private volatile Instant lastSuccess;
  /** Set after a restore when the keys are older than a window: refetch before the next use. */
  private volatile boolean stale;
  /** Bumped whenever a fetch changes the key set (a removed or replaced key), for caches of verified tokens. */
  private volatile long generation;

  public JwksKeySource(Fetcher fetcher, Clock clock, Duration refetchInterval) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refetchInterval = Objects.requireNonNull(refetchInterval, "refetchInterval");
  }

  /** A key source over HTTP(S) ({@link HttpJwksFetcher}: JDK HttpURLConnection, JsonScanner) with the given timeouts. */
  public static JwksKeySource overHttp(URL jwksUrl, Duration connectTimeout, Duration readTimeout,
      Clock clock, Duration refetchInterval) {
    return new JwksKeySource(new HttpJwksFetcher(jwksUrl, connectTimeout, readTimeout), clock, refetchInterval);
  }

  /**
   * Fetches now, regardless of the rate limit (call it once at init).
   *
   * @throws JwksUnavailableException when the endpoint fails or offers no usable RS256 key
   */
  public void refresh() {
    synchronized (fetchLock) {
      fetchLocked();
    }
  }

  @Override
  public VerificationKey keyFor(String kid) {
    if (stale) {
      refreshStale();
    }
    VerificationKey key = keys.get(kid);
    if (key != null) {
      return key;
    }
    synchronized (fetchLock) {
      key = keys.get(kid);
      if (key != null) {
        return key; // another thread's refetch brought it
      }
      Instant last = lastAttempt;
      if (last == null || !clock.instant().isBefore(last.plus(refetchInterval))) {
        fetchLocked();
        key = keys.get(kid);
        if (key != null) {
          return key;
        }
      } else if (lastAttemptFailed) {
        // we cannot tell a rotated key from a forged kid while the endpoint is failing: fail closed as ours
        throw new JwksUnavailableException("JWKS unavailable; next fetch allowed after " + last.plus(refetchInterval));
      }
      throw new TokenRejectedException(Reason.UNKNOWN_KID);
    }
  }

  /**
   * For a SnapStart restore: keys fetched a window or more ago (or never) are refetched on next use.
   * Until a refetch succeeds they keep serving, as in any long-lived container; the attempts stay
   * limited to one per window.
   *
   * @return true if the keys were marked stale
   */
  public boolean markStaleIfOlderThanWindow() {
    Instant fetched = lastSuccess;
    boolean old = fetched == null || !clock.instant().isBefore(fetched.plus(refetchInterval));
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

  private void refreshStale() {
    synchronized (fetchLock) {
      Instant last = lastAttempt;
      if (!stale || (last != null && clock.instant().isBefore(last.plus(refetchInterval)))) {
        return;
      }
      try {
        fetchLocked();
      } catch (JwksUnavailableException e) {
        // the keys we hold still verify what they verified before the snapshot; unknown kids fail closed as ours
      }
    }
  }

  /** Number of usable keys held (for tests and diagnostics). */
  public int size() {
    return keys.size();
  }

  private void fetchLocked() {
    lastAttempt = clock.instant();
    List<Jwk> jwks;
    try {
      jwks = fetcher.fetchAll();
    } catch (Exception e) {
      lastAttemptFailed = true;
      throw new JwksUnavailableException("JWKS fetch failed: " + e.getClass().getSimpleName(), e);
    }
    Map<String, VerificationKey> fresh = usableKeys(jwks);
    if (fresh.isEmpty()) {
      lastAttemptFailed = true;
      throw new JwksUnavailableException("JWKS holds no usable RS256 signing key");
    }
    if (!sameKeys(keys, fresh)) {
      generation++;
    }
    keys = fresh;
    lastAttemptFailed = false;
    lastSuccess = lastAttempt;
    stale = false;
  }

  private static boolean sameKeys(Map<String, VerificationKey> old, Map<String, VerificationKey> fresh) {
    if (old.size() != fresh.size()) {
      return false;
    }
    for (VerificationKey key : fresh.values()) {
      VerificationKey before = old.get(key.kid());
      if (before == null || !before.sameKey(key)) {
        return false;
      }
    }
    return true;
  }

  /** A JWK member holding an unsigned big-endian integer in base64url (RFC 7518 section 6.3.1: {@code n}, {@code e}). */
  private static BigInteger unsigned(Jwk jwk, String member) {
    if (!(jwk.getAdditionalAttributes().get(member) instanceof String value)) {
      throw new IllegalArgumentException("no " + member);
    }
    return new BigInteger(1, BASE64URL.decode(value));
  }

  /** kty RSA, use absent or sig, alg absent or RS256, a kid and a valid key of 2048+ bits; the rest is ignored. */
  static Map<String, VerificationKey> usableKeys(List<Jwk> jwks) {
    Map<String, VerificationKey> usable = new HashMap<>();
    if (jwks == null) {
      return Map.of();
    }
    for (Jwk jwk : jwks) {
      if (jwk == null || jwk.getId() == null || jwk.getId().isEmpty()
          || !"RSA".equals(jwk.getType())
          || !(jwk.getUsage() == null || "sig".equals(jwk.getUsage()))
          || !(jwk.getAlgorithm() == null || RS256.equals(jwk.getAlgorithm()))) {
        continue;
      }
      try {
        usable.put(jwk.getId(), new VerificationKey(jwk.getId(), unsigned(jwk, "n"), unsigned(jwk, "e"), jwk.getAlgorithm()));
      } catch (RuntimeException e) {
        // a broken or weak entry (not base64url, under 2048 bits, e = 1, ...) must not take the whole set down
      }
    }
    return Map.copyOf(usable);
  }
}
