package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.MalformedMethodArnException;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.authorizer.policy.RequestTarget;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.authorizer.rules.UnsatisfiedRules;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationUnavailableException;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.TokenRejectedException;
import io.cognitogate.token.VerifiedToken;
import java.util.Map;
import java.util.Objects;

/**
 * The decision for one request, shared by every handler: method ARN, token (from the {@link
 * DecisionCache} or verified), revocation, rules, policy, one log line. A bad or revoked token is
 * an {@link UnauthorizedException} (401); a JWKS, revocation-store or method ARN problem is
 * rethrown as ours (500), never an Allow. Rules and policy are evaluated per request and route,
 * from the verified claims; only those claims are cached. {@link #decide} gives a {@link Decision};
 * the handlers differ only in the shape they answer it in ({@link #authorize} is the REST policy).
 * The objects it uses are built once per container by {@link AuthorizerWiring}.
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
   * @param revocation the revocation check run after every verified (or cached) token; null for
   *     none
   */
  public Authorizer(
      CognitoTokenVerifier verifier,
      RouteRules rules,
      DecisionLog log,
      DecisionCache cache,
      RevocationGuard revocation) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.log = Objects.requireNonNull(log, "log");
    this.cache = cache;
    this.revocation = revocation;
  }

  /**
   * The REST API answer (TOKEN and REQUEST authorizers): the decision for {@code methodArn} as a
   * policy.
   */
  public IamPolicyResponseV1 authorize(String authorizationToken, String methodArn) {
    // straight into the response type: a repeated token costs no allocation beyond the response's
    return decide(authorizationToken, methodArn, null, RestPolicy.INSTANCE);
  }

  /**
   * The decision for one request.
   *
   * @param authorization the Authorization value as the client sent it (null: none)
   * @param target the method ARN and any other readings of the request ({@link RequestTarget})
   * @throws UnauthorizedException for a bad or revoked token
   */
  public Decision decide(String authorization, RequestTarget target) {
    return decide(authorization, target.methodArn(), target, AsDecision.INSTANCE);
  }

  /** A decision in a handler's answer type. */
  private interface Answer<R> {
    R of(String principalId, Map<String, Object> context, RoutePolicy policy);
  }

  /** Named classes, not lambdas: no LambdaMetafactory work on the cold-start path. */
  private static final class RestPolicy implements Answer<IamPolicyResponseV1> {
    static final RestPolicy INSTANCE = new RestPolicy();

    @Override
    public IamPolicyResponseV1 of(
        String principalId, Map<String, Object> context, RoutePolicy policy) {
      return PolicyBuilder.response(principalId, policy.document(), context);
    }
  }

  private static final class AsDecision implements Answer<Decision> {
    static final AsDecision INSTANCE = new AsDecision();

    @Override
    public Decision of(String principalId, Map<String, Object> context, RoutePolicy policy) {
      return new Decision(principalId, context, policy);
    }
  }

  /**
   * @param target further readings of the request, or null for the method ARN alone
   */
  private <R> R decide(
      String authorization, String methodArn, RequestTarget target, Answer<R> answer) {
    PolicyCache.Route route;
    try {
      route = policies.route(methodArn);
    } catch (MalformedMethodArnException e) {
      log.error("MALFORMED_METHOD_ARN", e.getMessage());
      throw e;
    }
    DecisionCache.Entry entry = cache == null ? null : cache.get(authorization);
    VerifiedToken token = entry == null ? null : entry.token();
    try {
      if (token == null) {
        token = verifier.verify(authorization);
        entry = cache == null ? null : cache.put(authorization, token);
      }
    } catch (TokenRejectedException e) {
      log.decision("unauthorized", e.reason().name(), e.subject(), e.kid());
      throw new UnauthorizedException();
    } catch (JwksUnavailableException e) {
      log.error("JWKS_UNAVAILABLE", describe(e));
      throw e;
    } catch (RuntimeException e) {
      // a bug of ours: fail closed as a 500; the cause is not chained, its message might quote the
      // request
      log.error("INTERNAL", e.getClass().getName());
      throw new IllegalStateException("authorizer failed: " + e.getClass().getName());
    }
    if (revocation != null) {
      checkRevocation(token);
    }
    UnsatisfiedRules unsatisfied = rules.unsatisfied(token);
    RoutePolicy policy = route.policy(unsatisfied, rules);
    if (target != null && target.hasOtherReadings() && !policy.verdict().deniesRequest()) {
      policy = judgeOtherReadings(policy, target, unsatisfied);
    }
    String outcome = policy.verdict().deniesRequest() ? "deny" : "allow";
    String reason = policy.verdict().name();
    if (entry != null) {
      log.decision(outcome, reason, entry.logFields());
      return answer.of(token.subject(), entry.context(), policy);
    }
    log.decision(outcome, reason, token.subject(), token.kid());
    return answer.of(token.subject(), PolicyBuilder.context(token), policy);
  }

  /**
   * A request turned away before its token was read (its Authorization header cannot be told apart,
   * say): one log line, and the 401 to throw. {@code reason} is our own constant, never request
   * data.
   */
  public UnauthorizedException unauthorized(String reason) {
    log.decision("unauthorized", reason, null, null);
    return new UnauthorizedException();
  }

  /**
   * An event this handler was not configured for (a REQUEST handler given a TOKEN event, a payload
   * 1.0 event for the HTTP API handler): a deployment error, so ours (500), never an Allow or a
   * 401.
   */
  public IllegalArgumentException unexpectedEvent(String detail) {
    log.error("UNEXPECTED_EVENT", detail);
    return new IllegalArgumentException("authorizer event not handled here: " + detail);
  }

  /**
   * The first reading a rule or DEFAULT_DENY denies decides; an unreadable one counts as an
   * ambiguous path.
   */
  private RoutePolicy judgeOtherReadings(
      RoutePolicy allowed, RequestTarget target, UnsatisfiedRules unsatisfied) {
    boolean unreadable = target.unreadable();
    for (String reading : target.otherReadings()) {
      RoutePolicy other;
      try {
        other = policies.route(reading).policy(unsatisfied, rules);
      } catch (MalformedMethodArnException e) {
        unreadable = true;
        continue;
      }
      if (other.verdict().deniesRequest()) {
        return new RoutePolicy(allowed.document(), other.verdict());
      }
    }
    // as RouteRules treats ambiguous paths: denied to callers that fail a rule, and to everyone
    // under DEFAULT_DENY
    if (unreadable && (rules.defaultDeny() || !unsatisfied.isEmpty())) {
      return new RoutePolicy(allowed.document(), RoutePolicy.Verdict.AMBIGUOUS_PATH);
    }
    return allowed;
  }

  /**
   * Revoked: Unauthorized (401). The store unavailable in the closed mode: rethrown as our error
   * (API Gateway 500, remapped to 503), never an Allow and never a Deny API Gateway would cache.
   */
  private void checkRevocation(VerifiedToken token) {
    RevocationGuard.Verdict verdict;
    try {
      verdict =
          revocation.check(
              new TokenRef(
                  token.subject(),
                  token.jti(),
                  token.originJti(),
                  token.authTime(),
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
    StringBuilder detail =
        new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable cause = e.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      detail.append(" <- ").append(cause.getClass().getSimpleName());
    }
    return detail.toString();
  }
}
