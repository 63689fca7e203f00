package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API Gateway's own answers (no Lambda ran) in our JSON error shape, readable by browsers. */
class GatewayResponsesTemplateIT {

  private final PackagedService service = PackagedService.get();

  private JsonNode response(String type) {
    return service.resourcesOfType("AWS::ApiGateway::GatewayResponse").values().stream()
        .map(r -> r.path("Properties"))
        .filter(p -> p.path("ResponseType").asText().equals(type))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no AWS::ApiGateway::GatewayResponse of type " + type));
  }

  @ParameterizedTest
  @CsvSource({
    "UNAUTHORIZED, 401, unauthorized",
    "ACCESS_DENIED, 403, forbidden",
    "AUTHORIZER_FAILURE, 503, authorizer_unavailable",
    "AUTHORIZER_CONFIGURATION_ERROR, 503, authorizer_unavailable"
  })
  void gatewayResponseWhenPackagedThenIsJsonWithCorsHeaders(
      String type, String status, String error) throws IOException {
    JsonNode props = response(type);

    assertThat(PackagedService.isRef(props.path("RestApiId"), "ApiGatewayRestApi"))
        .as("%s RestApiId", type)
        .isTrue();
    assertThat(props.path("StatusCode").asText()).as("%s StatusCode", type).isEqualTo(status);
    JsonNode body =
        PackagedService.JSON.readTree(
            props.path("ResponseTemplates").path("application/json").asText());
    assertThat(body.path("error").asText()).as("%s body error", type).isEqualTo(error);
    assertThat(body.path("message").asText()).as("%s body message", type).isNotBlank();
    JsonNode headers = props.path("ResponseParameters");
    assertThat(headers.path("gatewayresponse.header.Access-Control-Allow-Origin").asText())
        .as("%s Access-Control-Allow-Origin", type)
        .matches("'.+'");
    assertThat(headers.path("gatewayresponse.header.Access-Control-Allow-Headers").asText())
        .as("%s Access-Control-Allow-Headers", type)
        .contains("Authorization");
    assertThat(headers.path("gatewayresponse.header.Access-Control-Expose-Headers").asText())
        .as(
            "%s Access-Control-Expose-Headers (browser code reads WWW-Authenticate and Retry-After)",
            type)
        .contains("WWW-Authenticate")
        .contains("Retry-After");
    if (status.equals("503")) {
      assertThat(headers.path("gatewayresponse.header.Retry-After").asText())
          .as("%s Retry-After", type)
          .matches("'[0-9]+'");
    }
  }

  @Test
  void apiDeploymentWhenPackagedThenComesAfterEveryGatewayResponse() {
    Map<String, JsonNode> deployments = service.resourcesOfType("AWS::ApiGateway::Deployment");
    assertThat(deployments).as("API deployments").hasSize(1);
    Set<String> before = dependencies(deployments.keySet().iterator().next());

    assertThat(before)
        .as("resources the API deployment waits for (its stage snapshot must include them)")
        .containsAll(service.resourcesOfType("AWS::ApiGateway::GatewayResponse").keySet());
  }

  /** Everything a resource transitively waits for: DependsOn, Ref and Fn::GetAtt. */
  private Set<String> dependencies(String logicalId) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.push(logicalId);
    while (!todo.isEmpty()) {
      JsonNode resource = service.resources().path(todo.pop());
      Set<String> next = new HashSet<>();
      PackagedService.asList(resource.path("DependsOn")).forEach(d -> next.add(d.asText()));
      PackagedService.walk(
          resource.path("Properties"),
          n -> {
            PackagedService.refTarget(n).ifPresent(next::add);
            if (n.path("Fn::GetAtt").isArray()) {
              next.add(n.path("Fn::GetAtt").path(0).asText());
            }
          });
      next.stream().filter(service.resources()::has).filter(seen::add).forEach(todo::push);
    }
    return seen;
  }
}
