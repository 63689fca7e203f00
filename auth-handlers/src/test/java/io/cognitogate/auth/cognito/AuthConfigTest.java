package io.cognitogate.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironmentWhenOnlyRequiredSetThenRegionComesFromPoolIdAndSecretIsFetchedLater() {
    AuthConfig config =
        AuthConfig.fromEnvironment(env("USER_POOL_ID", "eu-west-1_AbC123", "APP_CLIENT_ID", "c1"));

    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.clientSecret()).isEmpty();
    assertThat(config.endpoint()).isEmpty();
  }

  @Test
  void fromEnvironmentWhenOptionalValuesEmptyThenTreatedAsUnset() {
    AuthConfig config =
        AuthConfig.fromEnvironment(
            env(
                "USER_POOL_ID",
                "eu-west-1_AbC123",
                "APP_CLIENT_ID",
                "c1",
                "APP_CLIENT_SECRET",
                "",
                "COGNITO_ENDPOINT",
                "",
                "AWS_REGION",
                ""));

    assertThat(config.clientSecret()).isEmpty();
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.region()).isEqualTo("eu-west-1");
  }

  @Test
  void fromEnvironmentWhenAwsRegionAndEndpointSetThenTheyWin() {
    AuthConfig config =
        AuthConfig.fromEnvironment(
            env(
                "USER_POOL_ID",
                "local_AbC123",
                "APP_CLIENT_ID",
                "c1",
                "AWS_REGION",
                "us-east-2",
                "COGNITO_ENDPOINT",
                "http://127.0.0.1:9229",
                "APP_CLIENT_SECRET",
                "s"));

    assertThat(config.region()).isEqualTo("us-east-2");
    assertThat(config.endpoint())
        .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9229));
    assertThat(config.clientSecret())
        .hasValueSatisfying(s -> assertThat(s.toString()).doesNotContain("s]"));
  }

  @Test
  void fromEnvironmentWhenRequiredMissingThenErrorNamesTheVariable() {
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(env("APP_CLIENT_ID", "c1")))
        .hasMessage("USER_POOL_ID is required");
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(env("USER_POOL_ID", "eu-west-1_AbC123")))
        .hasMessage("APP_CLIENT_ID is required");
  }

  @Test
  void fromEnvironmentWhenValuesInvalidThenErrorNeverQuotesThem() {
    assertThatThrownBy(
            () ->
                AuthConfig.fromEnvironment(
                    env("USER_POOL_ID", "nounderscoreSECRET", "APP_CLIENT_ID", "c1")))
        .hasMessageNotContaining("SECRET");
    assertThatThrownBy(
            () ->
                AuthConfig.fromEnvironment(
                    env(
                        "USER_POOL_ID",
                        "eu-west-1_A",
                        "APP_CLIENT_ID",
                        "c1",
                        "COGNITO_ENDPOINT",
                        "not a url SECRET")))
        .hasMessageNotContaining("SECRET")
        .hasMessageContaining("COGNITO_ENDPOINT");
  }

  @Test
  void secretHashWhenKnownVectorThenMatchesOpenssl() {
    // printf aliceclient123 | openssl dgst -sha256 -hmac s3cr3t-value -binary | base64
    assertThat(new ClientSecret("s3cr3t-value").secretHash("alice", "client123"))
        .isEqualTo("yLhOQF8C6i5JsgcjjO0/+oMIiKIZIVdol+lxyniH4uM=");
    assertThat(new ClientSecret("s3cr3t-value").toString()).doesNotContain("s3cr3t");
  }
}
