package io.cognitogate.token;

/** Cognito's {@code token_use} claim; decides which claim names the app client. */
public enum TokenUse {
  ACCESS("access", "client_id", "username"),
  ID("id", "aud", "cognito:username");

  private final String claimValue;
  private final String clientClaim;
  private final String usernameClaim;

  TokenUse(String claimValue, String clientClaim, String usernameClaim) {
    this.claimValue = claimValue;
    this.clientClaim = clientClaim;
    this.usernameClaim = usernameClaim;
  }

  public String claimValue() {
    return claimValue;
  }

  public String clientClaim() {
    return clientClaim;
  }

  public String usernameClaim() {
    return usernameClaim;
  }

  /** Parses "access" or "id" exactly; anything else is an IllegalArgumentException. */
  public static TokenUse parse(String value) {
    for (TokenUse use : values()) {
      if (use.claimValue.equals(value)) {
        return use;
      }
    }
    throw new IllegalArgumentException("token use must be 'access' or 'id'");
  }
}
