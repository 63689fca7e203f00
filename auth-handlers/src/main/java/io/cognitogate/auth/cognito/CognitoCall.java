package io.cognitogate.auth.cognito;

/**
 * Each Cognito call the gateway makes, named for what it does for the caller: the Cognito operation
 * it sends, and whether it belongs to the account lifecycle (whose errors {@link CognitoErrors}
 * reads its own way first). LOGIN and REFRESH send the same operation but read its errors
 * differently.
 */
enum CognitoCall {
  LOGIN("InitiateAuth", false),
  NEW_PASSWORD("RespondToAuthChallenge", false),
  REFRESH("InitiateAuth", false),
  REVOKE("RevokeToken", false),
  GLOBAL_SIGN_OUT("GlobalSignOut", false),
  DESCRIBE_CLIENT("DescribeUserPoolClient", false),
  SIGN_UP("SignUp", true),
  CONFIRM_SIGN_UP("ConfirmSignUp", true),
  RESEND_CODE("ResendConfirmationCode", true),
  FORGOT_PASSWORD("ForgotPassword", true),
  CONFIRM_FORGOT_PASSWORD("ConfirmForgotPassword", true);

  private final String operation;
  private final boolean accountLifecycle;

  /**
   * @param accountLifecycle true for the unauthenticated account calls (sign-up, confirmation,
   *     resend, password reset)
   */
  CognitoCall(String operation, boolean accountLifecycle) {
    this.operation = operation;
    this.accountLifecycle = accountLifecycle;
  }

  /**
   * The Cognito API operation, as it appears in {@code X-Amz-Target} and in {@link CognitoFailure}.
   */
  String operation() {
    return operation;
  }

  boolean accountLifecycle() {
    return accountLifecycle;
  }
}
