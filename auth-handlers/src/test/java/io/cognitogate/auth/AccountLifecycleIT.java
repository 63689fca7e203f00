package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.testkit.CognitoLocal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Sign-up, confirmation and password reset, built as Lambda builds the handlers, against a real
 * cognito-local whose {@code CODE} fixes every code to {@link CognitoLocal#CODE}. What the emulator
 * does not do (SECRET_HASH, the password policy, Cognito's error types) is covered by {@link
 * AccountProtocolTest}.
 */
class AccountLifecycleIT {

  private static final String WRONG_CODE = "654321";
  private static CognitoLocal cognito;
  private static ApiContract.Route login;
  private static ApiContract.Route signUp;
  private static ApiContract.Route confirm;
  private static ApiContract.Route resend;
  private static ApiContract.Route forgot;
  private static ApiContract.Route reset;

  @BeforeAll
  static void startEmulator() {
    cognito = CognitoLocal.start();
    CognitoLocal.Pool pool = cognito.createPool("account-it", CognitoLocal.SignIn.USERNAME);
    // as the deployed pool: codes go to the email address (without it the emulator sends no sign-up
    // code)
    cognito
        .client()
        .updateUserPool(
            r -> r.userPoolId(pool.id()).autoVerifiedAttributes(VerifiedAttributeType.EMAIL));
    CognitoLocal.AppClient client = pool.createClient("api", true);
    pool.createConfirmedUser("rita", "Passw0rd!", Map.of("email", "rita@example.com"));
    Map<String, String> env = AuthApiIT.environment(cognito, pool, client);
    env.put(
        "PASSWORD_POLICY",
        "MinimumLength=8,RequireUppercase,RequireLowercase,RequireNumbers,RequireSymbols");
    login = ApiContract.checked(new LoginHandler(env));
    signUp = ApiContract.checked(new SignUpHandler(env));
    confirm = ApiContract.checked(new ConfirmSignUpHandler(env));
    resend = ApiContract.checked(new ResendCodeHandler(env));
    forgot = ApiContract.checked(new ForgotPasswordHandler(env));
    reset = ApiContract.checked(new ResetPasswordHandler(env));
  }

  @AfterAll
  static void stopEmulator() {
    if (cognito != null) {
      cognito.close();
    }
  }

  private static APIGatewayProxyResponseEvent login(String username, String password) {
    return login.handleRequest(
        Events.login(Events.json("username", username, "password", password)), null);
  }

  private static APIGatewayProxyResponseEvent signUp(
      String username, String email, String password) {
    return signUp.handleRequest(
        Events.request(
            "POST",
            "/auth/signup",
            Events.json("username", username, "email", email, "password", password)),
        null);
  }

  private static APIGatewayProxyResponseEvent confirm(String username, String code) {
    return confirm.handleRequest(
        Events.request(
            "POST", "/auth/signup/confirm", Events.json("username", username, "code", code)),
        null);
  }

  private static APIGatewayProxyResponseEvent forgot(String username) {
    return forgot.handleRequest(
        Events.request("POST", "/auth/password/forgot", Events.json("username", username)), null);
  }

  private static APIGatewayProxyResponseEvent reset(
      String username, String code, String newPassword) {
    return reset.handleRequest(
        Events.request(
            "POST",
            "/auth/password/reset",
            Events.json("username", username, "code", code, "new_password", newPassword)),
        null);
  }

  @Test
  void signUpWhenConfirmedWithTheCodeThenLoginGivesTokens() {
    APIGatewayProxyResponseEvent created = signUp("sam", "sam@example.com", "Passw0rd!");
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
    // the emulator returns the address unmasked; the API masks it as Cognito does
    assertThat(created.getBody())
        .isEqualTo(
            "{\"user_confirmed\":false,\"delivery\":{\"medium\":\"EMAIL\",\"destination\":\"s***@e***\"}}");
    assertError(login("sam", "Passw0rd!"), 403, "user_not_confirmed");

    APIGatewayProxyResponseEvent confirmed = confirm("sam", CognitoLocal.CODE);

    assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(204);
    APIGatewayProxyResponseEvent tokens = login("sam", "Passw0rd!");
    assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
    assertThat(Bodies.text(tokens, "access_token")).isNotBlank();
    assertThat(Bodies.text(tokens, "username")).isEqualTo("sam");
  }

  @Test
  void confirmWhenCodeWrongThenInvalidCodeAndTheRightCodeStillWorks() {
    assertThat(signUp("wes", "wes@example.com", "Passw0rd!").getStatusCode()).isEqualTo(201);

    assertError(confirm("wes", WRONG_CODE), 400, "invalid_code");
    assertThat(confirm("wes", CognitoLocal.CODE).getStatusCode()).isEqualTo(204);
  }

  @Test
  void confirmWhenCodeReusedThenRejectedAndUserStaysConfirmed() {
    assertThat(signUp("uma", "uma@example.com", "Passw0rd!").getStatusCode()).isEqualTo(201);
    assertThat(confirm("uma", CognitoLocal.CODE).getStatusCode()).isEqualTo(204);

    // cognito-local forgets a used code (ExpiredCodeException); Cognito says NotAuthorized:
    // invalid_code there
    assertError(confirm("uma", CognitoLocal.CODE), 400, "expired_code");
    assertThat(login("uma", "Passw0rd!").getStatusCode()).isEqualTo(200);
  }

  @Test
  void confirmWhenUserUnknownThenInvalidCodeLikeAWrongCode() {
    assertError(confirm("nobody", CognitoLocal.CODE), 400, "invalid_code");
  }

  @Test
  void signUpWhenUsernameTakenThenConflict() {
    assertError(signUp("rita", "other@example.com", "Passw0rd!"), 409, "username_exists");
  }

  @Test
  void forgotThenResetWithTheCodeThenOnlyTheNewPasswordLogsIn() {
    APIGatewayProxyResponseEvent accepted = forgot("rita");
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    assertError(reset("rita", WRONG_CODE, "N3w-Passw0rd!"), 400, "invalid_code");

    APIGatewayProxyResponseEvent done = reset("rita", CognitoLocal.CODE, "N3w-Passw0rd!");

    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(204);
    assertThat(login("rita", "N3w-Passw0rd!").getStatusCode()).isEqualTo(200);
    assertError(login("rita", "Passw0rd!"), 401, "invalid_credentials");
    // the code was used up: it cannot set the password again
    assertError(reset("rita", CognitoLocal.CODE, "Th1rd-Passw0rd!"), 400, "invalid_code");
    assertThat(login("rita", "N3w-Passw0rd!").getStatusCode()).isEqualTo(200);
  }

  @Test
  void forgotWhenUserUnknownThenSameAnswerAsForAKnownUser() {
    APIGatewayProxyResponseEvent known = forgot("rita");
    APIGatewayProxyResponseEvent unknown = forgot("nobody");

    assertThat(unknown.getStatusCode()).isEqualTo(202);
    assertThat(unknown.getBody()).isEqualTo(known.getBody());
    assertThat(unknown.getHeaders()).isEqualTo(known.getHeaders());
  }

  @Test
  void resetWhenUserUnknownThenInvalidCode() {
    assertError(reset("nobody", CognitoLocal.CODE, "N3w-Passw0rd!"), 400, "invalid_code");
  }

  @Test
  void resendWhenUnconfirmedThenNoContentAndTheResentCodeConfirms() {
    assertThat(signUp("val", "val@example.com", "Passw0rd!").getStatusCode()).isEqualTo(201);

    APIGatewayProxyResponseEvent response =
        resend.handleRequest(
            Events.request("POST", "/auth/signup/resend", Events.json("username", "val")), null);

    // cognito-local with patches/ answers ResendConfirmationCode as Cognito does; the request the
    // SDK
    // sends and Cognito's other answers are checked in AccountProtocolTest
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
    assertThat(confirm("val", CognitoLocal.CODE).getStatusCode()).isEqualTo(204);
  }
}
