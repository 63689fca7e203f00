package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The `local` stage as the local stack reads it (`osls print --stage local`), resolved with the
 * stand-in LOCAL_* values that deploy-check's pom sets.
 */
class LocalStageConfigIT {

  private static final String POOL = "us-east-1_DeployChk1";
  private static final String CLIENT = "deploycheckclient";
  private static final String ENDPOINT = "http://127.0.0.1:9229";
  private static final String ISSUER = ENDPOINT + "/" + POOL;

  private static JsonNode config;

  @BeforeAll
  static void readPrintedConfig() throws IOException {
    Path file = Path.of(PackagedService.requiredProperty("deploycheck.localPrint"));
    String printed = Files.readString(file);
    int start = printed.indexOf("{\n");
    assertThat(start)
        .as("JSON object in the output of osls print --stage local:%n%s", printed)
        .isGreaterThanOrEqualTo(0);
    config = PackagedService.JSON.readTree(printed.substring(start));
  }

  private static JsonNode environment(String function) {
    return config.path("functions").path(function).path("environment");
  }

  @Test
  void localStageWhenPrintedThenRunsJava17ForServerlessOffline() {
    assertThat(config.path("provider").path("runtime").asText())
        .as("provider.runtime on stage local")
        .isEqualTo("java17");
    config
        .path("functions")
        .properties()
        .forEach(
            f ->
                assertThat(f.getValue().path("runtime").asText("java17"))
                    .as("%s runtime on stage local", f.getKey())
                    .isEqualTo("java17"));
  }

  @Test
  void localStageWhenPrintedThenPointsTheAuthorizerAtTheEmulator() {
    JsonNode env = environment(Contract.AUTHORIZER);

    assertThat(env.path("USER_POOL_ID").asText()).as("authorizer USER_POOL_ID").isEqualTo(POOL);
    assertThat(env.path("ALLOWED_CLIENT_IDS").asText())
        .as("authorizer ALLOWED_CLIENT_IDS")
        .isEqualTo(CLIENT);
    assertThat(env.path("ISSUER_URL").asText()).as("authorizer ISSUER_URL").isEqualTo(ISSUER);
    assertThat(env.path("JWKS_URL").asText())
        .as("authorizer JWKS_URL")
        .isEqualTo(ISSUER + "/.well-known/jwks.json");
    assertThat(env.path("ROUTE_RULES").asText().split(";"))
        .as("authorizer ROUTE_RULES")
        .contains(Contract.ADMIN_ROUTE_RULE);
  }

  @Test
  void localStageWhenPrintedThenPointsTheAuthFunctionsAtTheEmulator() {
    Contract.FUNCTIONS.stream()
        .filter(Contract.Function::callsCognito)
        .forEach(
            f -> {
              JsonNode env = environment(f.name());
              assertThat(env.path("USER_POOL_ID").asText())
                  .as("%s USER_POOL_ID", f.name())
                  .isEqualTo(POOL);
              assertThat(env.path("APP_CLIENT_ID").asText())
                  .as("%s APP_CLIENT_ID", f.name())
                  .isEqualTo(CLIENT);
              assertThat(env.path("COGNITO_ENDPOINT").asText())
                  .as("%s COGNITO_ENDPOINT", f.name())
                  .isEqualTo(ENDPOINT);
            });
  }

  @Test
  void localStageWhenPrintedThenRevocationUsesTheEmulatorTableForAuthorizerAndLogoutOnly() {
    for (String function : Contract.REVOCATION_FUNCTIONS) {
      JsonNode env = environment(function);
      assertThat(env.path("REVOCATION_TABLE").asText())
          .as("%s REVOCATION_TABLE", function)
          .isEqualTo("deploycheck-revocations");
      assertThat(env.path("DYNAMODB_ENDPOINT").asText())
          .as("%s DYNAMODB_ENDPOINT", function)
          .isEqualTo("http://127.0.0.1:4567");
    }
    assertThat(environment(Contract.AUTHORIZER).path("REVOCATION_CACHE_SECONDS").asText())
        .as("local REVOCATION_CACHE_SECONDS (a logout is visible on the next request)")
        .isEqualTo("0");
    assertThat(environment("logout").path("ISSUER_URL").asText())
        .as("logout ISSUER_URL")
        .isEqualTo(ISSUER);
    assertThat(environment("logout").path("JWKS_URL").asText())
        .as("logout JWKS_URL")
        .isEqualTo(ISSUER + "/.well-known/jwks.json");
    assertThat(environment("logout").path("REVOCATION_MARKER_TTL_SECONDS").asLong())
        .as("local marker lifetime covers cognito-local's 24 h tokens")
        .isGreaterThanOrEqualTo(86_400 + 5);
    config
        .path("functions")
        .properties()
        .forEach(
            f -> {
              if (!Contract.REVOCATION_FUNCTIONS.contains(f.getKey())) {
                assertThat(f.getValue().path("environment").has("REVOCATION_TABLE"))
                    .as("%s REVOCATION_TABLE", f.getKey())
                    .isFalse();
              }
            });
  }

  @Test
  void localStageWhenPrintedThenServesOnLoopbackWithoutAStagePrefix() {
    JsonNode offline = config.path("custom").path("serverless-offline");

    assertThat(offline.path("host").asText()).as("serverless-offline host").isEqualTo("127.0.0.1");
    assertThat(offline.path("httpPort").asText())
        .as("serverless-offline httpPort from LOCAL_API_PORT")
        .isEqualTo("3999");
    assertThat(offline.path("noPrependStageInUrl").asBoolean(false))
        .as("noPrependStageInUrl")
        .isTrue();
    assertThat(config.path("plugins").toString()).as("plugins").contains("serverless-offline");
  }

  @Test
  void localStageWhenPrintedThenKeepsTheDeployedAuthorizerSettings() {
    JsonNode events = config.path("functions").path("mock").path("events");

    assertThat(events.size()).as("mock events").isEqualTo(2);
    events.forEach(
        e -> {
          JsonNode authorizer = e.path("http").path("authorizer");
          assertThat(authorizer.path("name").asText())
              .as("mock authorizer name")
              .isEqualTo(Contract.AUTHORIZER);
          assertThat(authorizer.path("type").asText())
              .as("mock authorizer type")
              .isEqualToIgnoringCase("token");
          assertThat(authorizer.path("resultTtlInSeconds").asInt(-1))
              .as("local resultTtlInSeconds (0: a logout is visible on the next request)")
              .isZero();
        });
  }
}
