package io.cognitogate.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.cognitogate.auth.cognito.AuthOutcome;
import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.cognito.PasswordPolicy;
import io.cognitogate.auth.cognito.SignUpResult;
import io.cognitogate.auth.http.ApiError;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.BadRequestException;
import io.cognitogate.auth.http.Field;

/** What the handlers share: the error table and the success bodies. */
final class Routes {

    /** A route's work; it may fail with the caller's fault or Cognito's answer. */
    interface Action {
        APIGatewayProxyResponseEvent run() throws BadRequestException, CognitoFailure;
    }

    private Routes() {
    }

    static APIGatewayProxyResponseEvent handle(String route, Action action) {
        return handle(route, null, null, action);
    }

    /**
     * A route that sets a password: the pool's rejection of it is 400 invalid_password naming
     * {@code passwordField} and the policy in words.
     */
    static APIGatewayProxyResponseEvent handle(String route, Field passwordField, PasswordPolicy policy,
                                               Action action) {
        try {
            return action.run();
        } catch (BadRequestException e) {
            Log.badRequest(route, e.field());
            return ApiResponses.error(ApiError.INVALID_REQUEST, e.getMessage());
        } catch (CognitoFailure e) {
            Log.failure(route, e);
            if (passwordField != null && e.reason() == CognitoFailure.Reason.PASSWORD_POLICY) {
                return ApiResponses.error(ApiError.INVALID_PASSWORD, policy.rejection(passwordField.name()));
            }
            return failure(e.reason());
        } catch (RuntimeException e) {
            Log.unexpected(route, e);
            return ApiResponses.error(ApiError.INTERNAL_ERROR, "Internal error.");
        }
    }

    static String body(APIGatewayProxyRequestEvent event) {
        return event == null ? null : event.getBody();
    }

    static Boolean base64(APIGatewayProxyRequestEvent event) {
        return event == null ? Boolean.FALSE : event.getIsBase64Encoded();
    }

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

    static APIGatewayProxyResponseEvent outcome(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.NewPasswordRequired challenge) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("challenge", "NEW_PASSWORD_REQUIRED");
            body.put("session", challenge.session());
            body.put("username", challenge.username());
            return ApiResponses.json(200, body);
        }
        return tokens((AuthOutcome.Tokens) outcome);
    }

    /** 201 after a sign-up: whether the user is confirmed, and where the code went (masked), if anywhere. */
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
    static APIGatewayProxyResponseEvent resetRequested() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "If the account exists and has a verified email address, a reset code was sent to it.");
        return ApiResponses.json(202, body);
    }

    static APIGatewayProxyResponseEvent failure(CognitoFailure.Reason reason) {
        switch (reason) {
            case INVALID_CREDENTIALS:
                // one body for wrong password, unknown user and disabled user: no user enumeration
                return ApiResponses.error(ApiError.INVALID_CREDENTIALS, "Incorrect username or password.");
            case INVALID_GRANT:
                return ApiResponses.error(ApiError.INVALID_GRANT,
                        "The refresh token or session is invalid, expired or revoked.");
            case INVALID_TOKEN:
                return ApiResponses.error(ApiError.INVALID_TOKEN, "The access token is invalid or expired.");
            case USER_NOT_CONFIRMED:
                return ApiResponses.error(ApiError.USER_NOT_CONFIRMED, "The user has not confirmed the account.");
            case PASSWORD_RESET_REQUIRED:
                return ApiResponses.error(ApiError.PASSWORD_RESET_REQUIRED, "The user must reset the password.");
            case PASSWORD_POLICY:
                return ApiResponses.error(ApiError.INVALID_REQUEST, "new_password does not meet the password policy");
            case INVALID_CODE:
                return ApiResponses.error(ApiError.INVALID_CODE,
                        "The code is wrong or has already been used; request a new one if needed.");
            case EXPIRED_CODE:
                return ApiResponses.error(ApiError.EXPIRED_CODE, "The code has expired; request a new one.");
            case ALREADY_EXISTS:
                return ApiResponses.error(ApiError.USERNAME_EXISTS,
                        "An account with this username or email address already exists.");
            case INVALID_USERNAME:
                return ApiResponses.error(ApiError.INVALID_REQUEST,
                        "username is not accepted by the user pool (it may not be an email address here)");
            case INVALID_EMAIL:
                return ApiResponses.error(ApiError.INVALID_REQUEST, "email is not accepted by the user pool");
            case THROTTLED:
                return ApiResponses.error(ApiError.TOO_MANY_REQUESTS, "Too many requests; retry later.");
            case UPSTREAM_ERROR:
                return ApiResponses.error(ApiError.UPSTREAM_ERROR, "The identity provider returned an error.");
            case UNAVAILABLE:
                return ApiResponses.error(ApiError.UPSTREAM_UNAVAILABLE,
                        "The identity provider could not be reached; retry later.");
            default:
                return ApiResponses.error(ApiError.INTERNAL_ERROR,
                        "The service is misconfigured; this is not caused by your request.");
        }
    }
}
