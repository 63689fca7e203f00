package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoutesTemplateIT {

  private final PackagedService service = PackagedService.get();

  static Stream<Contract.Route> routes() {
    return Contract.ROUTES.stream();
  }

  private JsonNode method(Contract.Route route) {
    JsonNode method = service.methods().get(route.key());
    assertThat(method).as("API Gateway method for %s", route.key()).isNotNull();
    return method.path("Properties");
  }

  @Test
  void apiWhenPackagedThenHasExactlyTheContractRoutesPlusCorsPreflights() {
    Set<String> expected = new TreeSet<>();
    Contract.ROUTES.forEach(
        r -> {
          expected.add(r.key());
          expected.add("OPTIONS " + r.path());
        });

    assertThat(new TreeSet<>(service.methods().keySet()))
        .as("routes in the template (a new route needs its row in Contract.ROUTES)")
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("routes")
  void routeWhenPackagedThenHasTheContractAuthorization(Contract.Route route) {
    JsonNode props = method(route);
    String authorizationType = props.path("AuthorizationType").asText();

    if (route.protectedByAuthorizer()) {
      String authorizerId =
          service.resourcesOfType("AWS::ApiGateway::Authorizer").keySet().iterator().next();
      assertThat(authorizationType).as("%s AuthorizationType", route.key()).isEqualTo("CUSTOM");
      assertThat(PackagedService.isRef(props.path("AuthorizerId"), authorizerId))
          .as(
              "%s AuthorizerId %s is a Ref to %s",
              route.key(), props.path("AuthorizerId"), authorizerId)
          .isTrue();
    } else {
      assertThat(authorizationType).as("%s AuthorizationType", route.key()).isEqualTo("NONE");
      assertThat(props.has("AuthorizerId")).as("%s has no AuthorizerId", route.key()).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("routes")
  void routeWhenPackagedThenIsALambdaProxyToItsFunctionSnapStartAlias(Contract.Route route) {
    JsonNode integration = method(route).path("Integration");
    String functionId = service.function(route.function()).getKey();

    assertThat(integration.path("Type").asText())
        .as("%s integration type", route.key())
        .isEqualTo("AWS_PROXY");
    assertThat(PackagedService.containsGetAtt(integration.path("Uri"), functionId, "Arn"))
        .as("%s integration Uri references %s", route.key(), functionId)
        .isTrue();
    assertThat(PackagedService.strings(integration.path("Uri")))
        .as("%s integration qualifier (SnapStart only runs on a published version)", route.key())
        .contains("snapstart");
  }

  @Test
  void corsPreflightsWhenPackagedThenAllowTheAuthorizationHeaderWithoutAuthorization() {
    Map<String, JsonNode> preflights =
        service.methods().entrySet().stream()
            .filter(e -> e.getKey().startsWith("OPTIONS "))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    assertThat(preflights).as("OPTIONS methods").isNotEmpty();
    preflights.forEach(
        (route, method) -> {
          JsonNode props = method.path("Properties");
          assertThat(props.path("AuthorizationType").asText())
              .as("%s AuthorizationType", route)
              .isEqualTo("NONE");
          JsonNode headers =
              props
                  .path("Integration")
                  .path("IntegrationResponses")
                  .path(0)
                  .path("ResponseParameters");
          assertThat(headers.path("method.response.header.Access-Control-Allow-Headers").asText())
              .as("%s Access-Control-Allow-Headers", route)
              .contains("Authorization");
          assertThat(headers.path("method.response.header.Access-Control-Allow-Origin").asText())
              .as("%s Access-Control-Allow-Origin", route)
              .isNotBlank();
        });
  }
}
