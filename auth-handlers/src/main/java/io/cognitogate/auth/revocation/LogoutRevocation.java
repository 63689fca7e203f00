package io.cognitogate.auth.revocation;

import io.cognitogate.auth.Log;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationStore;
import io.cognitogate.revocation.RevocationStores;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.Reason;
import io.cognitogate.token.TokenRejectedException;
import io.cognitogate.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The logout side of revocation at the edge: verifies the caller's access token with the
 * authorizer's verifier and writes the marker the authorizer reads, before Cognito is called. On
 * only when {@code REVOCATION_TABLE} is set.
 */
public final class LogoutRevocation {

  /** What a marker write did. */
  public enum Written {
    /** {@code FAM#<origin_jti>}, {@code JTI#<jti>} or {@code USER}. */
    MARKER,
    /** The access token has already expired: nothing left to revoke at the edge. */
    NOTHING_EXPIRED
  }

  /**
   * The access token cannot be used for this logout (401 invalid_token). Carries the reason only.
   */
  public static final class InvalidAccessToken extends Exception {
    private final Reason reason;

    InvalidAccessToken(Reason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private final CognitoTokenVerifier verifier;
  private final RevocationStore store;
  private final Duration markerLifetime;
  private final Clock clock;

  public LogoutRevocation(
      CognitoTokenVerifier verifier, RevocationStore store, Duration markerLifetime, Clock clock) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.store = Objects.requireNonNull(store, "store");
    this.markerLifetime = Objects.requireNonNull(markerLifetime, "markerLifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Empty when {@code REVOCATION_TABLE} is unset. Fetches the JWKS now (Lambda init); a failure is
   * retried later.
   */
  public static Optional<LogoutRevocation> fromEnvironment(Map<String, String> env, Clock clock) {
    Optional<RevocationConfig> revocation = RevocationConfig.fromEnvironment(env);
    if (revocation.isEmpty()) {
      return Optional.empty();
    }
    LogoutVerifierConfig config = LogoutVerifierConfig.fromEnvironment(env);
    JwksKeySource keys =
        JwksKeySource.overHttp(
            config.jwksUrl(),
            config.connectTimeout(),
            config.readTimeout(),
            clock,
            config.refetchInterval(),
            config.keyLifetime());
    try {
      keys.refresh();
    } catch (JwksUnavailableException e) {
      Log.revocation("init", "jwks_init_failed", "ERROR", null);
    }
    RevocationStore store = RevocationStores.open(revocation.get(), clock);
    return Optional.of(
        new LogoutRevocation(
            new CognitoTokenVerifier(config.verifier(), keys, clock),
            store,
            revocation.get().markerLifetime(),
            clock));
  }

  /**
   * {@code DELETE /auth}: marks the session of the access token ({@code FAM#<origin_jti>}, else
   * {@code JTI#<jti>}).
   *
   * @throws InvalidAccessToken the header holds no valid access token of this client (expired is
   *     fine)
   * @throws JwksUnavailableException the keys cannot be had (503)
   * @throws io.cognitogate.revocation.RevocationStoreException the marker was not written (503)
   */
  public Written revokeSession(String authorization) throws InvalidAccessToken {
    VerifiedToken token;
    try {
      token = verifier.verify(authorization);
    } catch (TokenRejectedException e) {
      if (e.reason() == Reason.EXPIRED) {
        return Written.NOTHING_EXPIRED; // the authorizer rejects it anyway
      }
      throw new InvalidAccessToken(e.reason());
    }
    if (token.originJti().isEmpty() && token.jti().isEmpty()) {
      throw new InvalidAccessToken(Reason.MISSING_TOKEN); // nothing identifies its session
    }
    long now = nowSeconds();
    store.put(Marker.session(ref(token), now, now + markerLifetime.toSeconds()));
    return Written.MARKER;
  }

  /**
   * {@code DELETE /auth?scope=global}: marks every session of the user ({@code USER}, signedOutAt
   * now).
   *
   * @throws InvalidAccessToken the header holds no valid, unexpired access token of this client
   */
  public Written signOutEverywhere(String authorization) throws InvalidAccessToken {
    VerifiedToken token;
    try {
      token = verifier.verify(authorization);
    } catch (TokenRejectedException e) {
      throw new InvalidAccessToken(e.reason());
    }
    long now = nowSeconds();
    store.put(Marker.user(token.subject(), now, now + markerLifetime.toSeconds()));
    return Written.MARKER;
  }

  private long nowSeconds() {
    return Math.floorDiv(clock.millis(), 1000L);
  }

  private static TokenRef ref(VerifiedToken token) {
    return new TokenRef(
        token.subject(), token.jti(), token.originJti(), token.authTime(), token.expiresAt());
  }
}
