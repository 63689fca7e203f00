package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.cognito.PasswordPolicy;
import io.cognitogate.auth.http.ApiError;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.BadRequestException;
import io.cognitogate.auth.http.Field;

/**
 * The error side of every route: runs a route's work and turns what it throws into the logged,
 * stable error response (the table from {@link CognitoFailure.Reason} to {@link ApiError} and its
 * message).
 */
final class ErrorResponses {

  /** A route's work; it may fail with the caller's fault or Cognito's answer. */
  interface Action {
    APIGatewayProxyResponseEvent run() throws BadRequestException, CognitoFailure;
  }

  private ErrorResponses() {}

  /**
   * Runs {@code action}; a bad request, a Cognito failure or an unexpected exception becomes its
   * error response.
   */
  static APIGatewayProxyResponseEvent catching(String route, Action action) {
    return catching(route, null, null, action);
  }

  /**
   * {@link #catching(String, Action)} for a route that sets a password: the pool's rejection of it
   * is 400 invalid_password naming {@code passwordField} and the policy in words.
   */
  static APIGatewayProxyResponseEvent catching(
      String route, Field passwordField, PasswordPolicy policy, Action action) {
    try {
      return action.run();
    } catch (BadRequestException e) {
      Log.badRequest(route, e.field());
      return ApiResponses.error(ApiError.INVALID_REQUEST, e.getMessage());
    } catch (CognitoFailure e) {
      Log.cognitoFailure(route, e);
      if (passwordField != null && e.reason() == CognitoFailure.Reason.PASSWORD_POLICY) {
        return ApiResponses.error(
            ApiError.INVALID_PASSWORD, policy.rejection(passwordField.name()));
      }
      return forReason(e.reason());
    } catch (RuntimeException e) {
      Log.unexpected(route, e);
      return ApiResponses.error(ApiError.INTERNAL_ERROR, "Internal error.");
    }
  }

  /**
   * The response for a Cognito failure: one stable code and message per reason, never Cognito's
   * words.
   */
  static APIGatewayProxyResponseEvent forReason(CognitoFailure.Reason reason) {
    switch (reason) {
      case INVALID_CREDENTIALS:
        // one body for wrong password, unknown user and disabled user: no user enumeration
        return ApiResponses.error(ApiError.INVALID_CREDENTIALS, "Incorrect username or password.");
      case INVALID_GRANT:
        return ApiResponses.error(
            ApiError.INVALID_GRANT, "The refresh token or session is invalid, expired or revoked.");
      case INVALID_TOKEN:
        return ApiResponses.error(
            ApiError.INVALID_TOKEN, "The access token is invalid or expired.");
      case USER_NOT_CONFIRMED:
        return ApiResponses.error(
            ApiError.USER_NOT_CONFIRMED, "The user has not confirmed the account.");
      case PASSWORD_RESET_REQUIRED:
        return ApiResponses.error(
            ApiError.PASSWORD_RESET_REQUIRED, "The user must reset the password.");
      case PASSWORD_POLICY:
        return ApiResponses.error(
            ApiError.INVALID_REQUEST, "new_password does not meet the password policy");
      case INVALID_CODE:
        return ApiResponses.error(
            ApiError.INVALID_CODE,
            "The code is wrong or has already been used; request a new one if needed.");
      case EXPIRED_CODE:
        return ApiResponses.error(
            ApiError.EXPIRED_CODE, "The code has expired; request a new one.");
      case ALREADY_EXISTS:
        return ApiResponses.error(
            ApiError.USERNAME_EXISTS,
            "An account with this username or email address already exists.");
      case INVALID_USERNAME:
        return ApiResponses.error(
            ApiError.INVALID_REQUEST,
            "username is not accepted by the user pool (it may not be an email address here)");
      case INVALID_EMAIL:
        return ApiResponses.error(
            ApiError.INVALID_REQUEST, "email is not accepted by the user pool");
      case THROTTLED:
        return ApiResponses.error(ApiError.TOO_MANY_REQUESTS, "Too many requests; retry later.");
      case UPSTREAM_ERROR:
        return ApiResponses.error(
            ApiError.UPSTREAM_ERROR, "The identity provider returned an error.");
      case UNAVAILABLE:
        return ApiResponses.error(
            ApiError.UPSTREAM_UNAVAILABLE,
            "The identity provider could not be reached; retry later.");
      default:
        return ApiResponses.error(
            ApiError.INTERNAL_ERROR,
            "The service is misconfigured; this is not caused by your request.");
    }
  }
}
