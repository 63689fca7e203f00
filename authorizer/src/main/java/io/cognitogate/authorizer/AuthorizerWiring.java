package io.cognitogate.authorizer;

import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationStoreException;
import io.cognitogate.revocation.RevocationStores;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksFetcher;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one container holds, built once in Lambda's init phase: the JWKS key source, the verifier,
 * the decision cache, the revocation check and the {@link Authorizer} over them. Init work
 * overlaps: the JWKS transfer runs on its own thread while the decision path's classes are loaded
 * (the {@link Warmup}) and the revocation store is primed. A failed JWKS fetch is logged, not
 * thrown: the first request retries within the penalty window and fails closed.
 */
public final class AuthorizerWiring {
  private final Authorizer authorizer;
  private final JwksKeySource keys;
  private final DecisionCache cache;
  private final RevocationGuard revocation;

  public AuthorizerWiring(
      Authorizer authorizer, JwksKeySource keys, DecisionCache cache, RevocationGuard revocation) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.keys = keys;
    this.cache = cache;
    this.revocation = revocation;
  }

  /** Revocation off; the warm-up runs on the init thread during the JWKS transfer. */
  public static AuthorizerWiring create(AuthorizerConfig config, Clock clock, DecisionLog log) {
    return create(config, Optional.empty(), clock, log, null);
  }

  /**
   * @param revocation present when REVOCATION_TABLE is set
   * @param warmup the warm-up already running (see {@link Warmup#start}); null runs it here
   */
  static AuthorizerWiring create(
      AuthorizerConfig config,
      Optional<RevocationConfig> revocation,
      Clock clock,
      DecisionLog log,
      Thread warmup) {
    JwksFetcher fetcher =
        new JwksFetcher(config.jwksUrl(), config.connectTimeout(), config.readTimeout());
    fetcher.prefetch(); // the transfer runs on its own thread while the decision path warms up
    RevocationGuard guard = revocation.isPresent() ? guard(revocation.get(), clock, log) : null;
    // the store's classes, credentials and connection (TLS included) during the JWKS transfer, not
    // in the first request
    Thread priming = guard == null ? null : startPriming(guard);
    if (warmup == null) {
      Warmup.run(config.rules(), clock);
    } else {
      Warmup.primeOnInitThread();
      join(warmup, 0);
    }
    JwksKeySource keys =
        new JwksKeySource(fetcher, clock, config.refetchInterval(), config.keyLifetime());
    try {
      keys.refresh();
    } catch (JwksUnavailableException e) {
      log.event("jwks_init_failed", Authorizer.describe(e));
    }
    if (priming != null) {
      // bounded: a store that does not answer costs init at most one call timeout, and the request
      // pays nothing more
      join(priming, Math.max(1, revocation.get().callTimeout().toMillis()));
    }
    DecisionCache cache = new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, clock, keys);
    Authorizer authorizer =
        new Authorizer(
            new CognitoTokenVerifier(config.verifierConfig(), keys, clock),
            config.rules(),
            log,
            cache,
            guard);
    return new AuthorizerWiring(authorizer, keys, cache, guard);
  }

  private static void join(Thread thread, long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One Query for a subject no token has ({@link RevocationGuard#prime}: it never throws) on a
   * daemon thread.
   */
  private static Thread startPriming(RevocationGuard guard) {
    Thread thread = new Thread(new Priming(guard), "revocation-prime");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A class, not a method reference: no lambda bootstrap on the cold path. */
  private static final class Priming implements Runnable {
    private final RevocationGuard guard;

    Priming(RevocationGuard guard) {
      this.guard = guard;
    }

    @Override
    public void run() {
      guard.prime();
    }
  }

  static RevocationGuard guard(RevocationConfig config, Clock clock, DecisionLog log) {
    return new RevocationGuard(
        RevocationStores.open(config, clock),
        config.failureMode(),
        config.notRevokedCacheTime(),
        clock,
        new MetricLine(log, config.failureMode(), clock));
  }

  /** Open failure mode: one metric line per authorization allowed without a revocation check. */
  static final class MetricLine implements RevocationGuard.UncheckedListener {
    private final DecisionLog log;
    private final String failureMode;
    private final Clock clock;

    MetricLine(DecisionLog log, RevocationConfig.FailureMode failureMode, Clock clock) {
      this.log = log;
      this.failureMode = failureMode.name().toLowerCase(Locale.ROOT);
      this.clock = clock;
    }

    @Override
    public void unchecked(RevocationStoreException.Reason reason) {
      log.metric("RevocationStoreUnavailable", failureMode, reason.name(), clock.millis());
    }
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  /** The JWKS key source, or null (an authorizer built over other keys). */
  public JwksKeySource keys() {
    return keys;
  }

  /** The decision cache, or null. */
  public DecisionCache cache() {
    return cache;
  }

  /** The revocation check, or null when revocation is off. */
  public RevocationGuard revocation() {
    return revocation;
  }
}
