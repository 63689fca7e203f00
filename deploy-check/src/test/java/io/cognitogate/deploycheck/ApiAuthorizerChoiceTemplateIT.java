package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * params.apiAuthorizer: the same authorizer function behind the REST API's TOKEN authorizer (the
 * deploy stage's default, AuthorizerTemplateIT), the REST API's REQUEST authorizer, or an HTTP
 * API's payload 2.0 REQUEST authorizer with simple responses; each template packaged offline. The
 * authorizer is told what API Gateway caches its answers by and for how long (IDENTITY_SOURCE,
 * AUTHORIZER_RESULT_TTL_SECONDS) with the values the authorizer resource holds, so its refusal of
 * an unsafe cache sees the real configuration.
 */
class ApiAuthorizerChoiceTemplateIT {

  private final PackagedService token = PackagedService.get();
  private final PackagedService request = PackagedService.of("deploycheck.requestPackageDir");
  private final PackagedService http = PackagedService.of("deploycheck.httpPackageDir");

  private static JsonNode only(PackagedService service, String type) {
    Map<String, JsonNode> found = service.resourcesOfType(type);
    assertThat(found).as("%s resources", type).hasSize(1);
    return found.values().iterator().next();
  }

  private static JsonNode authorizerFunction(PackagedService service) {
    return service.function(Contract.AUTHORIZER).getValue().path("Properties");
  }

  private static JsonNode authorizerEnvironment(PackagedService service) {
    return authorizerFunction(service).path("Environment").path("Variables");
  }

  private static void assertInvokesTheAuthorizerThroughItsSnapStartAlias(
      PackagedService service, JsonNode uri) {
    String functionId = service.function(Contract.AUTHORIZER).getKey();
    assertThat(PackagedService.containsGetAtt(uri, functionId, "Arn"))
        .as("AuthorizerUri %s", uri)
        .isTrue();
    assertThat(PackagedService.strings(uri))
        .as("AuthorizerUri qualifier (SnapStart runs on a version)")
        .contains("snapstart");
  }

  @Test
  void tokenWhenPackagedThenTheHandlerIsToldTheTokenAuthorizersKeyAndTtl() {
    JsonNode authorizer = only(token, "AWS::ApiGateway::Authorizer").path("Properties");
    JsonNode env = authorizerEnvironment(token);

    assertThat(authorizerFunction(token).path("Handler").asText())
        .isEqualTo("io.cognitogate.authorizer.TokenAuthorizerHandler");
    assertThat(env.path("IDENTITY_SOURCE").asText())
        .isEqualTo(authorizer.path("IdentitySource").asText());
    assertThat(env.path("AUTHORIZER_RESULT_TTL_SECONDS").asInt(-1))
        .isEqualTo(authorizer.path("AuthorizerResultTtlInSeconds").asInt(-2));
    assertThat(token.resourcesOfType("AWS::ApiGatewayV2::Api"))
        .as("no HTTP API with the REST fronts")
        .isEmpty();
  }

  @Test
  void requestWhenPackagedThenARequestAuthorizerKeyedByTheAuthorizationHeaderGuardsTheMockRoutes() {
    Map.Entry<String, JsonNode> entry =
        request.resourcesOfType("AWS::ApiGateway::Authorizer").entrySet().iterator().next();
    JsonNode authorizer = only(request, "AWS::ApiGateway::Authorizer").path("Properties");
    JsonNode env = authorizerEnvironment(request);

    assertThat(authorizer.path("Type").asText()).isEqualTo("REQUEST");
    assertThat(List.of(authorizer.path("IdentitySource").asText().split(",\\s*")))
        .as("cached answers keyed by the token (and possibly more)")
        .contains("method.request.header.Authorization");
    assertThat(authorizer.has("IdentityValidationExpression"))
        .as("REQUEST authorizers take none")
        .isFalse();
    assertThat(authorizer.path("AuthorizerResultTtlInSeconds").asInt(-1))
        .isEqualTo(Contract.AUTHORIZER_RESULT_TTL_SECONDS);
    assertInvokesTheAuthorizerThroughItsSnapStartAlias(request, authorizer.path("AuthorizerUri"));
    assertThat(authorizerFunction(request).path("Handler").asText())
        .isEqualTo("io.cognitogate.authorizer.RequestAuthorizerHandler");
    assertThat(env.path("IDENTITY_SOURCE").asText())
        .isEqualTo(authorizer.path("IdentitySource").asText());
    assertThat(env.path("AUTHORIZER_RESULT_TTL_SECONDS").asInt(-1))
        .isEqualTo(authorizer.path("AuthorizerResultTtlInSeconds").asInt(-2));
    for (String route : List.of("GET /mock", "GET /mock/admin")) {
      JsonNode method = request.methods().get(route).path("Properties");
      assertThat(method.path("AuthorizationType").asText()).as(route).isEqualTo("CUSTOM");
      assertThat(PackagedService.isRef(method.path("AuthorizerId"), entry.getKey()))
          .as(route)
          .isTrue();
    }
    assertThat(request.function("mock").getValue().path("Properties").path("Handler").asText())
        .isEqualTo("io.cognitogate.mock.MockHandler");
  }

  @Test
  void httpWhenPackagedThenAPayload2SimpleResponseAuthorizerGuardsTheMockRoutesOfAnHttpApi() {
    JsonNode api = only(http, "AWS::ApiGatewayV2::Api").path("Properties");
    Map.Entry<String, JsonNode> entry =
        http.resourcesOfType("AWS::ApiGatewayV2::Authorizer").entrySet().iterator().next();
    JsonNode authorizer = only(http, "AWS::ApiGatewayV2::Authorizer").path("Properties");

    assertThat(api.path("ProtocolType").asText()).isEqualTo("HTTP");
    assertThat(authorizer.path("AuthorizerType").asText()).isEqualTo("REQUEST");
    assertThat(authorizer.path("AuthorizerPayloadFormatVersion").asText()).isEqualTo("2.0");
    assertThat(authorizer.path("EnableSimpleResponses").asBoolean()).isTrue();
    assertThat(authorizer.path("IdentitySource").isArray()).isTrue();
    assertThat(PackagedService.strings(authorizer.path("IdentitySource")))
        .containsExactly("$request.header.Authorization");
    assertThat(authorizer.path("AuthorizerResultTtlInSeconds").asInt(-1))
        .as("from the same stage parameter as the REST authorizers")
        .isEqualTo(Contract.AUTHORIZER_RESULT_TTL_SECONDS);
    assertInvokesTheAuthorizerThroughItsSnapStartAlias(http, authorizer.path("AuthorizerUri"));

    List<String> routes = new ArrayList<>();
    http.resourcesOfType("AWS::ApiGatewayV2::Route")
        .values()
        .forEach(
            route -> {
              JsonNode props = route.path("Properties");
              routes.add(props.path("RouteKey").asText());
              assertThat(props.path("AuthorizationType").asText())
                  .as(props.path("RouteKey").asText())
                  .isEqualTo("CUSTOM");
              assertThat(PackagedService.isRef(props.path("AuthorizerId"), entry.getKey()))
                  .isTrue();
            });
    assertThat(routes).containsExactlyInAnyOrder("GET /mock", "GET /mock/admin");
    JsonNode integration = only(http, "AWS::ApiGatewayV2::Integration").path("Properties");
    assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
    assertThat(
            PackagedService.containsGetAtt(
                integration.path("IntegrationUri"), http.function("mock").getKey(), "Arn"))
        .isTrue();
  }

  @Test
  void httpWhenPackagedThenTheHttpApiHandlersRunAndAreToldTheCacheKeyAndTtl() {
    JsonNode authorizer = only(http, "AWS::ApiGatewayV2::Authorizer").path("Properties");
    JsonNode env = authorizerEnvironment(http);

    assertThat(authorizerFunction(http).path("Handler").asText())
        .isEqualTo("io.cognitogate.authorizer.HttpApiAuthorizerHandler");
    assertThat(http.function("mock").getValue().path("Properties").path("Handler").asText())
        .isEqualTo("io.cognitogate.mock.HttpApiMockHandler");
    assertThat(env.path("IDENTITY_SOURCE").asText())
        .isEqualTo(String.join(",", PackagedService.strings(authorizer.path("IdentitySource"))));
    int ttl = env.path("AUTHORIZER_RESULT_TTL_SECONDS").asInt(-1);
    assertThat(ttl).isEqualTo(authorizer.path("AuthorizerResultTtlInSeconds").asInt(-2));
    // a cached simple answer serves every route: with route rules, the handler needs the cache off
    if (!env.path("ROUTE_RULES").asText().isEmpty() || env.path("DEFAULT_DENY").asBoolean()) {
      assertThat(ttl)
          .as("AUTHORIZER_RESULT_TTL_SECONDS with ROUTE_RULES and simple responses")
          .isZero();
    }
  }

  @Test
  void httpWhenPackagedThenOnlyTheHttpApiMayInvokeTheAuthorizerAndTheRestApiKeepsTheAuthRoutes() {
    List<JsonNode> authorizerPermissions = new ArrayList<>();
    String authorizerId = http.function(Contract.AUTHORIZER).getKey();
    http.resourcesOfType("AWS::Lambda::Permission")
        .values()
        .forEach(
            permission -> {
              JsonNode props = permission.path("Properties");
              boolean forAuthorizer =
                  PackagedService.containsGetAtt(props.path("FunctionName"), authorizerId, "Arn")
                      || PackagedService.isRef(
                          props.path("FunctionName"), "AuthorizerSnapStartLambdaAlias");
              if (forAuthorizer) {
                authorizerPermissions.add(props);
              }
            });

    assertThat(authorizerPermissions).hasSize(1);
    assertThat(PackagedService.strings(authorizerPermissions.get(0).path("SourceArn")))
        .doesNotContain("ApiGatewayRestApi");
    assertThat(authorizerPermissions.get(0).path("SourceArn").toString())
        .contains("\"Ref\":\"HttpApi\"");
    assertThat(http.resourcesOfType("AWS::ApiGateway::Authorizer"))
        .as("no REST authorizer")
        .isEmpty();
    assertThat(http.methods().keySet())
        .contains("PUT /auth", "DELETE /auth", "POST /auth/refresh")
        .doesNotContain("GET /mock", "GET /mock/admin");
    assertThat(http.template.path("Outputs").has("HttpApiUrl")).isTrue();
  }

  @Test
  void everyFrontWhenPackagedThenTheGatewayResponsesComeBeforeTheRestApiDeployment() {
    for (PackagedService service : List.of(token, request, http)) {
      JsonNode login = service.methods().get("PUT /auth");
      assertThat(PackagedService.asList(login.path("DependsOn")))
          .extracting(JsonNode::asText)
          .containsAll(service.resourcesOfType("AWS::ApiGateway::GatewayResponse").keySet());
    }
  }
}
