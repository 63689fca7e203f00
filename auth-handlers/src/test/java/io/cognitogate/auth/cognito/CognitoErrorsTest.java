package io.cognitogate.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.auth.cognito.CognitoFailure.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;

class CognitoErrorsTest {

  /**
   * Every error code the classifier names, with Cognito's own message where the message matters,
   * and the reason for each call. {@code ACCOUNT} stands for the five account-lifecycle calls,
   * {@code *} for every call not named on another line of the same code and message; each code and
   * message must resolve for every {@link CognitoCall}, or the table is refused.
   */
  private static final String TABLE =
      """
            TooManyRequestsException | Too many requests. | * | THROTTLED
            LimitExceededException | Attempt limit exceeded, please try after some time. | * | THROTTLED
            TooManyFailedAttemptsException | Too many failed attempts. | * | THROTTLED

            InvalidParameterException | Value null at 'clientId' failed to satisfy constraint | * | MISCONFIGURED
            InvalidParameterException | Value at 'password' failed a constraint | SIGN_UP CONFIRM_FORGOT_PASSWORD | PASSWORD_POLICY
            InvalidParameterException | Value at 'password' failed a constraint | * | MISCONFIGURED
            InvalidParameterException | Username cannot be of email format. | SIGN_UP | INVALID_USERNAME
            InvalidParameterException | Username cannot be of email format. | * | MISCONFIGURED
            InvalidParameterException | Invalid email address format. | SIGN_UP | INVALID_EMAIL
            InvalidParameterException | Invalid email address format. | * | MISCONFIGURED
            InvalidParameterException | User is already confirmed. | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            InvalidParameterException | User is already confirmed. | * | MISCONFIGURED
            InvalidParameterException | No registered/verified email or phone_number | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            InvalidParameterException | No registered/verified email or phone_number | SIGN_UP | INVALID_EMAIL
            InvalidParameterException | No registered/verified email or phone_number | * | MISCONFIGURED

            ResourceNotFoundException | User pool client does not exist. | * | MISCONFIGURED
            InvalidUserPoolConfigurationException | The user pool is not configured for this. | * | MISCONFIGURED
            UnsupportedOperationException | Token revocation is not enabled for this client. | * | MISCONFIGURED
            AccessDeniedException | Not authorized to perform DescribeUserPoolClient. | * | MISCONFIGURED
            UnrecognizedClientException | The security token included in the request is invalid. | * | MISCONFIGURED
            InvalidSignatureException | The request signature we calculated does not match. | * | MISCONFIGURED
            MissingAuthenticationTokenException | Missing Authentication Token | * | MISCONFIGURED
            ForbiddenException | Request not allowed. | * | MISCONFIGURED

            UserNotConfirmedException | User is not confirmed. | REVOKE GLOBAL_SIGN_OUT | INVALID_TOKEN
            UserNotConfirmedException | User is not confirmed. | SIGN_UP CONFIRM_SIGN_UP CONFIRM_FORGOT_PASSWORD | INVALID_CODE
            UserNotConfirmedException | User is not confirmed. | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            UserNotConfirmedException | User is not confirmed. | * | USER_NOT_CONFIRMED

            PasswordResetRequiredException | Password reset required for the user | REVOKE GLOBAL_SIGN_OUT | INVALID_TOKEN
            PasswordResetRequiredException | Password reset required for the user | * | PASSWORD_RESET_REQUIRED

            NotAuthorizedException | Incorrect username or password. | LOGIN | INVALID_CREDENTIALS
            NotAuthorizedException | Incorrect username or password. | REVOKE | ALREADY_REVOKED
            NotAuthorizedException | Incorrect username or password. | GLOBAL_SIGN_OUT | INVALID_TOKEN
            NotAuthorizedException | Incorrect username or password. | DESCRIBE_CLIENT SIGN_UP | MISCONFIGURED
            NotAuthorizedException | Incorrect username or password. | CONFIRM_SIGN_UP CONFIRM_FORGOT_PASSWORD | INVALID_CODE
            NotAuthorizedException | Incorrect username or password. | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            NotAuthorizedException | Incorrect username or password. | * | INVALID_GRANT
            NotAuthorizedException | Access Token has been revoked | GLOBAL_SIGN_OUT REVOKE | ALREADY_REVOKED
            NotAuthorizedException | Access Token has been revoked | LOGIN | INVALID_CREDENTIALS
            NotAuthorizedException | Access Token has been revoked | DESCRIBE_CLIENT SIGN_UP | MISCONFIGURED
            NotAuthorizedException | Access Token has been revoked | CONFIRM_SIGN_UP CONFIRM_FORGOT_PASSWORD | INVALID_CODE
            NotAuthorizedException | Access Token has been revoked | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            NotAuthorizedException | Access Token has been revoked | * | INVALID_GRANT
            NotAuthorizedException | Unable to verify secret hash for client 1example23456789 | * | MISCONFIGURED
            NotAuthorizedException | Password attempts exceeded | * | THROTTLED

            UnauthorizedException | Access denied. | LOGIN | INVALID_CREDENTIALS
            UnauthorizedException | Access denied. | REVOKE | ALREADY_REVOKED
            UnauthorizedException | Access denied. | GLOBAL_SIGN_OUT | INVALID_TOKEN
            UnauthorizedException | Access denied. | DESCRIBE_CLIENT | MISCONFIGURED
            UnauthorizedException | Access denied. | * | INVALID_GRANT
            UnauthorizedException | Unable to verify secret hash for client 1example23456789 | * | MISCONFIGURED

            UnsupportedTokenTypeException | Unsupported token type. | LOGIN | INVALID_CREDENTIALS
            UnsupportedTokenTypeException | Unsupported token type. | REVOKE | ALREADY_REVOKED
            UnsupportedTokenTypeException | Unsupported token type. | GLOBAL_SIGN_OUT | INVALID_TOKEN
            UnsupportedTokenTypeException | Unsupported token type. | DESCRIBE_CLIENT | MISCONFIGURED
            UnsupportedTokenTypeException | Unsupported token type. | * | INVALID_GRANT
            UnsupportedTokenTypeException | Password attempts exceeded | * | THROTTLED

            UserNotFoundException | User does not exist. | LOGIN | INVALID_CREDENTIALS
            UserNotFoundException | User does not exist. | GLOBAL_SIGN_OUT | INVALID_TOKEN
            UserNotFoundException | User does not exist. | DESCRIBE_CLIENT | MISCONFIGURED
            UserNotFoundException | User does not exist. | SIGN_UP CONFIRM_SIGN_UP CONFIRM_FORGOT_PASSWORD | INVALID_CODE
            UserNotFoundException | User does not exist. | RESEND_CODE FORGOT_PASSWORD | NOT_ELIGIBLE
            UserNotFoundException | User does not exist. | * | INVALID_GRANT

            InvalidPasswordException | Password did not conform with policy | LOGIN | INVALID_CREDENTIALS
            InvalidPasswordException | Password did not conform with policy | REFRESH REVOKE | INVALID_GRANT
            InvalidPasswordException | Password did not conform with policy | GLOBAL_SIGN_OUT | INVALID_TOKEN
            InvalidPasswordException | Password did not conform with policy | DESCRIBE_CLIENT | MISCONFIGURED
            InvalidPasswordException | Password did not conform with policy | * | PASSWORD_POLICY

            CodeMismatchException | Invalid verification code provided, please try again. | ACCOUNT | INVALID_CODE
            CodeMismatchException | Invalid verification code provided, please try again. | * | INVALID_GRANT
            ExpiredCodeException | Invalid code provided, please request a code again. | ACCOUNT | EXPIRED_CODE
            ExpiredCodeException | Invalid code provided, please request a code again. | * | INVALID_GRANT

            UsernameExistsException | User already exists | ACCOUNT | ALREADY_EXISTS
            UsernameExistsException | User already exists | * | UPSTREAM_ERROR
            AliasExistsException | An account with the given email already exists. | ACCOUNT | ALREADY_EXISTS
            AliasExistsException | An account with the given email already exists. | * | UPSTREAM_ERROR

            InvalidEmailRoleAccessPolicyException | Cannot use the email configuration. | ACCOUNT | MISCONFIGURED
            InvalidEmailRoleAccessPolicyException | Cannot use the email configuration. | * | UPSTREAM_ERROR
            InvalidSmsRoleAccessPolicyException | Role cannot be assumed. | ACCOUNT | MISCONFIGURED
            InvalidSmsRoleAccessPolicyException | Role cannot be assumed. | * | UPSTREAM_ERROR
            InvalidSmsRoleTrustRelationshipException | Role trust is wrong. | ACCOUNT | MISCONFIGURED
            InvalidSmsRoleTrustRelationshipException | Role trust is wrong. | * | UPSTREAM_ERROR
            """;

  private static final String ACCOUNT =
      "SIGN_UP CONFIRM_SIGN_UP RESEND_CODE FORGOT_PASSWORD CONFIRM_FORGOT_PASSWORD";

  static Stream<Arguments> table() {
    Map<String, Map<CognitoCall, Reason>> cases = new LinkedHashMap<>();
    Map<String, Reason> everyOther = new LinkedHashMap<>();
    for (String line : TABLE.strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\\|");
      String key = cells[0].strip() + "|" + cells[1].strip();
      Reason reason = Reason.valueOf(cells[3].strip());
      Map<CognitoCall, Reason> byCall =
          cases.computeIfAbsent(key, k -> new EnumMap<>(CognitoCall.class));
      for (String call : cells[2].strip().replace("ACCOUNT", ACCOUNT).split(" +")) {
        if (call.equals("*")) {
          everyOther.put(key, reason);
        } else if (byCall.put(CognitoCall.valueOf(call), reason) != null) {
          throw new IllegalStateException("call named twice: " + line);
        }
      }
    }
    List<Arguments> rows = new ArrayList<>();
    cases.forEach(
        (key, byCall) -> {
          String[] codeAndMessage = key.split("\\|", 2);
          for (CognitoCall call : CognitoCall.values()) {
            Reason reason = byCall.getOrDefault(call, everyOther.get(key));
            if (reason == null) {
              throw new IllegalStateException("no reason for " + call + " in " + key);
            }
            rows.add(Arguments.of(codeAndMessage[0], codeAndMessage[1], call, reason));
          }
        });
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} \"{1}\" on {2} -> {3}")
  @MethodSource("table")
  void reasonWhenCognitoAnswersAMappedErrorThenEachCallGetsTheTablesReason(
      String code, String message, CognitoCall call, Reason expected) {
    assertThat(CognitoErrors.reason(call, code, message, 400)).isEqualTo(expected);
  }

  @Test
  void tableWhenExpandedThenNamesEveryMappedCodeForEveryCall() {
    long codes = table().map(arguments -> arguments.get()[0]).distinct().count();
    long calls = table().map(arguments -> arguments.get()[2]).distinct().count();

    assertThat(codes).isEqualTo(26);
    assertThat(calls).isEqualTo(CognitoCall.values().length);
  }

  @ParameterizedTest
  @EnumSource(CognitoCall.class)
  void reasonWhenErrorCodeUnknownOrMissingThenUpstreamErrorUnlessStatusIs429(CognitoCall call) {
    assertThat(CognitoErrors.reason(call, "InternalErrorException", "Internal error.", 500))
        .isEqualTo(Reason.UPSTREAM_ERROR);
    assertThat(CognitoErrors.reason(call, "SomeFutureException", "Something new.", 400))
        .isEqualTo(Reason.UPSTREAM_ERROR);
    assertThat(CognitoErrors.reason(call, "SomeFutureException", "Something new.", 429))
        .isEqualTo(Reason.THROTTLED);
    assertThat(CognitoErrors.reason(call, null, null, 502)).isEqualTo(Reason.UPSTREAM_ERROR);
    assertThat(CognitoErrors.reason(call, null, null, 429)).isEqualTo(Reason.THROTTLED);
  }

  @ParameterizedTest
  @EnumSource(CognitoCall.class)
  void reasonWhenMessageCaseDiffersThenReadTheSame(CognitoCall call) {
    assertThat(
            CognitoErrors.reason(
                call, "NotAuthorizedException", "UNABLE TO VERIFY SECRET HASH", 400))
        .isEqualTo(Reason.MISCONFIGURED);
    assertThat(
            CognitoErrors.reason(call, "NotAuthorizedException", "password ATTEMPTS exceeded", 400))
        .isEqualTo(Reason.THROTTLED);
  }

  @Test
  void accountLifecycleWhenCallIsSignUpConfirmationResendOrResetThenTrueOnlyForThose() {
    EnumSet<CognitoCall> account = EnumSet.noneOf(CognitoCall.class);
    for (CognitoCall call : CognitoCall.values()) {
      if (call.accountLifecycle()) {
        account.add(call);
      }
    }

    assertThat(account)
        .containsExactlyInAnyOrder(
            CognitoCall.SIGN_UP,
            CognitoCall.CONFIRM_SIGN_UP,
            CognitoCall.RESEND_CODE,
            CognitoCall.FORGOT_PASSWORD,
            CognitoCall.CONFIRM_FORGOT_PASSWORD);
  }

  @Test
  void
      failureWhenCognitoAnswersWithAnErrorThenCarriesCodeOperationAndRequestIdButNeverTheMessage() {
    CognitoFailure failure =
        CognitoErrors.failure(
            CognitoCall.LOGIN,
            serviceError(
                400,
                "NotAuthorizedException",
                "Incorrect username or password for alice@example.com"));

    assertThat(failure.reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
    assertThat(failure.operation()).isEqualTo("InitiateAuth");
    assertThat(failure.cognitoError()).isEqualTo("NotAuthorizedException");
    assertThat(failure.requestId()).isEqualTo("req-1");
    assertThat(failure.getMessage()).doesNotContain("alice").doesNotContain("Incorrect");
  }

  @Test
  void failureWhenRefreshAndLoginShareInitiateAuthThenTheCallDecidesTheReason() {
    SdkServiceException notAuthorized =
        serviceError(400, "NotAuthorizedException", "Refresh Token has expired");

    assertThat(CognitoErrors.failure(CognitoCall.REFRESH, notAuthorized).reason())
        .isEqualTo(Reason.INVALID_GRANT);
    assertThat(CognitoErrors.failure(CognitoCall.REFRESH, notAuthorized).operation())
        .isEqualTo("InitiateAuth");
    assertThat(CognitoErrors.failure(CognitoCall.LOGIN, notAuthorized).reason())
        .isEqualTo(Reason.INVALID_CREDENTIALS);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void failureWhenAnswerHasNoErrorCodeThenHttpStatusStandsInForIt(int status) {
    CognitoFailure failure =
        CognitoErrors.failure(
            CognitoCall.SIGN_UP,
            SdkServiceException.builder().statusCode(status).requestId("req-2").build());

    assertThat(failure.reason())
        .isEqualTo(status == 429 ? Reason.THROTTLED : Reason.UPSTREAM_ERROR);
    assertThat(failure.operation()).isEqualTo("SignUp");
    assertThat(failure.cognitoError()).isEqualTo("HTTP " + status);
    assertThat(failure.requestId()).isEqualTo("req-2");
  }

  static Stream<Arguments> unreachable() {
    return Stream.of(
        Arguments.of(
            SdkClientException.create("connect", new ConnectException("Connection refused"))),
        Arguments.of(
            SdkClientException.create("read", new SocketTimeoutException("Read timed out"))),
        Arguments.of(
            SdkClientException.create("dns", new UnknownHostException("cognito-idp.invalid"))),
        Arguments.of(SdkClientException.create("tls", new SSLHandshakeException("handshake"))),
        Arguments.of(
            SdkClientException.create(
                "wrapped", new UncheckedIOException(new SocketTimeoutException("Read timed out")))),
        Arguments.of(ApiCallTimeoutException.create(4000)),
        Arguments.of(ApiCallAttemptTimeoutException.create(2500)));
  }

  @ParameterizedTest
  @MethodSource("unreachable")
  void failureWhenCognitoUnreachableThenUnavailableNamingTheExceptionClass(SdkClientException e) {
    CognitoFailure failure = CognitoErrors.failure(CognitoCall.FORGOT_PASSWORD, e);

    assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(failure.operation()).isEqualTo("ForgotPassword");
    assertThat(failure.cognitoError()).isEqualTo(e.getClass().getSimpleName());
    assertThat(failure.requestId()).isNull();
  }

  @Test
  void failureWhenAnswerUnreadableThenUpstreamErrorNotUnavailable() {
    // the JSON parser's errors are IOExceptions too: only socket-level causes mean "unreachable"
    CognitoFailure failure =
        CognitoErrors.failure(
            CognitoCall.LOGIN,
            SdkClientException.create(
                "Unable to unmarshall response", new IOException("Unexpected character")));

    assertThat(failure.reason()).isEqualTo(Reason.UPSTREAM_ERROR);
    assertThat(failure.cognitoError()).isEqualTo("SdkClientException");
  }

  private static SdkServiceException serviceError(int status, String code, String message) {
    return CognitoIdentityProviderException.builder()
        .statusCode(status)
        .requestId("req-1")
        .message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }
}
