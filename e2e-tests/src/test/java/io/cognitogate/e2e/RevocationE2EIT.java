package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logout the authorizer honours, end to end over HTTP only: after {@code DELETE /auth} with the
 * access token, every access token of that session (the same {@code origin_jti}, refreshed or not)
 * gets 401 from the authorizer (the local stage has no API Gateway cache and a 0 s TTL), and a
 * global logout from one session makes another session's access token 401 and its refresh token
 * useless. Each test signs up its own user, so signing it out everywhere touches no other test.
 * cognito-local runs with the repository's patch (patches/): {@code origin_jti} on its tokens and
 * GlobalSignOut, as on Cognito.
 */
@ExtendWith(SharedLocalStack.class)
class RevocationE2EIT {

  private static final String PASSWORD = "Revoke-Passw0rd!";

  static LocalStack stack;
  static String code;

  @BeforeAll
  static void useStack(LocalStack shared) {
    stack = shared;
    code = shared.settings.get("confirmationCode").asText();
  }

  private static HttpResponse<String> send(
      String method, String path, String body, String accessToken) throws Exception {
    return stack.send(
        method, path, body, "Authorization", accessToken == null ? null : "Bearer " + accessToken);
  }

  private static String body(String... keysAndValues) throws Exception {
    return LocalStack.jsonBody(keysAndValues);
  }

  private static String confirmedUser() throws Exception {
    String username = "rev-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        send(
            "POST",
            "/auth/signup",
            body("username", username, "email", username + "@example.com", "password", PASSWORD),
            null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> confirmed =
        send("POST", "/auth/signup/confirm", body("username", username, "code", code), null);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
    return username;
  }

  private static JsonNode login(String username) throws Exception {
    HttpResponse<String> response =
        send("PUT", "/auth", body("username", username, "password", PASSWORD), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int mock(String accessToken) throws Exception {
    return send("GET", "/mock", null, accessToken).statusCode();
  }

  /**
   * cognito-local's auth_time has whole seconds; a login in the sign-out's second counts as before
   * it.
   */
  private static void nextSecond() throws InterruptedException {
    long now = Instant.now().toEpochMilli();
    Thread.sleep(1000 - now % 1000 + 50);
  }

  @Test
  void logoutWithTheAccessTokenThenThatAccessTokenIs401WhileAnotherSessionAndAFreshLoginStill200()
      throws Exception {
    String username = confirmedUser();
    JsonNode session = login(username);
    JsonNode other = login(username);
    String access = session.get("access_token").asText();
    assertThat(mock(access)).isEqualTo(200);

    HttpResponse<String> logout =
        send(
            "DELETE",
            "/auth",
            body("refresh_token", session.get("refresh_token").asText()),
            access);

    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    assertThat(mock(access)).as("the logged-out access token").isEqualTo(401);
    HttpResponse<String> refresh = stack.refresh(session);
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(401);
    assertThat(mock(other.get("access_token").asText()))
        .as("another session of the same user")
        .isEqualTo(200);
    assertThat(mock(login(username).get("access_token").asText()))
        .as("a fresh login")
        .isEqualTo(200);
  }

  @Test
  void
      logoutWithARefreshedAccessTokenThenTheSessionsEarlierAccessTokenIs401TooAndAnotherSessionStill200()
          throws Exception {
    String username = confirmedUser();
    JsonNode session = login(username);
    JsonNode other = login(username);
    String earlier = session.get("access_token").asText();
    HttpResponse<String> refreshed = stack.refresh(session);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String current = JSON.readTree(refreshed.body()).get("access_token").asText();
    // one session: the refreshed token keeps the login's origin_jti, the other login has its own
    String originJti = JWT.decode(earlier).getClaim("origin_jti").asString();
    assertThat(originJti).isNotBlank();
    assertThat(JWT.decode(current).getClaim("origin_jti").asString()).isEqualTo(originJti);
    assertThat(JWT.decode(other.get("access_token").asText()).getClaim("origin_jti").asString())
        .isNotEqualTo(originJti);
    assertThat(mock(earlier)).isEqualTo(200);

    HttpResponse<String> logout =
        send(
            "DELETE",
            "/auth",
            body("refresh_token", session.get("refresh_token").asText()),
            current);

    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    assertThat(mock(current)).as("the access token that logged out").isEqualTo(401);
    assertThat(mock(earlier))
        .as("the same session's access token from before the refresh")
        .isEqualTo(401);
    assertThat(mock(other.get("access_token").asText()))
        .as("another session of the same user")
        .isEqualTo(200);
  }

  @Test
  void globalLogoutFromOneSessionThenEverySessionsAccessTokenIs401AndAFreshLoginAfterwardsWorks()
      throws Exception {
    String username = confirmedUser();
    String first = login(username).get("access_token").asText();
    JsonNode secondSession = login(username);
    String second = secondSession.get("access_token").asText();
    assertThat(mock(first)).isEqualTo(200);
    assertThat(mock(second)).isEqualTo(200);
    nextSecond();

    HttpResponse<String> global = send("DELETE", "/auth?scope=global", null, first);

    // the USER marker first, then Cognito's GlobalSignOut revokes every refresh token of the user
    assertThat(global.statusCode()).as(global.body()).isEqualTo(204);
    assertThat(mock(second)).as("the other session's access token").isEqualTo(401);
    HttpResponse<String> refresh = stack.refresh(secondSession);
    assertThat(refresh.statusCode())
        .as("the other session's refresh token: " + refresh.body())
        .isEqualTo(401);
    assertThat(mock(first)).as("the signing-out session's access token").isEqualTo(401);
    nextSecond();
    assertThat(mock(login(username).get("access_token").asText()))
        .as("a fresh login afterwards")
        .isEqualTo(200);
  }

  @Test
  void logoutWithoutTheAccessTokenThenRefreshTokenRevokedButTheAccessTokenStillValidUntilItExpires()
      throws Exception {
    String username = confirmedUser();
    JsonNode session = login(username);
    String access = session.get("access_token").asText();

    HttpResponse<String> logout =
        send("DELETE", "/auth", body("refresh_token", session.get("refresh_token").asText()), null);

    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
    // documented: without the header nothing marks the access token; only Cognito's refresh token
    // is gone
    assertThat(mock(access)).isEqualTo(200);
  }
}
