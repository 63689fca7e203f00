package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.MalformedMethodArnException;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationUnavailableException;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenRejectedException;
import io.cognitogate.token.VerifiedToken;
import java.util.Objects;

/**
 * The decision for one request: method ARN, token (from the {@link DecisionCache} or verified),
 * revocation, rules, policy, one log line. A bad or revoked token is an {@link UnauthorizedException}
 * (401); a JWKS, revocation-store or method ARN problem is rethrown as ours (500), never an Allow.
 * Rules and policy are evaluated per request and route, from the verified claims; only those claims
 * are cached. The objects it uses are built once per container by {@link AuthorizerWiring}.
 */
public final class Authorizer {
  private final CognitoTokenVerifier verifier;
  private final RouteRules rules;
  private final DecisionLog log;
  private final DecisionCache cache;
  /** Null when revocation is off (no REVOCATION_TABLE): then no DynamoDB class is ever loaded. */
  private final RevocationGuard revocation;
  private final PolicyCache policies = new PolicyCache();

  /** Without a decision cache or revocation: every token is verified. */
  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log) {
    this(verifier, rules, log, null, null);
  }

  /**
   * @param cache verified tokens by Authorization value; null for none
   * @param revocation the revocation check run after every verified (or cached) token; null for none
   */
  public Authorizer(CognitoTokenVerifier verifier, RouteRules rules, DecisionLog log, DecisionCache cache,
      RevocationGuard revocation) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.log = Objects.requireNonNull(log, "log");
    this.cache = cache;
    this.revocation = revocation;
  }

  public IamPolicyResponseV1 authorize(String authorizationToken, String methodArn) {
    PolicyCache.Route route;
    try {
      route = policies.route(methodArn);
    } catch (MalformedMethodArnException e) {
      log.error("MALFORMED_METHOD_ARN", e.getMessage());
      throw e;
    }
    DecisionCache.Entry entry = cache == null ? null : cache.get(authorizationToken);
    VerifiedToken token = entry == null ? null : entry.token();
    try {
      if (token == null) {
        token = verifier.verify(authorizationToken);
        entry = cache == null ? null : cache.put(authorizationToken, token);
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
    IamPolicyResponseV1.PolicyDocument document = policy.document();
    IamPolicyResponseV1 response = entry == null ? PolicyBuilder.response(token, document)
        : PolicyBuilder.response(token.subject(), document, entry.context());
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

  static String describe(Throwable e) {
    StringBuilder detail = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      detail.append(" <- ").append(cause.getClass().getSimpleName());
    }
    return detail.toString();
  }
}
