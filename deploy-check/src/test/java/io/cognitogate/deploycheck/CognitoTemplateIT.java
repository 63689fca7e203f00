package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CognitoTemplateIT {

  private final PackagedService service = PackagedService.get();

  private JsonNode pool() {
    assertThat(service.resourcesOfType("AWS::Cognito::UserPool"))
        .as("user pools")
        .containsOnlyKeys("UserPool");
    return service.resource("UserPool").path("Properties");
  }

  private JsonNode client() {
    assertThat(service.resourcesOfType("AWS::Cognito::UserPoolClient"))
        .as("app clients")
        .containsOnlyKeys("UserPoolClient");
    return service.resource("UserPoolClient").path("Properties");
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    PackagedService.asList(array).forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void poolWhenPackagedThenHasTheSeedPasswordPolicy() {
    JsonNode policy = pool().path("Policies").path("PasswordPolicy");

    assertThat(policy.path("MinimumLength").asInt(0)).as("MinimumLength").isGreaterThanOrEqualTo(8);
    for (String rule :
        new String[] {"RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"}) {
      assertThat(policy.path(rule).asBoolean(false)).as("PasswordPolicy.%s", rule).isTrue();
    }
  }

  @Test
  void poolWhenPackagedThenSignsInWithUsernameOrVerifiedEmailAlias() {
    JsonNode pool = pool();

    assertThat(texts(pool.path("AliasAttributes"))).as("AliasAttributes").containsExactly("email");
    assertThat(pool.has("UsernameAttributes"))
        .as("UsernameAttributes (would make the email the username instead of an alias)")
        .isFalse();
    assertThat(texts(pool.path("AutoVerifiedAttributes")))
        .as("AutoVerifiedAttributes")
        .containsExactly("email");
    boolean emailRequired =
        PackagedService.asList(pool.path("Schema")).stream()
            .anyMatch(
                a ->
                    a.path("Name").asText().equals("email") && a.path("Required").asBoolean(false));
    assertThat(emailRequired).as("Schema: email required").isTrue();
  }

  @Test
  void poolWhenPackagedThenAllowsSelfSignUpWithMfaOff() {
    JsonNode pool = pool();

    assertThat(pool.path("AdminCreateUserConfig").path("AllowAdminCreateUserOnly").asBoolean(true))
        .as("AllowAdminCreateUserOnly")
        .isFalse();
    assertThat(pool.path("MfaConfiguration").asText()).as("MfaConfiguration").isEqualTo("OFF");
  }

  @Test
  void poolWhenPackagedThenHasAnAdminsGroup() {
    Map<String, JsonNode> groups = service.resourcesOfType("AWS::Cognito::UserPoolGroup");

    boolean admins =
        groups.values().stream()
            .map(g -> g.path("Properties"))
            .anyMatch(
                g ->
                    g.path("GroupName").asText().equals("admins")
                        && PackagedService.isRef(g.path("UserPoolId"), "UserPool"));
    assertThat(admins).as("group 'admins' in UserPool (ROUTE_RULES names it)").isTrue();
  }

  @Test
  void clientWhenPackagedThenHasASecretAndOnlyTheFlowsTheHandlersUse() {
    JsonNode client = client();

    assertThat(PackagedService.isRef(client.path("UserPoolId"), "UserPool"))
        .as("client UserPoolId")
        .isTrue();
    assertThat(client.path("GenerateSecret").asBoolean(false)).as("GenerateSecret").isTrue();
    assertThat(texts(client.path("ExplicitAuthFlows")))
        .as("ExplicitAuthFlows")
        .isEqualTo(Contract.CLIENT_AUTH_FLOWS);
  }

  @Test
  void clientWhenPackagedThenHidesUserExistenceAndAllowsRevocation() {
    JsonNode client = client();

    assertThat(client.path("PreventUserExistenceErrors").asText())
        .as("PreventUserExistenceErrors")
        .isEqualTo("ENABLED");
    assertThat(client.path("EnableTokenRevocation").asBoolean(false))
        .as("EnableTokenRevocation")
        .isTrue();
  }

  @Test
  void clientWhenPackagedThenStatesEveryTokenValidityWithItsUnit() {
    JsonNode client = client();
    JsonNode units = client.path("TokenValidityUnits");

    for (String token : new String[] {"AccessToken", "IdToken", "RefreshToken"}) {
      assertThat(client.path(token + "Validity").asInt(0)).as("%sValidity", token).isPositive();
      assertThat(units.path(token).asText())
          .as("TokenValidityUnits.%s", token)
          .isIn("seconds", "minutes", "hours", "days");
    }
  }

  @Test
  void outputsWhenPackagedThenNameThePoolTheClientAndTheApiUrl() {
    JsonNode outputs = service.template.path("Outputs");

    assertThat(PackagedService.isRef(outputs.path("UserPoolId").path("Value"), "UserPool"))
        .as("Outputs.UserPoolId")
        .isTrue();
    assertThat(
            PackagedService.isRef(outputs.path("UserPoolClientId").path("Value"), "UserPoolClient"))
        .as("Outputs.UserPoolClientId")
        .isTrue();
    JsonNode apiUrl = outputs.path("ApiUrl").path("Value");
    boolean refsApi = false;
    for (JsonNode part : PackagedService.asList(apiUrl.path("Fn::Join").path(1))) {
      refsApi |= PackagedService.isRef(part, "ApiGatewayRestApi");
    }
    assertThat(refsApi).as("Outputs.ApiUrl %s joins the REST API id", apiUrl).isTrue();
    assertThat(PackagedService.strings(apiUrl))
        .as("Outputs.ApiUrl parts")
        .contains("https://", "/" + service.stage);
  }
}
