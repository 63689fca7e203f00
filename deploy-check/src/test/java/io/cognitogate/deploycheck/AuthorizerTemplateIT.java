package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizerTemplateIT {

  private final PackagedService service = PackagedService.get();

  private Map.Entry<String, JsonNode> onlyAuthorizer() {
    Map<String, JsonNode> authorizers = service.resourcesOfType("AWS::ApiGateway::Authorizer");
    assertThat(authorizers).as("API Gateway authorizers in the template").hasSize(1);
    return authorizers.entrySet().iterator().next();
  }

  private Pattern validationExpression() {
    return Pattern.compile(
        onlyAuthorizer()
            .getValue()
            .path("Properties")
            .path("IdentityValidationExpression")
            .asText());
  }

  @Test
  void
      authorizerWhenPackagedThenIsTokenTypeOnTheAuthorizationHeaderWithTheRevocationStalenessTtl() {
    JsonNode props = onlyAuthorizer().getValue().path("Properties");

    assertThat(props.path("Type").asText()).as("authorizer Type").isEqualTo("TOKEN");
    assertThat(props.path("IdentitySource").asText())
        .as("authorizer IdentitySource")
        .isEqualTo("method.request.header.Authorization");
    // revocation: a cached Allow outlives a logout by this long; the default is no cache (stage
    // param)
    assertThat(props.path("AuthorizerResultTtlInSeconds").asInt(-1))
        .as("authorizer result TTL (s)")
        .isEqualTo(Contract.AUTHORIZER_RESULT_TTL_SECONDS);
    assertThat(props.path("IdentityValidationExpression").asText())
        .as("IdentityValidationExpression (JavaScript evaluates it locally: no inline flags)")
        .isNotBlank()
        .doesNotContain("(?");
  }

  @Test
  void authorizerWhenPackagedThenInvokesOurAuthorizerFunctionThroughItsSnapStartAlias() {
    JsonNode uri = onlyAuthorizer().getValue().path("Properties").path("AuthorizerUri");
    String functionId = service.function(Contract.AUTHORIZER).getKey();

    assertThat(PackagedService.containsGetAtt(uri, functionId, "Arn"))
        .as("AuthorizerUri %s references %s", uri, functionId)
        .isTrue();
    assertThat(PackagedService.strings(uri))
        .as("AuthorizerUri qualifier (SnapStart only runs on a version)")
        .contains("snapstart");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1In0.c2lnbmF0dXJl",
        "bearer aaa.bbb.ccc",
        "BEARER a-_1.b-_2.c-_3"
      })
  void validationExpressionWhenBearerCompactJwsThenMatches(String header) {
    assertThat(validationExpression().matcher(header).matches())
        .as("expression matches %s", header)
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aaa.bbb.ccc",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer aaa.bbb",
        "Bearer aaa.bbb.",
        "Bearer a.b.c.d.e",
        "Bearer  aaa.bbb.ccc",
        "Bearer aaa.bbb.ccc ",
        "Bearer aaa.b+b.ccc",
        "Bearer aaa.bbb.ccc\nX-Injected: 1"
      })
  void validationExpressionWhenNotBearerCompactJwsThenRejects(String header) {
    assertThat(validationExpression().matcher(header).matches())
        .as("expression rejects %s", header.replace("\n", "\\n"))
        .isFalse();
  }
}
