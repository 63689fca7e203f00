package io.cognitogate.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static io.cognitogate.auth.CognitoStub.CLIENT_ID;
import static io.cognitogate.auth.CognitoStub.CLIENT_SECRET;
import static io.cognitogate.auth.CognitoStub.POOL_ID;
import static io.cognitogate.auth.CognitoStub.secretHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The account-lifecycle routes against the protocol-level Cognito stand-in: the exact SignUp,
 * ConfirmSignUp, ResendConfirmationCode, ForgotPassword and ConfirmForgotPassword requests
 * (SECRET_HASH computed in the test, no signature), and how each of Cognito's documented errors is
 * answered. cognito-local cannot show these: it checks no SECRET_HASH and no password policy, has
 * no ResendConfirmationCode, and its error types differ from Cognito's.
 */
class AccountProtocolTest {

  private static final String POLICY =
      "MinimumLength=8,RequireUppercase,RequireLowercase,RequireNumbers," + "RequireSymbols";
  private static final String POLICY_WORDS =
      "at least 8 characters, including an uppercase letter, a lowercase "
          + "letter, a number and a symbol such as ! or #";
  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  private SignUpHandler signUp;
  private ConfirmSignUpHandler confirm;
  private ResendCodeHandler resend;
  private ForgotPasswordHandler forgot;
  private ResetPasswordHandler reset;

  @BeforeEach
  void handlers() {
    Map<String, String> env = cognito.environment();
    env.put("PASSWORD_POLICY", POLICY);
    signUp = new SignUpHandler(env);
    confirm = new ConfirmSignUpHandler(env);
    resend = new ResendCodeHandler(env);
    forgot = new ForgotPasswordHandler(env);
    reset = new ResetPasswordHandler(env);
  }

  private static String hash(String username) {
    return secretHash(CLIENT_SECRET, username, CLIENT_ID);
  }

  private APIGatewayProxyResponseEvent signUp(String username, String email, String password) {
    return signUp.handleRequest(
        Events.request(
            "POST",
            "/auth/signup",
            Events.json("username", username, "email", email, "password", password)),
        null);
  }

  private APIGatewayProxyResponseEvent confirm(String username, String code) {
    return confirm.handleRequest(
        Events.request(
            "POST", "/auth/signup/confirm", Events.json("username", username, "code", code)),
        null);
  }

  private APIGatewayProxyResponseEvent resend(String username) {
    return resend.handleRequest(
        Events.request("POST", "/auth/signup/resend", Events.json("username", username)), null);
  }

  private APIGatewayProxyResponseEvent forgot(String username) {
    return forgot.handleRequest(
        Events.request("POST", "/auth/password/forgot", Events.json("username", username)), null);
  }

  private APIGatewayProxyResponseEvent reset(String username, String code, String newPassword) {
    return reset.handleRequest(
        Events.request(
            "POST",
            "/auth/password/reset",
            Events.json("username", username, "code", code, "new_password", newPassword)),
        null);
  }

  @Test
  void signUpWhenAcceptedThenSendsSignUpWithSecretHashAndAnswersCreatedWithMaskedDestination() {
    cognito.answer(
        "SignUp",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"SecretHash\":\""
            + hash("sam")
            + "\",\"Username\":\"sam\",\"Password\":\"Passw0rd!\",\"UserAttributes\":"
            + "[{\"Name\":\"email\",\"Value\":\"sam@example.com\"}]}",
        "{\"UserConfirmed\":false,\"UserSub\":\"5f0c-sam-sub\",\"CodeDeliveryDetails\":{\"AttributeName\":"
            + "\"email\",\"DeliveryMedium\":\"EMAIL\",\"Destination\":\"s***@e***\"}}");

    APIGatewayProxyResponseEvent response = signUp("sam", "sam@example.com", "Passw0rd!");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
    assertThat(response.getBody())
        .isEqualTo(
            "{\"user_confirmed\":false,\"delivery\":{\"medium\":\"EMAIL\",\"destination\":\"s***@e***\"}}");
    assertUnsigned("SignUp");
  }

  @Test
  void signUpWhenCognitoReturnsDestinationUnmaskedThenMasksItLikeCognito() {
    cognito.answerAny(
        "SignUp",
        "{\"UserConfirmed\":false,\"UserSub\":\"s\",\"CodeDeliveryDetails\":"
            + "{\"AttributeName\":\"email\",\"DeliveryMedium\":\"EMAIL\",\"Destination\":\"sam@example.com\"}}");

    APIGatewayProxyResponseEvent response = signUp("sam", "sam@example.com", "Passw0rd!");

    Map<String, JsonNode> delivery = Bodies.fields(response).get("delivery").asObject();
    assertThat(delivery.get("destination").asString()).isEqualTo("s***@e***");
    assertThat(response.getBody()).doesNotContain("example.com");
  }

  @Test
  void signUpWhenPoolConfirmsUserAtOnceThenCreatedWithoutDelivery() {
    cognito.answerAny("SignUp", "{\"UserConfirmed\":true,\"UserSub\":\"s\"}");

    APIGatewayProxyResponseEvent response = signUp("sam", "sam@example.com", "Passw0rd!");

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getBody()).isEqualTo("{\"user_confirmed\":true}");
  }

  @Test
  void confirmWhenCodeGivenThenSendsConfirmSignUpWithSecretHashAndAnswersNoContent() {
    cognito.answer(
        "ConfirmSignUp",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"SecretHash\":\""
            + hash("sam")
            + "\",\"Username\":\"sam\",\"ConfirmationCode\":\"123456\"}",
        "{}");

    APIGatewayProxyResponseEvent response = confirm("sam", "123456");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
    assertThat(response.getBody()).isNull();
    assertUnsigned("ConfirmSignUp");
  }

  @Test
  void resendWhenUserUnconfirmedThenSendsResendConfirmationCodeAndAnswersNoContent() {
    cognito.answer(
        "ResendConfirmationCode",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"SecretHash\":\""
            + hash("sam")
            + "\",\"Username\":\"sam\"}",
        "{\"CodeDeliveryDetails\":{\"AttributeName\":\"email\",\"DeliveryMedium\":\"EMAIL\","
            + "\"Destination\":\"s***@e***\"}}");

    APIGatewayProxyResponseEvent response = resend("sam");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
    assertUnsigned("ResendConfirmationCode");
  }

  @Test
  void forgotWhenUserKnownThenSendsForgotPasswordWithSecretHashAndAnswersAccepted() {
    cognito.answer(
        "ForgotPassword",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"SecretHash\":\""
            + hash("rita")
            + "\",\"Username\":\"rita\"}",
        "{\"CodeDeliveryDetails\":{\"AttributeName\":\"email\",\"DeliveryMedium\":\"EMAIL\","
            + "\"Destination\":\"r***@e***\"}}");

    APIGatewayProxyResponseEvent response = forgot("rita");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    assertThat(Bodies.fields(response)).containsOnlyKeys("message");
    assertThat(response.getBody()).doesNotContain("r***");
    assertUnsigned("ForgotPassword");
  }

  @Test
  void
      resetWhenCodeAndPasswordGivenThenSendsConfirmForgotPasswordWithSecretHashAndAnswersNoContent() {
    cognito.answer(
        "ConfirmForgotPassword",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"SecretHash\":\""
            + hash("rita")
            + "\",\"Username\":\"rita\",\"ConfirmationCode\":\"123456\","
            + "\"Password\":\"N3w-Passw0rd!\"}",
        "{}");

    APIGatewayProxyResponseEvent response = reset("rita", "123456", "N3w-Passw0rd!");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
    assertUnsigned("ConfirmForgotPassword");
  }

  @Test
  void confirmWhenAppClientHasNoSecretThenNoSecretHashIsSent() {
    cognito.answer(
        "DescribeUserPoolClient",
        "{\"UserPoolId\":\"" + POOL_ID + "\",\"ClientId\":\"" + CLIENT_ID + "\"}",
        "{\"UserPoolClient\":{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"UserPoolId\":\""
            + POOL_ID
            + "\"}}");
    // equalToJson is strict: a SecretHash member would not match
    cognito.answer(
        "ConfirmSignUp",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"Username\":\"sam\","
            + "\"ConfirmationCode\":\"123456\"}",
        "{}");
    Map<String, String> env = cognito.environment();
    env.remove("APP_CLIENT_SECRET");

    APIGatewayProxyResponseEvent response =
        new ConfirmSignUpHandler(env)
            .handleRequest(
                Events.request(
                    "POST",
                    "/auth/signup/confirm",
                    Events.json("username", "sam", "code", "123456")),
                null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
  }

  @Test
  void forgotWhenUserUnknownUnconfirmedDisabledOrUnverifiedThenSameAnswerAsForKnownUser() {
    cognito.answerAny(
        "ForgotPassword",
        "{\"CodeDeliveryDetails\":{\"AttributeName\":\"email\","
            + "\"DeliveryMedium\":\"EMAIL\",\"Destination\":\"r***@e***\"}}");
    APIGatewayProxyResponseEvent known = forgot("rita");
    String[][] errors = {
      {"UserNotFoundException", "Username/client id combination not found."},
      {"UserNotConfirmedException", "User is not confirmed."},
      {"NotAuthorizedException", "User is disabled."},
      {
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or phone_number"
      },
    };

    for (String[] error : errors) {
      cognito.server.resetAll();
      cognito.failAny("ForgotPassword", 400, error[0], error[1]);
      APIGatewayProxyResponseEvent other = forgot("nobody");

      assertThat(other.getStatusCode()).as(error[0]).isEqualTo(202);
      assertThat(other.getBody()).as(error[0]).isEqualTo(known.getBody());
      assertThat(other.getHeaders()).as(error[0]).isEqualTo(known.getHeaders());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "UserNotFoundException, Username/client id combination not found.",
    "InvalidParameterException, User is already confirmed.",
  })
  void resendWhenUserUnknownOrAlreadyConfirmedThenNoContentLikeSuccess(
      String type, String message) {
    cognito.failAny("ResendConfirmationCode", 400, type, message);

    assertThat(resend("nobody").getStatusCode()).isEqualTo(204);
  }

  @ParameterizedTest(name = "{0} {2} \"{3}\" -> {4} {5}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "signup  | 400 | UsernameExistsException   | User already exists                                   | 409 | username_exists",
        "signup  | 400 | InvalidPasswordException  | Password did not conform with policy: Password not long enough | 400 | invalid_password",
        "signup  | 400 | InvalidParameterException | Username cannot be of email format, since user pool is configured for email alias. | 400 | invalid_request",
        "signup  | 400 | InvalidParameterException | Invalid email address format.                         | 400 | invalid_request",
        "signup  | 400 | InvalidParameterException | 1 validation error detected: Value at 'password' failed to satisfy constraint | 400 | invalid_password",
        "signup  | 400 | InvalidParameterException | Attributes did not conform to the schema: name: The attribute is required | 500 | internal_error",
        "signup  | 400 | NotAuthorizedException    | SignUp is not permitted for this user pool            | 500 | internal_error",
        "signup  | 400 | NotAuthorizedException    | Unable to verify secret hash for client client123     | 500 | internal_error",
        "signup  | 400 | TooManyRequestsException  | Rate exceeded                                         | 429 | too_many_requests",
        "signup  | 400 | LimitExceededException    | Attempt limit exceeded, please try after some time.   | 429 | too_many_requests",
        "signup  | 400 | CodeDeliveryFailureException | Unable to deliver the message                      | 502 | upstream_error",
        "signup  | 400 | InvalidEmailRoleAccessPolicyException | Cognito is not allowed to use your email identity | 500 | internal_error",
        "signup  | 500 | InternalErrorException    | Internal error                                        | 502 | upstream_error",
        "confirm | 400 | CodeMismatchException     | Invalid verification code provided, please try again. | 400 | invalid_code",
        "confirm | 400 | ExpiredCodeException      | Invalid code provided, please request a code again.   | 400 | expired_code",
        "confirm | 400 | NotAuthorizedException    | User cannot be confirmed. Current status is CONFIRMED | 400 | invalid_code",
        "confirm | 400 | UserNotFoundException     | Username/client id combination not found.             | 400 | invalid_code",
        "confirm | 400 | AliasExistsException      | An account with the given email already exists.       | 409 | username_exists",
        "confirm | 400 | TooManyFailedAttemptsException | Too many failed attempts                         | 429 | too_many_requests",
        "confirm | 400 | LimitExceededException    | Attempt limit exceeded, please try after some time.   | 429 | too_many_requests",
        "confirm | 400 | NotAuthorizedException    | Unable to verify secret hash for client client123     | 500 | internal_error",
        "resend  | 400 | LimitExceededException    | Attempt limit exceeded, please try after some time.   | 429 | too_many_requests",
        "resend  | 400 | CodeDeliveryFailureException | Unable to deliver the message                      | 502 | upstream_error",
        "resend  | 400 | NotAuthorizedException    | Unable to verify secret hash for client client123     | 500 | internal_error",
        "forgot  | 400 | LimitExceededException    | Attempt limit exceeded, please try after some time.   | 429 | too_many_requests",
        "forgot  | 400 | TooManyRequestsException  | Rate exceeded                                         | 429 | too_many_requests",
        "forgot  | 400 | NotAuthorizedException    | Unable to verify secret hash for client client123     | 500 | internal_error",
        "forgot  | 400 | InvalidParameterException | Client is not allowed to reset passwords              | 500 | internal_error",
        "forgot  | 500 | InternalErrorException    | Internal error                                        | 502 | upstream_error",
        "reset   | 400 | CodeMismatchException     | Invalid verification code provided, please try again. | 400 | invalid_code",
        "reset   | 400 | ExpiredCodeException      | Invalid code provided, please request a code again.   | 400 | expired_code",
        "reset   | 400 | InvalidPasswordException  | Password does not conform to policy: Password must have symbol characters | 400 | invalid_password",
        "reset   | 400 | UserNotFoundException     | Username/client id combination not found.             | 400 | invalid_code",
        "reset   | 400 | NotAuthorizedException    | User is disabled.                                     | 400 | invalid_code",
        "reset   | 400 | TooManyFailedAttemptsException | Too many failed attempts                         | 429 | too_many_requests",
        "reset   | 400 | LimitExceededException    | Attempt limit exceeded, please try after some time.   | 429 | too_many_requests",
        "reset   | 400 | NotAuthorizedException    | Password attempts exceeded                            | 429 | too_many_requests",
        "reset   | 400 | NotAuthorizedException    | Unable to verify secret hash for client client123     | 500 | internal_error",
      })
  void handleWhenCognitoAnswersWithErrorThenMapsToStableCode(
      String route, int cognitoStatus, String type, String message, int status, String code) {
    String target =
        Map.of(
                "signup",
                "SignUp",
                "confirm",
                "ConfirmSignUp",
                "resend",
                "ResendConfirmationCode",
                "forgot",
                "ForgotPassword",
                "reset",
                "ConfirmForgotPassword")
            .get(route);
    cognito.failAny(target, cognitoStatus, type, message);

    APIGatewayProxyResponseEvent response = call(route);

    assertError(response, status, code);
    assertThat(response.getBody()).doesNotContain(message).doesNotContain(type);
  }

  private APIGatewayProxyResponseEvent call(String route) {
    switch (route) {
      case "signup":
        return signUp("sam", "sam@example.com", "Passw0rd!");
      case "confirm":
        return confirm("sam", "123456");
      case "resend":
        return resend("sam");
      case "forgot":
        return forgot("rita");
      default:
        return reset("rita", "123456", "N3w-Passw0rd!");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "signup, SignUp, password, Passw0rd!",
    "reset, ConfirmForgotPassword, new_password, N3w-Passw0rd!",
  })
  void handleWhenPasswordBreaksPolicyThenInvalidPasswordNamingFieldWithPolicyInWordsAndNoEcho(
      String route, String target, String field, String password) {
    cognito.failAny(
        target,
        400,
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have uppercase characters");

    APIGatewayProxyResponseEvent response = call(route);

    assertError(response, 400, "invalid_password");
    assertThat(Bodies.text(response, "message"))
        .isEqualTo(field + " does not meet the password policy: " + POLICY_WORDS + ".")
        .doesNotContain(password);
  }

  @Test
  void signUpWhenNoPolicyConfiguredThenInvalidPasswordSaysOnlyThatThePoolsPolicyApplies() {
    cognito.failAny("SignUp", 400, "InvalidPasswordException", "Password not long enough");
    Map<String, String> env = cognito.environment();
    env.put("PASSWORD_POLICY", "");

    APIGatewayProxyResponseEvent response =
        new SignUpHandler(env)
            .handleRequest(
                Events.request(
                    "POST",
                    "/auth/signup",
                    Events.json("username", "sam", "email", "sam@example.com", "password", "x1")),
                null);

    assertError(response, 400, "invalid_password");
    assertThat(Bodies.text(response, "message"))
        .isEqualTo("password does not meet the user pool's password policy.");
  }

  @Test
  void constructorWhenPasswordPolicyMalformedThenFailsNamingVariableWithoutEchoingIt() {
    Map<String, String> env = cognito.environment();
    env.put("PASSWORD_POLICY", "MinimumLength=eight-Zq9x");

    assertThatThrownBy(() -> new ResetPasswordHandler(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PASSWORD_POLICY")
        .hasMessageNotContaining("Zq9x");
  }

  @Test
  void forgotWhenCognitoUnreachableThenServiceUnavailableNeverAccepted() throws Exception {
    Map<String, String> env = cognito.unreachableEnvironment();
    List<RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers =
        List.of(new ForgotPasswordHandler(env), new ResendCodeHandler(env));

    for (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler :
        handlers) {
      APIGatewayProxyResponseEvent response =
          handler.handleRequest(
              Events.request("POST", "/auth/password/forgot", Events.json("username", "rita")),
              null);
      assertError(response, 503, "upstream_unavailable");
    }
  }

  /** These APIs are not IAM-authorized: the SDK must send them without a signature. */
  private static void assertUnsigned(String target) {
    cognito.server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService." + target))
            .withHeader("Authorization", absent()));
  }
}
