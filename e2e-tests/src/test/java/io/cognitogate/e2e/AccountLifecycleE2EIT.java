package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-up, confirmation and password reset through the local stack's API, over HTTP only, with the
 * code cognito-local is started with ({@code confirmationCode} in stack.json). Each test signs up
 * its own user, so the tests share the stack of {@link LocalStackIT} without touching its users.
 */
@ExtendWith(SharedLocalStack.class)
class AccountLifecycleE2EIT {

  private static final String PASSWORD = "Sign-Up-Passw0rd!";
  private static final String NEW_PASSWORD = "Reset-N3w-Passw0rd!";

  static LocalStack stack;
  static String code;
  static String wrongCode;

  @BeforeAll
  static void useStack(LocalStack shared) {
    stack = shared;
    code = shared.settings.get("confirmationCode").asText();
    wrongCode = code.equals("654321") ? "123456" : "654321";
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static HttpResponse<String> send(
      String method, String path, String body, String accessToken) throws Exception {
    return stack.send(
        method, path, body, "Authorization", accessToken == null ? null : "Bearer " + accessToken);
  }

  private static HttpResponse<String> post(String path, String... keysAndValues) throws Exception {
    return send("POST", path, LocalStack.jsonBody(keysAndValues), null);
  }

  private static HttpResponse<String> login(String username, String password) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
    return send("PUT", "/auth", JSON.writeValueAsString(body), null);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return json(response).path("error").asText();
  }

  /**
   * A fresh username per test; not email-shaped, as the deployed pool (email is an alias) requires.
   */
  private static String newUsername() {
    return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> signUp(String username) throws Exception {
    return post(
        "/auth/signup",
        "username",
        username,
        "email",
        username + "@example.com",
        "password",
        PASSWORD);
  }

  private static String confirmedUser() throws Exception {
    String username = newUsername();
    HttpResponse<String> created = signUp(username);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> confirmed =
        post("/auth/signup/confirm", "username", username, "code", code);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
    return username;
  }

  // --- sign-up and confirmation ------------------------------------------------------------------

  @Test
  void signUpThenConfirmWithTheFixedCodeThenLoginAndMockAnswersWithTheNewUsersSub()
      throws Exception {
    String username = newUsername();

    HttpResponse<String> created = signUp(username);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).get("user_confirmed").asBoolean()).isFalse();
    // the pool auto-verifies email as deployed, so the answer says where the code went, masked
    assertThat(json(created).get("delivery").get("medium").asText()).isEqualTo("EMAIL");
    assertThat(json(created).get("delivery").get("destination").asText()).isEqualTo("e***@e***");

    HttpResponse<String> tooEarly = login(username, PASSWORD);
    assertThat(tooEarly.statusCode()).as(tooEarly.body()).isEqualTo(403);
    assertThat(error(tooEarly)).isEqualTo("user_not_confirmed");

    HttpResponse<String> confirmed =
        post("/auth/signup/confirm", "username", username, "code", code);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);

    HttpResponse<String> loggedIn = login(username, PASSWORD);
    assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
    String access = json(loggedIn).get("access_token").asText();
    String sub = JWT.decode(access).getSubject();

    HttpResponse<String> mock = send("GET", "/mock", null, access);
    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    assertThat(json(mock).get("principalId").asText()).isEqualTo(sub);
    assertThat(json(mock).get("claims").get("sub").asText()).isEqualTo(sub);
    assertThat(json(mock).get("claims").get("username").asText()).isEqualTo(username);
  }

  @Test
  void confirmWithWrongCodeIs400InvalidCodeAndConfirmsNothing() throws Exception {
    String username = newUsername();
    assertThat(signUp(username).statusCode()).isEqualTo(201);

    HttpResponse<String> wrong =
        post("/auth/signup/confirm", "username", username, "code", wrongCode);

    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
    assertThat(error(wrong)).isEqualTo("invalid_code");
    assertThat(wrong.body()).doesNotContain(wrongCode);
    assertThat(login(username, PASSWORD).statusCode()).isEqualTo(403);
    // the user is still waiting for the right code
    assertThat(post("/auth/signup/confirm", "username", username, "code", code).statusCode())
        .isEqualTo(204);
  }

  @Test
  void resendWhenUnconfirmedThen204AndTheCodeConfirms() throws Exception {
    String username = newUsername();
    assertThat(signUp(username).statusCode()).isEqualTo(201);

    HttpResponse<String> resend = post("/auth/signup/resend", "username", username);

    assertThat(resend.statusCode()).as(resend.body()).isEqualTo(204);
    assertThat(post("/auth/signup/confirm", "username", username, "code", code).statusCode())
        .isEqualTo(204);
    assertThat(login(username, PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void resendWhenAlreadyConfirmedOrUnknownThenTheSame204AsForAnUnconfirmedUser() throws Exception {
    String confirmed = newUsername();
    assertThat(signUp(confirmed).statusCode()).isEqualTo(201);
    assertThat(post("/auth/signup/confirm", "username", confirmed, "code", code).statusCode())
        .isEqualTo(204);
    String unconfirmed = newUsername();
    assertThat(signUp(unconfirmed).statusCode()).isEqualTo(201);

    HttpResponse<String> forUnconfirmed = post("/auth/signup/resend", "username", unconfirmed);
    HttpResponse<String> forConfirmed = post("/auth/signup/resend", "username", confirmed);
    HttpResponse<String> forUnknown = post("/auth/signup/resend", "username", newUsername());

    // Cognito refuses the last two (InvalidParameterException, UserNotFoundException); the API
    // tells nobody which
    assertThat(forConfirmed.statusCode())
        .as(forConfirmed.body())
        .isEqualTo(forUnconfirmed.statusCode());
    assertThat(forUnknown.statusCode())
        .as(forUnknown.body())
        .isEqualTo(forUnconfirmed.statusCode());
    assertThat(forConfirmed.body()).isEqualTo(forUnconfirmed.body());
    assertThat(forUnknown.body()).isEqualTo(forUnconfirmed.body());
  }

  // --- forgotten password ------------------------------------------------------------------------

  @Test
  void forgotThenResetWithTheFixedCodeThenOnlyTheNewPasswordLogsIn() throws Exception {
    String username = confirmedUser();

    HttpResponse<String> forgot = post("/auth/password/forgot", "username", username);
    assertThat(forgot.statusCode()).as(forgot.body()).isEqualTo(202);
    HttpResponse<String> reset =
        post(
            "/auth/password/reset",
            "username",
            username,
            "code",
            code,
            "new_password",
            NEW_PASSWORD);
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

    HttpResponse<String> withNew = login(username, NEW_PASSWORD);
    assertThat(withNew.statusCode()).as(withNew.body()).isEqualTo(200);
    assertThat(send("GET", "/mock", null, json(withNew).get("access_token").asText()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> withOld = login(username, PASSWORD);
    assertThat(withOld.statusCode()).as(withOld.body()).isEqualTo(401);
    assertThat(error(withOld)).isEqualTo("invalid_credentials");

    // a reset code works once
    HttpResponse<String> reused =
        post(
            "/auth/password/reset",
            "username",
            username,
            "code",
            code,
            "new_password",
            "Another-Passw0rd!");
    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(400);
    assertThat(error(reused)).isEqualTo("invalid_code");
    assertThat(login(username, NEW_PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void resetWithWrongCodeIs400InvalidCodeAndKeepsTheOldPassword() throws Exception {
    String username = confirmedUser();
    assertThat(post("/auth/password/forgot", "username", username).statusCode()).isEqualTo(202);

    HttpResponse<String> wrong =
        post(
            "/auth/password/reset",
            "username",
            username,
            "code",
            wrongCode,
            "new_password",
            NEW_PASSWORD);

    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
    assertThat(error(wrong)).isEqualTo("invalid_code");
    assertThat(wrong.body()).doesNotContain(wrongCode).doesNotContain(NEW_PASSWORD);
    assertThat(login(username, PASSWORD).statusCode()).isEqualTo(200);
    assertThat(login(username, NEW_PASSWORD).statusCode()).isEqualTo(401);
  }
}
