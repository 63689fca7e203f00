package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationConfigTest {
  /** The pairs given, plus the credentials Lambda sets (revocation needs them). */
  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "secret-never-printed");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironmentWhenTableUnsetOrEmptyThenRevocationOff() {
    assertThat(RevocationConfig.fromEnvironment(env("AWS_REGION", "eu-west-1"))).isEmpty();
    assertThat(RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", " "))).isEmpty();
  }

  @Test
  void fromEnvironmentWhenOnlyTableAndRegionThenDefaults() {
    RevocationConfig config = RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "cognito-gate-dev-revocations",
        "AWS_REGION", "eu-west-1")).orElseThrow();

    assertThat(config.table()).isEqualTo("cognito-gate-dev-revocations");
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.attemptTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(1200));
    assertThat(config.failureMode()).isEqualTo(RevocationConfig.FailureMode.CLOSED);
    assertThat(config.notRevokedCacheTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.markerLifetime()).isEqualTo(Duration.ofSeconds(3900));
    assertThat(config.endpoint().orElseGet(() -> DynamoDbHttp.endpointOf(config.region())))
        .isEqualTo(URI.create("https://dynamodb.eu-west-1.amazonaws.com"));
    assertThat(DynamoDbHttp.endpointOf("cn-north-1")).isEqualTo(URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"));
  }

  @Test
  void fromEnvironmentWhenEverythingSetThenParsed() {
    RevocationConfig config = RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:4567", "REVOCATION_ATTEMPT_TIMEOUT_MS", "200",
        "REVOCATION_TIMEOUT_MS", "300", "REVOCATION_FAILURE_MODE", "open", "REVOCATION_CACHE_SECONDS", "0",
        "REVOCATION_MARKER_TTL_SECONDS", "86700")).orElseThrow();

    assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:4567"));
    assertThat(config.failureMode()).isEqualTo(RevocationConfig.FailureMode.OPEN);
    assertThat(config.notRevokedCacheTime()).isZero();
    assertThat(config.markerLifetime()).isEqualTo(Duration.ofSeconds(86700));
  }

  @Test
  void fromEnvironmentWhenValueInvalidThenErrorNamesTheVariableNotTheValue() {
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "REVOCATION_FAILURE_MODE", "sometimes-xyz"))).hasMessageContaining("REVOCATION_FAILURE_MODE")
        .hasMessageNotContaining("sometimes-xyz");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "DYNAMODB_ENDPOINT", "ftp://secret-host"))).hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-host");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1")))
        .hasMessageContaining("AWS_REGION");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "REVOCATION_ATTEMPT_TIMEOUT_MS", "900", "REVOCATION_TIMEOUT_MS", "500")))
        .hasMessageContaining("REVOCATION_TIMEOUT_MS");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "bad table!", "AWS_REGION", "x")))
        .hasMessageContaining("REVOCATION_TABLE");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1",
        "AWS_REGION", "evil.example.com/x"))).hasMessageContaining("AWS_REGION")
        .hasMessageNotContaining("evil");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:4567/secret-path"))).hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-path");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:4567?x=secret-query"))).hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-query");
  }

  @Test
  void fromEnvironmentWhenNoCredentialsThenErrorNamesTheVariables() {
    Map<String, String> env = env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1");
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");

    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }

  @Test
  void fromEnvironmentWhenKeysSetThenCredentialsFromThemAndNeverPrinted() {
    RevocationConfig config = RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1",
        "AWS_SESSION_TOKEN", "session-never-printed")).orElseThrow();

    assertThat(config.credentials().current()).isEqualTo(
        new AwsCredentials("AKIDEXAMPLE", "secret-never-printed", "session-never-printed", null));
    assertThat(config.toString()).doesNotContain("never-printed").doesNotContain("AKIDEXAMPLE");
  }
}
