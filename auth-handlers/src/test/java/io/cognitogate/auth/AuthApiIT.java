package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.testkit.CognitoLocal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four handlers, built exactly as Lambda builds them (from an environment map), against a real
 * cognito-local on a free port. What the emulator cannot show (SECRET_HASH checks, Cognito's error
 * types) is covered by {@link CognitoProtocolTest}.
 */
class AuthApiIT {

  private static CognitoLocal cognito;
  private static CognitoLocal.Pool pool;
  private static CognitoLocal.AppClient client;
  private static Map<String, String> env;
  private static ApiContract.Route login;
  private static ApiContract.Route challenge;
  private static ApiContract.Route refresh;
  private static ApiContract.Route logout;

  @BeforeAll
  static void startEmulator() {
    cognito = CognitoLocal.start();
    pool = cognito.createPool("auth-api-it", CognitoLocal.SignIn.USERNAME);
    client = pool.createClient("api", true);
    pool.createConfirmedUser("alice", "Passw0rd!", Map.of("email", "alice@example.com"));
    pool.createConfirmedUser("bob", "Passw0rd!", Map.of());
    pool.createForceChangePasswordUser("erin", "Temp0rary!", Map.of());
    pool.createUnconfirmedUser(client, "carol", "Passw0rd!", Map.of("email", "carol@example.com"));
    env = environment(cognito, pool, client);
    login = ApiContract.checked(new LoginHandler(env));
    challenge = ApiContract.checked(new ChallengeHandler(env));
    refresh = ApiContract.checked(new RefreshHandler(env));
    logout = ApiContract.checked(new LogoutHandler(env));
  }

  /**
   * The function environment as serverless.yml's local stage sets it, for {@code pool} and {@code
   * client}.
   */
  static Map<String, String> environment(
      CognitoLocal cognito, CognitoLocal.Pool pool, CognitoLocal.AppClient client) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", pool.id());
    env.put("APP_CLIENT_ID", client.clientId());
    env.put("APP_CLIENT_SECRET", client.clientSecret());
    env.put("COGNITO_ENDPOINT", cognito.endpoint());
    return env;
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

  @Test
  void loginWhenPasswordCorrectThenTokensWithCognitoUsername() {
    APIGatewayProxyResponseEvent response = login("alice", "Passw0rd!");

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(Bodies.fields(response))
        .containsKeys(
            "id_token", "access_token", "refresh_token", "expires_in", "token_type", "username");
    assertThat(Bodies.text(response, "username")).isEqualTo("alice");
    assertThat(Bodies.text(response, "token_type")).isEqualTo("Bearer");
    // the emulator omits ExpiresIn: derived from the access token (its default lifetime, 24 h)
    assertThat(Long.parseLong(Bodies.text(response, "expires_in"))).isEqualTo(86_400L);
  }

  @Test
  void refreshWhenLoggedInThenNewAccessTokenAndNoNewRefreshToken() {
    APIGatewayProxyResponseEvent tokens = login("alice", "Passw0rd!");

    APIGatewayProxyResponseEvent refreshed =
        refresh.handleRequest(
            Events.refresh(
                Events.json(
                    "username", Bodies.text(tokens, "username"),
                    "refresh_token", Bodies.text(tokens, "refresh_token"))),
            null);

    assertThat(refreshed.getStatusCode()).as(refreshed.getBody()).isEqualTo(200);
    assertThat(Bodies.text(refreshed, "access_token")).isNotBlank();
    assertThat(Bodies.fields(refreshed)).doesNotContainKey("refresh_token");
  }

  @Test
  void logoutWhenRefreshTokenRevokedThenRefreshFailsWithInvalidGrantAndSecondLogoutIsNoContent() {
    APIGatewayProxyResponseEvent tokens = login("bob", "Passw0rd!");
    String refreshToken = Bodies.text(tokens, "refresh_token");

    APIGatewayProxyResponseEvent first =
        logout.handleRequest(Events.logout(Events.json("refresh_token", refreshToken)), null);
    APIGatewayProxyResponseEvent afterLogout =
        refresh.handleRequest(
            Events.refresh(Events.json("username", "bob", "refresh_token", refreshToken)), null);
    APIGatewayProxyResponseEvent second =
        logout.handleRequest(Events.logout(Events.json("refresh_token", refreshToken)), null);

    assertThat(first.getStatusCode()).isEqualTo(204);
    assertError(afterLogout, 401, "invalid_grant");
    assertThat(second.getStatusCode()).isEqualTo(204);
  }

  @Test
  void loginWhenPasswordWrongOrUserUnknownThenIdenticalInvalidCredentials() {
    APIGatewayProxyResponseEvent wrongPassword = login("alice", "Wrong-Passw0rd!");
    APIGatewayProxyResponseEvent unknownUser = login("nobody", "Wrong-Passw0rd!");

    assertError(wrongPassword, 401, "invalid_credentials");
    assertThat(unknownUser.getStatusCode()).isEqualTo(wrongPassword.getStatusCode());
    assertThat(unknownUser.getBody()).isEqualTo(wrongPassword.getBody());
    assertThat(unknownUser.getHeaders()).isEqualTo(wrongPassword.getHeaders());
  }

  @Test
  void loginWhenUserUnconfirmedThenForbiddenUserNotConfirmed() {
    assertError(login("carol", "Passw0rd!"), 403, "user_not_confirmed");
  }

  @Test
  void loginWhenPasswordMustChangeThenChallengeAndAnsweringItGivesTokensAndNewPasswordWorks() {
    APIGatewayProxyResponseEvent asked = login("erin", "Temp0rary!");
    assertThat(asked.getStatusCode()).as(asked.getBody()).isEqualTo(200);
    assertThat(Bodies.text(asked, "challenge")).isEqualTo("NEW_PASSWORD_REQUIRED");
    assertThat(Bodies.text(asked, "username")).isEqualTo("erin");

    APIGatewayProxyResponseEvent answered =
        challenge.handleRequest(
            Events.challenge(
                Events.json(
                    "username", Bodies.text(asked, "username"),
                    "session", Bodies.text(asked, "session"),
                    "new_password", "N3w-Passw0rd!")),
            null);

    assertThat(answered.getStatusCode()).as(answered.getBody()).isEqualTo(200);
    assertThat(Bodies.text(answered, "access_token")).isNotBlank();
    assertThat(Bodies.text(answered, "username")).isEqualTo("erin");
    APIGatewayProxyResponseEvent again = login("erin", "N3w-Passw0rd!");
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(Bodies.fields(again)).containsKey("access_token");
  }

  @Test
  void loginWhenPoolUsesEmailAsUsernameThenRefreshWorksWithReturnedCognitoUsername() {
    CognitoLocal.Pool mailPool = cognito.createPool("auth-api-it-mail", CognitoLocal.SignIn.EMAIL);
    CognitoLocal.AppClient mailClient = mailPool.createClient("api", true);
    String sub = mailPool.createConfirmedUser("dana@example.com", "Passw0rd!", Map.of());
    Map<String, String> mailEnv = new HashMap<>(env);
    mailEnv.put("USER_POOL_ID", mailPool.id());
    mailEnv.put("APP_CLIENT_ID", mailClient.clientId());
    mailEnv.put("APP_CLIENT_SECRET", mailClient.clientSecret());

    APIGatewayProxyResponseEvent tokens =
        ApiContract.checked(new LoginHandler(mailEnv))
            .handleRequest(
                Events.login(Events.json("username", "dana@example.com", "password", "Passw0rd!")),
                null);
    APIGatewayProxyResponseEvent refreshed =
        ApiContract.checked(new RefreshHandler(mailEnv))
            .handleRequest(
                Events.refresh(
                    Events.json(
                        "username",
                        Bodies.text(tokens, "username"),
                        "refresh_token",
                        Bodies.text(tokens, "refresh_token"))),
                null);

    assertThat(Bodies.text(tokens, "username")).isEqualTo(sub);
    assertThat(refreshed.getStatusCode()).as(refreshed.getBody()).isEqualTo(200);
  }

  @Test
  void constructorWhenSecretNotConfiguredThenDescribeUserPoolClientSuppliesIt() {
    Map<String, String> fetchEnv = new HashMap<>(env);
    fetchEnv.remove("APP_CLIENT_SECRET");

    APIGatewayProxyResponseEvent response =
        ApiContract.checked(new LoginHandler(fetchEnv))
            .handleRequest(
                Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
  }

  @Test
  void globalLogoutWhenSignedInTwiceThenNoContentAndTheOtherSessionsRefreshTokenIsRefused() {
    pool.createConfirmedUser("dave", "Passw0rd!", Map.of());
    String accessToken = Bodies.text(login("dave", "Passw0rd!"), "access_token");
    String otherRefreshToken = Bodies.text(login("dave", "Passw0rd!"), "refresh_token");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("Bearer " + accessToken), null);
    APIGatewayProxyResponseEvent refreshed =
        refresh.handleRequest(
            Events.refresh(Events.json("username", "dave", "refresh_token", otherRefreshToken)),
            null);

    // as Cognito: GlobalSignOut revokes every refresh token of the user (cognito-local with
    // patches/)
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
    assertError(refreshed, 401, "invalid_grant");
  }
}
