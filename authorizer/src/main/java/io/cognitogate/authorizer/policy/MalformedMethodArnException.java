package io.cognitogate.authorizer.policy;

/** The methodArn API Gateway sent cannot be parsed: not the caller's fault, so never a 401. */
public final class MalformedMethodArnException extends RuntimeException {
  public MalformedMethodArnException(String problem) {
    super("malformed methodArn: " + problem);
  }
}
