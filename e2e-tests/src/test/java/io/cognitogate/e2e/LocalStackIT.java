package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole system as {@code npm start} runs it (cognito-local, serverless-offline with
 * serverless.yml's local stage, the real Lambda jars in the invoke server), driven over HTTP only.
 * The stack is shared with the other classes of the run ({@link SharedLocalStack}); the seeded
 * users are this class's alone.
 */
@ExtendWith(SharedLocalStack.class)
class LocalStackIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static LocalStack stack;
  static CognitoLocalTokens minted;

  @BeforeAll
  static void useStack(LocalStack shared) throws Exception {
    stack = shared;
    String issuer =
        stack.settings.get("cognitoEndpoint").asText()
            + "/"
            + stack.settings.get("userPoolId").asText();
    minted = new CognitoLocalTokens(stack.root, issuer, stack.settings.get("clientId").asText());
  }

  // --- HTTP helpers ------------------------------------------------------------------------------

  private static HttpResponse<String> send(
      String method, String path, String body, String authorization) throws Exception {
    return stack.send(method, path, body, "Authorization", authorization);
  }

  private static HttpResponse<String> get(String path, String accessToken) throws Exception {
    return send("GET", path, null, "Bearer " + accessToken);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String body(String... keysAndValues) throws Exception {
    return LocalStack.jsonBody(keysAndValues);
  }

  private static JsonNode login(JsonNode user) throws Exception {
    HttpResponse<String> response =
        send(
            "PUT",
            "/auth",
            body(
                "username",
                user.get("username").asText(),
                "password",
                user.get("password").asText()),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static JsonNode demoTokens() throws Exception {
    return login(stack.user("CONFIRMED", false));
  }

  // --- the happy path ----------------------------------------------------------------------------

  @Test
  void loginThenMockAnswersWithTheUsersSub() throws Exception {
    JsonNode tokens = demoTokens();
    String sub = JWT.decode(tokens.get("access_token").asText()).getSubject();

    HttpResponse<String> mock = get("/mock", tokens.get("access_token").asText());

    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    JsonNode body = json(mock);
    assertThat(body.get("principalId").asText()).isEqualTo(sub);
    assertThat(body.get("claims").get("sub").asText()).isEqualTo(sub);
    assertThat(body.get("claims").get("token_use").asText()).isEqualTo("access");
    // serverless-offline's unverified decoding of the token never reaches the handler
    assertThat(body.get("claims").has("claims")).isFalse();
  }

  @Test
  void refreshThenTheNewAccessTokenIsAccepted() throws Exception {
    JsonNode tokens = demoTokens();

    HttpResponse<String> refreshed = stack.refresh(tokens);

    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String newAccess = json(refreshed).get("access_token").asText();
    assertThat(newAccess).isNotEqualTo(tokens.get("access_token").asText());
    HttpResponse<String> mock = get("/mock", newAccess);
    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    assertThat(json(mock).get("principalId").asText())
        .isEqualTo(JWT.decode(newAccess).getSubject());
  }

  @Test
  void logoutThenRefreshIsRejected() throws Exception {
    JsonNode tokens = demoTokens();
    String refresh = tokens.get("refresh_token").asText();

    HttpResponse<String> logout = send("DELETE", "/auth", body("refresh_token", refresh), null);
    HttpResponse<String> refreshed = stack.refresh(tokens.get("username").asText(), refresh);

    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(401);
    assertThat(json(refreshed).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void loginWithWrongPasswordIs401InvalidCredentialsAlthoughTheEmulatorAnswersAnotherError()
      throws Exception {
    // cognito-local says InvalidPasswordException where Cognito says NotAuthorizedException
    HttpResponse<String> login =
        send(
            "PUT",
            "/auth",
            body(
                "username",
                stack.user("CONFIRMED", false).get("username").asText(),
                "password",
                "Wrong-Passw0rd!"),
            null);

    assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
    assertThat(json(login).get("error").asText()).isEqualTo("invalid_credentials");
  }

  // --- what the authorizer refuses ---------------------------------------------------------------

  @Test
  void mockWithoutAuthorizationHeaderIs401() throws Exception {
    assertThat(send("GET", "/mock", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void mintedTokenWithEveryClaimRightIsAccepted() throws Exception {
    // the control for the table below: minting itself is sound, so each 401 there is its one defect
    HttpResponse<String> mock = get("/mock", minted.sign(minted.access("minted-sub")));

    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    assertThat(json(mock).get("principalId").asText()).isEqualTo("minted-sub");
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> rejectedTokens() {
    Instant past = Instant.now().minusSeconds(3600);
    return Stream.<org.junit.jupiter.params.provider.Arguments>of(
        arguments("garbage", (Function<JsonNode, String>) t -> "Bearer garbage"),
        arguments("three garbage segments", (Function<JsonNode, String>) t -> "Bearer abc.def.ghi"),
        arguments(
            "no Bearer scheme", (Function<JsonNode, String>) t -> t.get("access_token").asText()),
        arguments("Basic scheme", (Function<JsonNode, String>) t -> "Basic ZGVtbzpwYXNzd29yZA=="),
        arguments(
            "expired",
            (Function<JsonNode, String>)
                t ->
                    "Bearer "
                        + minted.sign(
                            minted
                                .access("s")
                                .withIssuedAt(past.minusSeconds(60))
                                .withExpiresAt(past))),
        arguments(
            "wrong issuer",
            (Function<JsonNode, String>)
                t ->
                    "Bearer "
                        + minted.sign(
                            minted
                                .access("s")
                                .withIssuer("http://127.0.0.1:1/us-east-1_OtherPool"))),
        arguments(
            "foreign client",
            (Function<JsonNode, String>)
                t ->
                    "Bearer "
                        + minted.sign(
                            minted.access("s").withClaim("client_id", "someone-elses-client"))),
        arguments(
            "id token instead of access",
            (Function<JsonNode, String>) t -> "Bearer " + t.get("id_token").asText()),
        arguments(
            "tampered payload",
            (Function<JsonNode, String>)
                t -> {
                  String[] parts = t.get("access_token").asText().split("\\.");
                  DecodedJWT decoded = JWT.decode(t.get("access_token").asText());
                  String forged =
                      java.util.Base64.getUrlEncoder()
                          .withoutPadding()
                          .encodeToString(
                              new String(
                                      java.util.Base64.getUrlDecoder().decode(decoded.getPayload()))
                                  .replace(
                                      decoded.getSubject(), "00000000-0000-0000-0000-000000000000")
                                  .getBytes());
                  return "Bearer " + parts[0] + "." + forged + "." + parts[2];
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedTokens")
  void mockWithBadTokenIs401(String what, Function<JsonNode, String> authorization)
      throws Exception {
    JsonNode tokens = demoTokens();

    HttpResponse<String> mock = send("GET", "/mock", null, authorization.apply(tokens));

    assertThat(mock.statusCode()).as(what + ": " + mock.body()).isEqualTo(401);
  }

  @Test
  void serverlessOfflinesAuthorizerOverrideHeaderIsRefused() throws Exception {
    // serverless-offline would hand the route this header's JSON instead of the authorizer's
    // context
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/mock"))
            .header("Authorization", "Bearer " + minted.sign(minted.access("real-sub")))
            .header(
                "sls-offline-authorizer-override",
                "{\"principalId\":\"forged\",\"groups\":\"admins\"}")
            .build();

    HttpResponse<String> mock =
        LocalStackContract.check(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));

    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(400);
    assertThat(json(mock).get("error").asText()).isEqualTo("unsupported_header");
    assertThat(mock.body()).doesNotContain("forged");
  }

  // --- per-route rules and the authorizer cache --------------------------------------------------

  @Test
  void adminRouteIs403ForDemoUserWhoStillGets200OnMockWithTheSameCachedPolicy() throws Exception {
    String access = demoTokens().get("access_token").asText();

    HttpResponse<String> admin = get("/mock/admin", access);
    HttpResponse<String> mock = get("/mock", access);

    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(403);
    // the policy cached from /mock/admin is applied to /mock: it must allow it
    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
  }

  @Test
  void mockFirstThenAdminRouteStill403FromTheCachedPolicy() throws Exception {
    String access = demoTokens().get("access_token").asText();

    assertThat(get("/mock", access).statusCode()).isEqualTo(200);
    assertThat(get("/mock/admin", access).statusCode()).isEqualTo(403);
  }

  @Test
  void adminRouteIs200ForTheAdminsGroupMember() throws Exception {
    JsonNode tokens = login(stack.user("CONFIRMED", true));

    HttpResponse<String> admin = get("/mock/admin", tokens.get("access_token").asText());

    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(json(admin).get("claims").get("groups").asText()).contains("admins");
    assertThat(json(admin).get("message").asText()).contains("/mock/admin");
  }

  // --- a user who must set a new password --------------------------------------------------------

  @Test
  void forceChangePasswordUserAnswersTheChallengeThenUsesTheApi() throws Exception {
    JsonNode user = stack.user("FORCE_CHANGE_PASSWORD", false);

    JsonNode challenge = login(user);
    assertThat(challenge.get("challenge").asText()).isEqualTo("NEW_PASSWORD_REQUIRED");
    assertThat(challenge.has("access_token")).isFalse();

    HttpResponse<String> answered =
        send(
            "POST",
            "/auth/challenge",
            body(
                "username",
                challenge.get("username").asText(),
                "session",
                challenge.get("session").asText(),
                "new_password",
                "New-Passw0rd!e2e"),
            null);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(get("/mock", json(answered).get("access_token").asText()).statusCode())
        .isEqualTo(200);

    HttpResponse<String> withNewPassword =
        send(
            "PUT",
            "/auth",
            body("username", user.get("username").asText(), "password", "New-Passw0rd!e2e"),
            null);
    assertThat(withNewPassword.statusCode()).as(withNewPassword.body()).isEqualTo(200);
    assertThat(json(withNewPassword).has("access_token")).isTrue();
  }

  @Test
  void stackFileDescribesTheRunningStack() {
    assertThat(stack.settings.get("apiUrl").asText()).startsWith("http://127.0.0.1:");
    assertThat(stack.settings.get("userPoolId").asText()).isEqualTo("us-east-1_LocalPool1");
    assertThat(stack.settings.get("region").asText()).isEqualTo("us-east-1");
    assertThat(stack.settings.get("users")).hasSize(3);
    // cognito-local's CODE: the default of LOCAL_CONFIRMATION_CODE, which the tests do not set
    assertThat(stack.settings.get("confirmationCode").asText()).isEqualTo("123456");
  }
}
