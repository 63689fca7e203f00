package io.cognitogate.auth.cognito;

/**
 * A Cognito call that did not succeed, reduced to a reason. It carries Cognito's error code (e.g.
 * {@code NotAuthorizedException}) and request id for the log, never Cognito's message (validation
 * messages can quote input) and never a token or secret.
 */
public final class CognitoFailure extends Exception {

  public enum Reason {
    INVALID_CREDENTIALS,
    INVALID_GRANT,
    INVALID_TOKEN,
    /** Logout only: the token was already revoked or is unknown to Cognito; the goal is met. */
    ALREADY_REVOKED,
    USER_NOT_CONFIRMED,
    PASSWORD_RESET_REQUIRED,
    /** The new password breaks the pool's password policy. */
    PASSWORD_POLICY,
    /** A confirmation or reset code that is wrong, already used, or not this user's. */
    INVALID_CODE,
    EXPIRED_CODE,
    /** Sign-up: the username, or the email as another account's alias, is taken. */
    ALREADY_EXISTS,
    /** Sign-up: the pool refused the username (e.g. email-shaped on a pool with an email alias). */
    INVALID_USERNAME,
    /** Sign-up: the pool refused the email address. */
    INVALID_EMAIL,
    /**
     * Forgot password and resend only: no code can go to this user (unknown, unconfirmed, no
     * verified address, already confirmed). Answered like a success, so callers cannot probe for
     * accounts.
     */
    NOT_ELIGIBLE,
    THROTTLED,
    /**
     * Our configuration is wrong (secret, client, flows, IAM, pool features): never the user's
     * fault.
     */
    MISCONFIGURED,
    /** Cognito answered with an error of its own (5xx, unknown error). */
    UPSTREAM_ERROR,
    /** Cognito could not be reached in time (connection refused, timeouts). */
    UNAVAILABLE
  }

  private final Reason reason;
  private final String operation;
  private final String cognitoError;
  private final String requestId;

  public CognitoFailure(Reason reason, String operation, String cognitoError, String requestId) {
    super(
        reason + " from " + operation + (cognitoError == null ? "" : " (" + cognitoError + ")"),
        null,
        false,
        false);
    this.reason = reason;
    this.operation = operation;
    this.cognitoError = cognitoError;
    this.requestId = requestId;
  }

  public Reason reason() {
    return reason;
  }

  public String operation() {
    return operation;
  }

  /** Cognito's error code, the SDK exception's class name when Cognito was not reached, or null. */
  public String cognitoError() {
    return cognitoError;
  }

  public String requestId() {
    return requestId;
  }
}
