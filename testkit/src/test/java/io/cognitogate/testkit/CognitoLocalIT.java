package io.cognitogate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

class CognitoLocalIT {

  @Test
  void startWhenSeededThenUsersHaveTheRequestedStatesAndGroups() {
    try (CognitoLocal cognito = CognitoLocal.start()) {
      CognitoLocal.Pool pool = cognito.createPool("kit", CognitoLocal.SignIn.USERNAME);
      CognitoLocal.AppClient client = pool.createClient("api", true);
      assertThat(client.clientSecret()).isNotBlank();
      assertThat(client.toString()).doesNotContain(client.clientSecret());

      assertThat(
              pool.createConfirmedUser("alice", "Passw0rd!", Map.of("email", "alice@example.com")))
          .isEqualTo("alice");
      pool.createForceChangePasswordUser("bob", "Temp0rary!", Map.of());
      pool.createUnconfirmedUser(
          client, "carol", "Passw0rd!", Map.of("email", "carol@example.com"));
      pool.createGroup("admins");
      pool.addUserToGroup("alice", "admins");

      assertThat(status(cognito, pool, "alice")).isEqualTo(UserStatusType.CONFIRMED);
      assertThat(status(cognito, pool, "bob")).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
      assertThat(status(cognito, pool, "carol")).isEqualTo(UserStatusType.UNCONFIRMED);
      assertThat(
              cognito
                  .client()
                  .adminListGroupsForUser(r -> r.userPoolId(pool.id()).username("alice"))
                  .groups())
          .extracting(GroupType::groupName)
          .containsExactly("admins");
      String accessToken =
          cognito
              .client()
              .initiateAuth(
                  r ->
                      r.clientId(client.clientId())
                          .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                          .authParameters(Map.of("USERNAME", "alice", "PASSWORD", "Passw0rd!")))
              .authenticationResult()
              .accessToken();
      assertThat(accessToken).isNotBlank();
      assertThat(pool.issuer()).isEqualTo(cognito.endpoint() + "/" + pool.id());
    }
  }

  @Test
  void createPoolWhenEmailSignInThenCognitoUsernameIsTheSub() {
    try (CognitoLocal cognito = CognitoLocal.start()) {
      CognitoLocal.Pool pool = cognito.createPool("mail", CognitoLocal.SignIn.EMAIL);
      String username = pool.createConfirmedUser("dana@example.com", "Passw0rd!", Map.of());
      assertThat(username).isNotEqualTo("dana@example.com").matches("[0-9a-f-]{36}");
    }
  }

  @Test
  void closeWhenRunningThenProcessStopsAndWorkDirIsGone() throws Exception {
    CognitoLocal cognito = CognitoLocal.start();
    Path workDir = cognito.workDir();
    URI health = URI.create(cognito.endpoint() + "/health");
    assertThat(((HttpURLConnection) health.toURL().openConnection()).getResponseCode())
        .isEqualTo(200);
    cognito.close();
    assertThat(Files.exists(workDir)).isFalse();
    assertThatThrownBy(
            () -> ((HttpURLConnection) health.toURL().openConnection()).getResponseCode())
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void repositoryRootWhenNoEmulatorInstalledThenTellsToRunNpmCi(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("package.json"), "{}");
    Files.createDirectories(dir.resolve("node_modules"));
    assertThatThrownBy(() -> CognitoLocal.repositoryRoot(dir.resolve("sub")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("npm ci");
  }

  @Test
  void requirePatchedWhenEmulatorInstalledWithoutThePatchThenTellsToRunNpmCi(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("package.json"), "{}");
    Files.createDirectories(dir.resolve("node_modules/cognito-local/lib/bin"));
    Files.writeString(dir.resolve("node_modules/cognito-local/lib/bin/start.js"), "");
    Path root = CognitoLocal.repositoryRoot(dir.resolve("sub"));

    assertThatThrownBy(() -> CognitoLocal.requirePatched(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("patches/")
        .hasMessageContaining("npm ci");
  }

  private static UserStatusType status(
      CognitoLocal cognito, CognitoLocal.Pool pool, String username) {
    AdminGetUserResponse user =
        cognito.client().adminGetUser(r -> r.userPoolId(pool.id()).username(username));
    return user.userStatus();
  }
}
