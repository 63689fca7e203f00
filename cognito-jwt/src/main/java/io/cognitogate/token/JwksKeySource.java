package io.cognitogate.token;

import com.auth0.jwk.Jwk;
import com.auth0.jwk.UrlJwkProvider;
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
 * The pool's JWKS held in memory as an immutable kid -> key map. Fetched once up front
 * ({@link #refresh()}); an unknown kid triggers at most one refetch per {@code refetchInterval}
 * (key rotation), never a fetch per request.
 */
public final class JwksKeySource implements KeySource {

  /** Fetches the raw key list (jwks-rsa {@code UrlJwkProvider::getAll} in production). */
  @FunctionalInterface
  public interface Fetcher {
    List<Jwk> fetchAll() throws Exception;
  }

  private static final String RS256 = "RS256";

  private final Fetcher fetcher;
  private final Clock clock;
  private final Duration refetchInterval;
  private final Object fetchLock = new Object();

  private volatile Map<String, VerificationKey> keys = Map.of();
  /** Time of the last fetch attempt (success or not); null before the first one. */
  private volatile Instant lastAttempt;
  private volatile boolean lastAttemptFailed;

  public JwksKeySource(Fetcher fetcher, Clock clock, Duration refetchInterval) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refetchInterval = Objects.requireNonNull(refetchInterval, "refetchInterval");
  }

  /** A key source over HTTP(S) with jwks-rsa's {@link UrlJwkProvider} and the given timeouts. */
  public static JwksKeySource overHttp(URL jwksUrl, Duration connectTimeout, Duration readTimeout,
      Clock clock, Duration refetchInterval) {
    UrlJwkProvider provider = new UrlJwkProvider(jwksUrl,
        Math.toIntExact(connectTimeout.toMillis()), Math.toIntExact(readTimeout.toMillis()));
    return new JwksKeySource(provider::getAll, clock, refetchInterval);
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
    keys = fresh;
    lastAttemptFailed = false;
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
      PublicKey publicKey;
      try {
        publicKey = jwk.getPublicKey();
      } catch (Exception e) {
        continue; // a broken entry must not take the whole set down
      }
      // keys under 2048 bits are not what Cognito publishes and are too weak to trust
      if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
        usable.put(jwk.getId(), new VerificationKey(jwk.getId(), rsa, jwk.getAlgorithm()));
      }
    }
    return Map.copyOf(usable);
  }
}
