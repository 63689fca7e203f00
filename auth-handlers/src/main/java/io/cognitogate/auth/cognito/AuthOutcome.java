package io.cognitogate.auth.cognito;

/** What a login can end in: tokens, or Cognito asking for a new password. */
public sealed interface AuthOutcome permits AuthOutcome.Tokens, AuthOutcome.NewPasswordRequired {

  /**
   * Tokens from Cognito. {@code refreshToken} is null when Cognito did not issue one (a refresh
   * without rotation); {@code username} is the Cognito username (the access token's claim).
   */
  record Tokens(
      String idToken,
      String accessToken,
      String refreshToken,
      long expiresIn,
      String tokenType,
      String username)
      implements AuthOutcome {
    @Override
    public String toString() {
      return "Tokens[redacted, username=" + username + "]";
    }
  }

  /** NEW_PASSWORD_REQUIRED: answer it with the session and this Cognito username. */
  record NewPasswordRequired(String session, String username) implements AuthOutcome {
    @Override
    public String toString() {
      return "NewPasswordRequired[session=redacted, username=" + username + "]";
    }
  }
}
