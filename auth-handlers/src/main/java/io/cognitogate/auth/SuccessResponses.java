package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.AuthOutcome;
import io.cognitogate.auth.cognito.SignUpResult;
import io.cognitogate.auth.http.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/** The success bodies the routes answer with (204s need none: {@link ApiResponses#noContent()}). */
final class SuccessResponses {

  private SuccessResponses() {}

  /** 200 with the tokens; {@code refresh_token} is left out when Cognito did not issue one. */
  static APIGatewayProxyResponseEvent tokens(AuthOutcome.Tokens tokens) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id_token", tokens.idToken());
    body.put("access_token", tokens.accessToken());
    body.put("refresh_token", tokens.refreshToken());
    body.put("expires_in", tokens.expiresIn());
    body.put("token_type", tokens.tokenType());
    body.put("username", tokens.username());
    return ApiResponses.json(200, body);
  }

  /**
   * 200 after a login: the tokens, or the NEW_PASSWORD_REQUIRED challenge with its session and
   * Cognito username.
   */
  static APIGatewayProxyResponseEvent tokensOrChallenge(AuthOutcome outcome) {
    if (outcome instanceof AuthOutcome.NewPasswordRequired challenge) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("challenge", "NEW_PASSWORD_REQUIRED");
      body.put("session", challenge.session());
      body.put("username", challenge.username());
      return ApiResponses.json(200, body);
    }
    return tokens((AuthOutcome.Tokens) outcome);
  }

  /**
   * 201 after a sign-up: whether the user is confirmed, and where the code went (masked), if
   * anywhere.
   */
  static APIGatewayProxyResponseEvent signedUp(SignUpResult result) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user_confirmed", result.userConfirmed());
    if (result.deliveryMedium() != null) {
      Map<String, Object> delivery = new LinkedHashMap<>();
      delivery.put("medium", result.deliveryMedium());
      delivery.put("destination", result.destination());
      body.put("delivery", delivery);
    }
    return ApiResponses.json(201, body);
  }

  /** 202 after a forgot-password request: one body whether or not the user exists. */
  static APIGatewayProxyResponseEvent resetCodeRequested() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "message",
        "If the account exists and has a verified email address, a reset code was sent to it.");
    return ApiResponses.json(202, body);
  }
}
