package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The revocation table, and the two functions wired to it (IAM in {@link IamTemplateIT}). */
class RevocationTemplateIT {

  private final PackagedService service = PackagedService.get();

  private JsonNode table() {
    Map<String, JsonNode> tables = service.resourcesOfType("AWS::DynamoDB::Table");
    assertThat(tables.keySet()).as("DynamoDB tables").containsExactly(Contract.REVOCATION_TABLE);
    return tables.get(Contract.REVOCATION_TABLE).path("Properties");
  }

  private JsonNode environment(String function) {
    return service
        .function(function)
        .getValue()
        .path("Properties")
        .path("Environment")
        .path("Variables");
  }

  @Test
  void revocationTableWhenPackagedThenOnDemandWithSubAndSkKeysAndTtlOnExpiresAt() {
    JsonNode table = table();

    assertThat(table.path("BillingMode").asText()).as("BillingMode").isEqualTo("PAY_PER_REQUEST");
    assertThat(table.has("ProvisionedThroughput")).as("ProvisionedThroughput").isFalse();
    Map<String, String> keys = new HashMap<>();
    table
        .path("KeySchema")
        .forEach(k -> keys.put(k.path("KeyType").asText(), k.path("AttributeName").asText()));
    assertThat(keys).as("KeySchema").isEqualTo(Map.of("HASH", "sub", "RANGE", "sk"));
    Map<String, String> types = new HashMap<>();
    table
        .path("AttributeDefinitions")
        .forEach(
            a -> types.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
    assertThat(types)
        .as("AttributeDefinitions (key attributes only)")
        .isEqualTo(Map.of("sub", "S", "sk", "S"));
    assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
        .as("TTL attribute")
        .isEqualTo("expiresAt");
    assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean(false))
        .as("TTL enabled")
        .isTrue();
    assertThat(table.has("TableName"))
        .as("TableName (CloudFormation names it per stack; stages never collide)")
        .isFalse();
    assertThat(table.has("GlobalSecondaryIndexes") || table.has("LocalSecondaryIndexes"))
        .as("indexes")
        .isFalse();
  }

  @Test
  void authorizerAndLogoutWhenPackagedThenReadTheTableNameFromTheTemplateAndNoOtherFunctionHasIt() {
    for (String function : Contract.REVOCATION_FUNCTIONS) {
      JsonNode env = environment(function);
      assertThat(PackagedService.isRef(env.path("REVOCATION_TABLE"), Contract.REVOCATION_TABLE))
          .as(
              "%s REVOCATION_TABLE = Ref %s, was %s",
              function, Contract.REVOCATION_TABLE, env.path("REVOCATION_TABLE"))
          .isTrue();
      assertThat(env.has("DYNAMODB_ENDPOINT"))
          .as("%s DYNAMODB_ENDPOINT override on a deploy stage", function)
          .isFalse();
    }
    for (Contract.Function function : Contract.FUNCTIONS) {
      if (!Contract.REVOCATION_FUNCTIONS.contains(function.name())) {
        assertThat(environment(function.name()).has("REVOCATION_TABLE"))
            .as("%s REVOCATION_TABLE", function.name())
            .isFalse();
      }
    }
  }

  @Test
  void authorizerWhenPackagedThenFailsClosedByDefaultWithAShortNotRevokedCache() {
    JsonNode env = environment(Contract.AUTHORIZER);

    assertThat(env.path("REVOCATION_FAILURE_MODE").asText())
        .as("REVOCATION_FAILURE_MODE")
        .isEqualTo("closed");
    assertThat(Integer.parseInt(env.path("REVOCATION_CACHE_SECONDS").asText()))
        .as("REVOCATION_CACHE_SECONDS")
        .isBetween(0, 30);
  }

  @Test
  void logoutWhenPackagedThenMarkersOutliveEveryTokenTheAuthorizerAccepts() {
    JsonNode client = service.resource("UserPoolClient").path("Properties");
    assertThat(client.path("TokenValidityUnits").path("AccessToken").asText()).isEqualTo("minutes");
    assertThat(client.path("TokenValidityUnits").path("IdToken").asText()).isEqualTo("minutes");
    long longestSeconds =
        60L
            * Math.max(
                client.path("AccessTokenValidity").asLong(),
                client.path("IdTokenValidity").asLong());

    long markerSeconds =
        Long.parseLong(environment("logout").path("REVOCATION_MARKER_TTL_SECONDS").asText());

    // a sibling refreshed just before the logout lives for a full validity; 5 s is the authorizer's
    // leeway
    assertThat(markerSeconds)
        .as("REVOCATION_MARKER_TTL_SECONDS vs longest token validity %d s", longestSeconds)
        .isGreaterThanOrEqualTo(longestSeconds + 5);
  }

  @Test
  void authorizerFailureWhenPackagedThenGatewayAnswers503WithRetryAfter() {
    JsonNode failure =
        service.resourcesOfType("AWS::ApiGateway::GatewayResponse").values().stream()
            .map(r -> r.path("Properties"))
            .filter(p -> p.path("ResponseType").asText().equals("AUTHORIZER_FAILURE"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no AUTHORIZER_FAILURE gateway response"));

    assertThat(failure.path("StatusCode").asText())
        .as("AUTHORIZER_FAILURE status (revocation store down, closed)")
        .isEqualTo("503");
    assertThat(
            failure.path("ResponseParameters").path("gatewayresponse.header.Retry-After").asText())
        .as("Retry-After")
        .matches("'[0-9]+'");
  }
}
