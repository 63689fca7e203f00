package io.cognitogate.authorizer;

import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.MalformedMethodArnException;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.BearerToken;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.HttpJwksFetcher;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenRejectedException;
import io.cognitogate.token.VerifiedToken;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationStoreException;
import io.cognitogate.revocation.RevocationStores;
import io.cognitogate.revocation.RevocationUnavailableException;
import io.cognitogate.revocation.TokenRef;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The decision: method ARN, token (from the {@link DecisionCache} or verified), rules, policy, one
 * log line. A bad token is an {@link UnauthorizedException} (401); a JWKS or method ARN problem is
 * rethrown as is (500), never an Allow. Rules and policy are evaluated per request and route, from
 * the verified claims; only those claims are cached.
 */
public final class Authorizer {
  private final CognitoTokenVerifier verifier;
  private final RouteRules rules;
  private final DecisionLog log;
  private final DecisionCache cache;
  private final JwksKeySource keys;
  /** Null when revocation is off (no REVOCATION_TABLE): then no DynamoDB class is ever loaded. */
  private final RevocationGuard revocation;
  private final PolicyCache policies = new PolicyCache();

  /** Without a decision cache: every token is verified. */
  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log) {
    this(verifier, rules, log, null, null);
  }

  /**
   * @param cache verified tokens by a keyed hash of the Authorization value; null for none
   * @param keys the verifier's key source when it is a JWKS (SnapStart hooks refresh it); may be null
   */
  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log, DecisionCache cache,
      JwksKeySource keys) {
    this(verifier, rules, log, cache, keys, null);
  }

  /**
   * @param revocation the revocation check run after every verified (or cached) token; null for none
   */
  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log, DecisionCache cache,
      JwksKeySource keys, RevocationGuard revocation) {
    this.revocation = revocation;
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.log = Objects.requireNonNull(log, "log");
    this.cache = cache;
    this.keys = keys;
  }

  /**
   * Wires the production collaborators and fetches the JWKS now (Lambda's init phase). A failed
   * fetch is logged, not thrown: the first request retries within the rate limit and fails closed.
   */
  public static Authorizer create(AuthorizerConfig config, Clock clock, DecisionLog log) {
    return create(config, Optional.empty(), clock, log, null);
  }

  /** With revocation at the edge when {@code revocation} is present (REVOCATION_TABLE set). */
  public static Authorizer create(AuthorizerConfig config, Optional<RevocationConfig> revocation, Clock clock,
      DecisionLog log) {
    return create(config, revocation, clock, log, null);
  }

  /**
   * As {@link #create(AuthorizerConfig, Clock, DecisionLog)}, with the warm-up already running on
   * {@code warmup} (see {@link Warmup#start}); null runs it here, during the JWKS transfer.
   */
  static Authorizer create(AuthorizerConfig config, Optional<RevocationConfig> revocation, Clock clock,
      DecisionLog log, Thread warmup) {
    HttpJwksFetcher fetcher = new HttpJwksFetcher(config.jwksUrl(), config.connectTimeout(), config.readTimeout());
    fetcher.prefetch(); // the transfer runs on its own thread while the decision path warms up
    RevocationGuard guard = revocation.isPresent() ? guard(revocation.get(), clock, log) : null;
    // the store's classes, credentials and connection (TLS included) during the JWKS transfer, not in the first request
    Thread priming = guard == null ? null : startPriming(guard);
    if (warmup == null) {
      Warmup.run(config.rules(), clock);
    } else {
      Warmup.primeOnInitThread(); // meanwhile the warm-up thread loads the JSON side
      try {
        warmup.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    JwksKeySource keys = new JwksKeySource(fetcher, clock, config.refetchInterval());
    try {
      keys.refresh();
    } catch (JwksUnavailableException e) {
      log.event("jwks_init_failed", describe(e));
    }

    if (priming != null) {
      try {
        // bounded: a store that does not answer costs init at most one call timeout, and the request pays nothing more
        priming.join(Math.max(1, revocation.get().callTimeout().toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    return new Authorizer(new CognitoTokenVerifier(config.verifierConfig(), keys, clock), config.rules(), log,
        new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, clock, keys), keys, guard);
  }

  /** One Query for a subject no token has ({@link RevocationGuard#prime}: it never throws) on a daemon thread. */
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

  /** The store is opened reflectively: this class names no DynamoDB type (cold start with revocation off). */
  static RevocationGuard guard(RevocationConfig config, Clock clock, DecisionLog log) {
    return new RevocationGuard(RevocationStores.open(config, clock), config.failureMode(),
        config.notRevokedCacheTime(), clock, new MetricLine(log, config.failureMode(), clock));
  }

  /** Open failure mode: one metric line per authorization allowed without a revocation check. */
  static final class MetricLine implements RevocationGuard.UncheckedListener {
    private final DecisionLog log;
    private final String failureMode;
    private final Clock clock;

    MetricLine(DecisionLog log, RevocationConfig.FailureMode failureMode, Clock clock) {
      this.log = log;
      this.failureMode = failureMode.name().toLowerCase(java.util.Locale.ROOT);
      this.clock = clock;
    }

    @Override
    public void unchecked(RevocationStoreException.Reason reason) {
      log.metric("RevocationStoreUnavailable", failureMode, reason.name(), clock.millis());
    }
  }

  /** The revocation check, or null when revocation is off. */
  public RevocationGuard revocation() {
    return revocation;
  }

  /** The decision cache, or null. */
  public DecisionCache cache() {
    return cache;
  }

  /** The JWKS key source, or null. */
  public JwksKeySource keys() {
    return keys;
  }

  DecisionLog log() {
    return log;
  }

  public AuthorizerResponse authorize(String authorizationToken, String methodArn) {
    PolicyCache.Route route;
    try {
      route = policies.route(methodArn);
    } catch (MalformedMethodArnException e) {
      log.error("MALFORMED_METHOD_ARN", e.getMessage());
      throw e;
    }
    // one ISO-8859-1 copy of the value, hashed for the cache and then parsed on a miss
    byte[] latin1 = cache == null || authorizationToken == null || authorizationToken.length() > BearerToken.MAX_LENGTH
        ? null : authorizationToken.getBytes(StandardCharsets.ISO_8859_1);
    DecisionCache.Key key = latin1 == null ? null : cache.key(latin1);
    DecisionCache.Entry entry = key == null ? null : cache.get(key);
    VerifiedToken token = entry == null ? null : entry.token();
    try {
      if (token == null) {
        token = verifier.verify(BearerToken.parse(authorizationToken, latin1));
        entry = cache == null ? null : cache.put(key, token);
      }
    } catch (TokenRejectedException e) {
      log.decision("unauthorized", e.reason().name(), e.subject(), e.kid());
      throw new UnauthorizedException();
    } catch (JwksUnavailableException e) {
      log.error("JWKS_UNAVAILABLE", describe(e));
      throw e;
    } catch (RuntimeException e) {
      // a bug of ours: fail closed as a 500; the cause is not chained, its message might quote the request
      log.error("INTERNAL", e.getClass().getName());
      throw new IllegalStateException("authorizer failed: " + e.getClass().getName());
    }
    if (revocation != null) {
      checkRevocation(token);
    }
    RoutePolicy policy = route.policy(rules.unsatisfied(token), rules);
    Map<String, Object> document = policy.document();
    AuthorizerResponse response = entry == null ? PolicyBuilder.response(token, document)
        : new AuthorizerResponse(token.subject(), document, entry.context());
    String outcome = policy.verdict().deniesRequest() ? "deny" : "allow";
    String reason = policy.verdict().name();
    if (entry != null) {
      log.decision(outcome, reason, entry.logFields());
    } else {
      log.decision(outcome, reason, token.subject(), token.kid());
    }
    return response;
  }

  /**
   * Revoked: Unauthorized (401). The store unavailable in the closed mode: rethrown as our error
   * (API Gateway 500, remapped to 503), never an Allow and never a Deny API Gateway would cache.
   */
  private void checkRevocation(VerifiedToken token) {
    RevocationGuard.Verdict verdict;
    try {
      verdict = revocation.check(new TokenRef(token.subject(), token.jti(), token.originJti(), token.authTime(),
          token.expiresAt()));
    } catch (RevocationUnavailableException e) {
      log.error("REVOCATION_UNAVAILABLE", e.reason().name());
      throw e;
    } catch (RuntimeException e) {
      log.error("INTERNAL", e.getClass().getName());
      throw new IllegalStateException("authorizer failed: " + e.getClass().getName());
    }
    if (verdict == RevocationGuard.Verdict.REVOKED) {
      log.decision("unauthorized", "REVOKED", token.subject(), token.kid());
      throw new UnauthorizedException();
    }
  }

  private static String describe(Throwable e) {
    StringBuilder detail = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      detail.append(" <- ").append(cause.getClass().getSimpleName());
    }
    return detail.toString();
  }
}
