package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevocationConfigTest {
  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
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
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                env("REVOCATION_TABLE", "cognito-gate-dev-revocations", "AWS_REGION", "eu-west-1"))
            .orElseThrow();

    assertThat(config.table()).isEqualTo("cognito-gate-dev-revocations");
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.attemptTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(1200));
    assertThat(config.failureMode()).isEqualTo(RevocationConfig.FailureMode.CLOSED);
    assertThat(config.notRevokedCacheTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.markerLifetime()).isEqualTo(Duration.ofSeconds(3900));
  }

  @Test
  void fromEnvironmentWhenEverythingSetThenParsed() {
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                env(
                    "REVOCATION_TABLE",
                    "t-1",
                    "AWS_REGION",
                    "us-east-1",
                    "DYNAMODB_ENDPOINT",
                    "http://127.0.0.1:4567",
                    "REVOCATION_ATTEMPT_TIMEOUT_MS",
                    "200",
                    "REVOCATION_TIMEOUT_MS",
                    "300",
                    "REVOCATION_FAILURE_MODE",
                    "open",
                    "REVOCATION_CACHE_SECONDS",
                    "0",
                    "REVOCATION_MARKER_TTL_SECONDS",
                    "86700"))
            .orElseThrow();

    assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:4567"));
    assertThat(config.failureMode()).isEqualTo(RevocationConfig.FailureMode.OPEN);
    assertThat(config.notRevokedCacheTime()).isZero();
    assertThat(config.markerLifetime()).isEqualTo(Duration.ofSeconds(86700));
  }

  @Test
  void fromEnvironmentWhenValueInvalidThenErrorNamesTheVariableNotTheValue() {
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env(
                        "REVOCATION_TABLE",
                        "t-1",
                        "AWS_REGION",
                        "us-east-1",
                        "REVOCATION_FAILURE_MODE",
                        "sometimes-xyz")))
        .hasMessageContaining("REVOCATION_FAILURE_MODE")
        .hasMessageNotContaining("sometimes-xyz");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env(
                        "REVOCATION_TABLE",
                        "t-1",
                        "AWS_REGION",
                        "us-east-1",
                        "DYNAMODB_ENDPOINT",
                        "ftp://secret-host")))
        .hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-host");
    assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env("REVOCATION_TABLE", "t-1")))
        .hasMessageContaining("AWS_REGION");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env(
                        "REVOCATION_TABLE",
                        "t-1",
                        "AWS_REGION",
                        "us-east-1",
                        "REVOCATION_ATTEMPT_TIMEOUT_MS",
                        "900",
                        "REVOCATION_TIMEOUT_MS",
                        "500")))
        .hasMessageContaining("REVOCATION_TIMEOUT_MS");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env("REVOCATION_TABLE", "bad table!", "AWS_REGION", "x")))
        .hasMessageContaining("REVOCATION_TABLE");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env("REVOCATION_TABLE", "t-1", "AWS_REGION", "evil.example.com/x")))
        .hasMessageContaining("AWS_REGION")
        .hasMessageNotContaining("evil");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env(
                        "REVOCATION_TABLE",
                        "t-1",
                        "AWS_REGION",
                        "us-east-1",
                        "DYNAMODB_ENDPOINT",
                        "http://127.0.0.1:4567/secret-path")))
        .hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-path");
    assertThatThrownBy(
            () ->
                RevocationConfig.fromEnvironment(
                    env(
                        "REVOCATION_TABLE",
                        "t-1",
                        "AWS_REGION",
                        "us-east-1",
                        "DYNAMODB_ENDPOINT",
                        "http://127.0.0.1:4567?x=secret-query")))
        .hasMessageContaining("DYNAMODB_ENDPOINT")
        .hasMessageNotContaining("secret-query");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.0.0.1:4567,        accepted",
    "http://127.255.255.254:4567,  accepted",
    "http://localhost:4567,        accepted",
    "http://LOCALHOST:4567/,       accepted",
    "http://[::1]:4567,            accepted",
    "http://[0:0:0:0:0:0:0:1]:80,  accepted",
    "https://dynamodb.example.com, accepted",
    "https://10.1.2.3:8443,        accepted",
    "http://128.0.0.1:4567,        rejected",
    "http://126.255.255.255:4567,  rejected",
    "http://0.0.0.0:4567,          rejected",
    "http://127.0.0.256:4567,      rejected",
    "http://127.1:4567,            rejected",
    "http://[::2]:4567,            rejected",
    "http://localhost.example.com, rejected",
    "http://127.0.0.1.nip.io:4567, rejected",
    "http://169.254.170.2,         rejected",
    "http://10.1.2.3:8000,         rejected",
    "http://dynamodb.example.com,  rejected",
  })
  void fromEnvironmentWhenEndpointIsHttpThenOnlyLoopbackHostsAccepted(
      String endpoint, String outcome) {
    Map<String, String> env =
        env("REVOCATION_TABLE", "t-1", "AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", endpoint);

    if (outcome.equals("accepted")) {
      assertThat(RevocationConfig.fromEnvironment(env).orElseThrow().endpoint())
          .contains(URI.create(endpoint));
    } else {
      assertThatThrownBy(() -> RevocationConfig.fromEnvironment(env))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DYNAMODB_ENDPOINT")
          .hasMessageNotContaining(endpoint.substring("http://".length()));
    }
  }
}
