package io.cognitogate.authorizer;

/**
 * API Gateway turns an authorizer error whose message is exactly {@code Unauthorized} into a 401.
 * No stack trace: it is the expected answer to a bad token and may come in floods.
 */
public final class UnauthorizedException extends RuntimeException {
  public static final String MESSAGE = "Unauthorized";

  public UnauthorizedException() {
    super(MESSAGE, null, false, false);
  }
}
