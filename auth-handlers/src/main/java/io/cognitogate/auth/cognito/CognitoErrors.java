package io.cognitogate.auth.cognito;

import io.cognitogate.auth.cognito.CognitoFailure.Reason;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The error table: what an SDK exception from a {@link CognitoCall} means for the caller, as a
 * {@link CognitoFailure}. Pure: it reads the exception's error code, message and status and nothing
 * else. The message is read to tell cases apart and never copied into the failure (it can quote
 * input).
 */
final class CognitoErrors {

  private CognitoErrors() {}

  /**
   * Cognito answered with an error: its error code (or the HTTP status) and request id go into the
   * failure.
   */
  static CognitoFailure failure(CognitoCall call, SdkServiceException e) {
    String code =
        e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
            ? aws.awsErrorDetails().errorCode()
            : null;
    String message =
        e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
            ? aws.awsErrorDetails().errorMessage()
            : null;
    return new CognitoFailure(
        reason(call, code, message, e.statusCode()),
        call.operation(),
        code != null ? code : "HTTP " + e.statusCode(),
        e.requestId());
  }

  /**
   * No answer from Cognito: unreachable (connection refused, DNS, timeouts), or an answer we cannot
   * read.
   */
  static CognitoFailure failure(CognitoCall call, SdkClientException e) {
    return new CognitoFailure(
        unreachable(e) ? Reason.UNAVAILABLE : Reason.UPSTREAM_ERROR,
        call.operation(),
        e.getClass().getSimpleName(),
        null);
  }

  private static boolean unreachable(SdkClientException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      // not any IOException: the JSON parser's errors are IOExceptions too
      if (cause instanceof java.net.SocketException
          || cause instanceof java.net.SocketTimeoutException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The reason for Cognito's error {@code code} (null when the answer had none) on {@code call}:
   * the account-lifecycle reading first for those calls, then the reading shared by every call.
   */
  static Reason reason(CognitoCall call, String code, String message, int status) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (code == null) {
      return status == 429 ? Reason.THROTTLED : Reason.UPSTREAM_ERROR;
    }
    Reason account = call.accountLifecycle() ? accountReason(call, code, text) : null;
    if (account != null) {
      return account;
    }
    switch (code) {
      case "TooManyRequestsException":
      case "LimitExceededException":
      case "TooManyFailedAttemptsException":
        return Reason.THROTTLED;
      case "InvalidParameterException":
      case "ResourceNotFoundException":
      case "InvalidUserPoolConfigurationException":
      case "UnsupportedOperationException":
      case "AccessDeniedException":
      case "UnrecognizedClientException":
      case "InvalidSignatureException":
      case "MissingAuthenticationTokenException":
      case "ForbiddenException":
        return Reason.MISCONFIGURED;
      case "UserNotConfirmedException":
        return call == CognitoCall.REVOKE || call == CognitoCall.GLOBAL_SIGN_OUT
            ? Reason.INVALID_TOKEN
            : Reason.USER_NOT_CONFIRMED;
      case "PasswordResetRequiredException":
        return call == CognitoCall.REVOKE || call == CognitoCall.GLOBAL_SIGN_OUT
            ? Reason.INVALID_TOKEN
            : Reason.PASSWORD_RESET_REQUIRED;
      case "NotAuthorizedException":
      case "UnauthorizedException":
      case "UnsupportedTokenTypeException":
        if (text.contains("password attempts exceeded")) {
          return Reason.THROTTLED;
        }
        if (text.contains("secret")) {
          // "Unable to verify secret hash for client ...": our secret or client id is wrong
          return Reason.MISCONFIGURED;
        }
        return notAuthorized(call, text);
      case "UserNotFoundException":
      case "InvalidPasswordException":
        if (call == CognitoCall.NEW_PASSWORD && code.equals("InvalidPasswordException")) {
          return Reason.PASSWORD_POLICY;
        }
        return call == CognitoCall.LOGIN
            ? Reason.INVALID_CREDENTIALS
            : call == CognitoCall.DESCRIBE_CLIENT
                ? Reason.MISCONFIGURED
                : call == CognitoCall.GLOBAL_SIGN_OUT ? Reason.INVALID_TOKEN : Reason.INVALID_GRANT;
      case "CodeMismatchException":
      case "ExpiredCodeException":
        return Reason.INVALID_GRANT;
      default:
        return status == 429 ? Reason.THROTTLED : Reason.UPSTREAM_ERROR;
    }
  }

  /**
   * The account-lifecycle reading of an error, or null for the shared one (throttling, secret hash,
   * 5xx).
   */
  private static Reason accountReason(CognitoCall call, String code, String text) {
    // forgot/resend must not tell an unknown, unconfirmed or disabled user from one who got a code
    boolean sendsCode = call == CognitoCall.RESEND_CODE || call == CognitoCall.FORGOT_PASSWORD;
    switch (code) {
      case "CodeMismatchException":
        return Reason.INVALID_CODE;
      case "ExpiredCodeException":
        return Reason.EXPIRED_CODE;
      case "UsernameExistsException":
      case "AliasExistsException":
        return Reason.ALREADY_EXISTS;
      case "InvalidPasswordException":
        return Reason.PASSWORD_POLICY;
      case "UserNotFoundException":
      case "UserNotConfirmedException":
        return sendsCode ? Reason.NOT_ELIGIBLE : Reason.INVALID_CODE;
      case "NotAuthorizedException":
        if (text.contains("secret") || text.contains("password attempts exceeded")) {
          return null;
        }
        // "SignUp is not permitted for this user pool": sign-up is admin-only there
        if (call == CognitoCall.SIGN_UP) {
          return Reason.MISCONFIGURED;
        }
        // a disabled user, or "User cannot be confirmed. Current status is CONFIRMED" (a reused
        // code)
        return sendsCode ? Reason.NOT_ELIGIBLE : Reason.INVALID_CODE;
      case "InvalidParameterException":
        return invalidParameter(call, text);
      case "InvalidEmailRoleAccessPolicyException":
      case "InvalidSmsRoleAccessPolicyException":
      case "InvalidSmsRoleTrustRelationshipException":
        return Reason.MISCONFIGURED;
      default:
        return null;
    }
  }

  /**
   * InvalidParameterException is the caller's fault only where its message names what they sent.
   */
  private static Reason invalidParameter(CognitoCall call, String text) {
    switch (call) {
      case SIGN_UP:
        if (text.contains("password")) {
          return Reason.PASSWORD_POLICY;
        }
        // "Username cannot be of email format, since user pool is configured for email alias."
        if (text.contains("username")) {
          return Reason.INVALID_USERNAME;
        }
        return text.contains("email") ? Reason.INVALID_EMAIL : null;
      case CONFIRM_FORGOT_PASSWORD:
        return text.contains("password") ? Reason.PASSWORD_POLICY : null;
      case RESEND_CODE:
      case FORGOT_PASSWORD:
        // "User is already confirmed.", "... no registered/verified email or phone_number"
        return text.contains("confirmed") || text.contains("verified") ? Reason.NOT_ELIGIBLE : null;
      default:
        return null;
    }
  }

  /**
   * NotAuthorizedException and its kin, once throttling and a rejected secret hash are ruled out.
   */
  private static Reason notAuthorized(CognitoCall call, String text) {
    switch (call) {
      case LOGIN:
        return Reason.INVALID_CREDENTIALS;
      case DESCRIBE_CLIENT:
        return Reason.MISCONFIGURED;
      case GLOBAL_SIGN_OUT:
        // "Access Token has been revoked" means a previous sign-out already did the job
        return text.contains("revoked") ? Reason.ALREADY_REVOKED : Reason.INVALID_TOKEN;
      case REVOKE:
        // RFC 7009 2.2: an invalid or already revoked token is not an error for logout
        return Reason.ALREADY_REVOKED;
      default:
        return Reason.INVALID_GRANT;
    }
  }
}
