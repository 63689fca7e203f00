package io.cognitogate.authorizer.policy;

import java.util.List;

/**
 * What one request is judged on: the method ARN API Gateway names it by (a REST API's methodArn, an
 * HTTP API's routeArn) and, where the answer is not a policy API Gateway matches itself, further
 * readings of the same request (an HTTP API's route key and raw path, as method ARNs of the same
 * stage). A rule or DEFAULT_DENY that denies any reading denies the request.
 *
 * @param methodArn the method ARN API Gateway sent; a malformed one is our error, never the
 *     caller's
 * @param otherReadings further method ARNs of the same stage, each one parseable
 * @param unreadable a reading could not be expressed as a method ARN (too long, say): the request
 *     is treated as an ambiguous path
 */
public record RequestTarget(String methodArn, List<String> otherReadings, boolean unreadable) {

  public RequestTarget {
    otherReadings = List.copyOf(otherReadings);
  }

  /** The method ARN alone: what a REST authorizer and an IAM policy answer are judged on. */
  public static RequestTarget of(String methodArn) {
    return new RequestTarget(methodArn, List.of(), false);
  }

  /** Whether anything beyond {@link #methodArn} is to be judged. */
  public boolean hasOtherReadings() {
    return unreadable || !otherReadings.isEmpty();
  }
}
