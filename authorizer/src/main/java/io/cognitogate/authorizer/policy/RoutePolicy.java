package io.cognitogate.authorizer.policy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;

/**
 * The policy document returned for one route to one class of callers, and what it means for that
 * route itself (the log line's outcome and reason).
 *
 * @param document the immutable policy document, valid for every route of the stage (it is cached
 *     per token)
 * @param verdict how IAM judges the route the request was for under {@code document}
 */
public record RoutePolicy(IamPolicyResponseV1.PolicyDocument document, Verdict verdict) {

  /** The decision for the requested route; the name is the log line's reason. */
  public enum Verdict {
    /** Allowed, and the caller meets every rule. */
    VERIFIED(false),
    /** Allowed; the document denies other routes to this caller. */
    VERIFIED_WITH_DENIED_ROUTES(false),
    /** The (normalised) route falls under a rule the caller does not satisfy. */
    RULE_NOT_SATISFIED(true),
    /**
     * The path is not in normal form (empty or dot segments, encoded '/', '.' or '\', bad escapes)
     * and is denied conservatively.
     */
    AMBIGUOUS_PATH(true),
    /** Default deny: neither an open route nor a rule the caller satisfies allows the route. */
    ROUTE_NOT_OPEN(true);

    private final boolean deniesRequest;

    Verdict(boolean deniesRequest) {
      this.deniesRequest = deniesRequest;
    }

    public boolean deniesRequest() {
      return deniesRequest;
    }
  }
}
