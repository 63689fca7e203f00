package io.cognitogate.authorizer;

import io.cognitogate.authorizer.policy.RoutePolicy;
import java.util.Map;

/**
 * The outcome of {@link Authorizer#decide} for a caller whose token holds (a bad or revoked token
 * never gets here: it is an {@link UnauthorizedException}). Each handler turns it into its own
 * answer shape.
 *
 * @param principalId the token's subject
 * @param context the claims passed on to the integration (flat strings and numbers; may be shared,
 *     never modify)
 * @param policy the cache-safe policy for the stage and the verdict for the request itself
 */
public record Decision(String principalId, Map<String, Object> context, RoutePolicy policy) {

  /** Whether the request itself may go through. */
  public boolean allowsRequest() {
    return !policy.verdict().deniesRequest();
  }
}
