package io.cognitogate.authorizer;

import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.MalformedMethodArnException;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenRejectedException;
import io.cognitogate.token.VerifiedToken;
import java.time.Clock;
import java.util.Objects;

/**
 * The decision: method ARN, token verification, rules, policy, one log line. A bad token is an
 * {@link UnauthorizedException} (401); a JWKS or method ARN problem is rethrown as is (500), never
 * an Allow. (A decision cache would sit in front of {@code verifier.verify}.)
 */
public final class Authorizer {
  private final CognitoTokenVerifier verifier;
  private final RouteRules rules;
  private final DecisionLog log;
  private final PolicyCache policies = new PolicyCache();

  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Wires the production collaborators and fetches the JWKS now (Lambda's init phase). A failed
   * fetch is logged, not thrown: the first request retries within the rate limit and fails closed.
   */
  public static Authorizer create(AuthorizerConfig config, Clock clock, DecisionLog log) {
    JwksKeySource keys = JwksKeySource.overHttp(config.jwksUrl(), config.connectTimeout(), config.readTimeout(),
        clock, config.refetchInterval());
    try {
      keys.refresh();
    } catch (JwksUnavailableException e) {
      log.event("jwks_init_failed", describe(e));
    }
    return new Authorizer(new CognitoTokenVerifier(config.verifierConfig(), keys, clock), config.rules(), log);
  }

  public AuthorizerResponse authorize(String authorizationToken, String methodArn) {
    PolicyCache.Route route;
    try {
      route = policies.route(methodArn);
    } catch (MalformedMethodArnException e) {
      log.error("MALFORMED_METHOD_ARN", e.getMessage());
      throw e;
    }
    VerifiedToken token;
    try {
      token = verifier.verify(authorizationToken);
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
    long unsatisfied = rules.unsatisfied(token);
    AuthorizerResponse response = PolicyBuilder.response(token, route.document(unsatisfied, rules::deniedResources));
    if (unsatisfied != 0 && rules.deniesRequest(route.arn(), unsatisfied)) {
      log.decision("deny", "RULE_NOT_SATISFIED", token.subject(), token.kid());
    } else {
      log.decision("allow", unsatisfied == 0 ? "VERIFIED" : "VERIFIED_WITH_DENIED_ROUTES", token.subject(), token.kid());
    }
    return response;
  }

  private static String describe(Throwable e) {
    StringBuilder detail = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      detail.append(" <- ").append(cause.getClass().getSimpleName());
    }
    return detail.toString();
  }
}
