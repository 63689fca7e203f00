package io.cognitogate.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockHandlerTest {

  private static final ObjectMapper JSON = JacksonFactory.getInstance().getMapper();
  private static final String SUB = "5f1c2a9e-7d1b-4c1a-9e7f-0a1b2c3d4e5f";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final MockHandler handler =
      new MockHandler(new PrintStream(logged, true, StandardCharsets.UTF_8));

  @Test
  void handleWhenEventFromApiGatewayThenAnswersPrincipalAndFlatClaims() throws Exception {
    APIGatewayProxyRequestEvent event = fixture("mock-get-authorized.json");

    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("message").asText()).isEqualTo("Access granted to GET /mock");
    assertThat(body.get("principalId").asText()).isEqualTo(SUB);
    assertThat(body.get("claims").get("sub").asText()).isEqualTo(SUB);
    assertThat(body.get("claims").get("client_id").asText()).isEqualTo("abc123client");
    assertThat(body.get("claims").get("exp").isNumber()).isTrue();
    assertThat(body.get("claims").get("exp").asLong()).isEqualTo(1795000000L);
    assertThat(body.get("claims").has("principalId")).isFalse();
    assertThat(body.get("claims").has("integrationLatency")).isFalse();
    assertThat(logged.size()).isZero();
  }

  @Test
  void handleWhenAdminRouteThenMessageNamesTheRoute() throws Exception {
    APIGatewayProxyRequestEvent event =
        fixture("mock-get-authorized.json").withResource("/mock/admin").withPath("/mock/admin");
    event.getRequestContext().getAuthorizer().put("groups", "admins");

    JsonNode body = JSON.readTree(handler.handleRequest(event, null).getBody());

    assertThat(body.get("message").asText()).isEqualTo("Access granted to GET /mock/admin");
    assertThat(body.get("claims").get("groups").asText()).isEqualTo("admins");
  }

  @Test
  void handleWhenNoAuthorizerContextThenAnswersJson500AndLogsMisconfiguration() throws Exception {
    APIGatewayProxyRequestEvent event = fixture("mock-get-authorized.json");
    event.getRequestContext().setAuthorizer(null);

    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("error").asText()).isEqualTo("authorizer_context_missing");
    assertThat(body.get("message").asText()).contains("not protected by the authorizer");
    JsonNode logLine = JSON.readTree(logged.toString(StandardCharsets.UTF_8));
    assertThat(logLine.get("reason").asText()).isEqualTo("authorizer_context_missing");
    assertThat(logLine.get("route").asText()).isEqualTo("GET /mock");
  }

  @Test
  void handleWhenAuthorizerMapHasNoPrincipalThenAnswers500() throws Exception {
    APIGatewayProxyRequestEvent event = fixture("mock-get-authorized.json");
    event.getRequestContext().getAuthorizer().remove("principalId");

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(500);
  }

  @Test
  void handleWhenPrincipalIsBlankThenAnswers500() throws Exception {
    APIGatewayProxyRequestEvent event = fixture("mock-get-authorized.json");
    event.getRequestContext().getAuthorizer().put("principalId", " ");

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(500);
  }

  @Test
  void handleWhenNoRequestContextOrNoEventThenAnswers500() {
    assertThat(handler.handleRequest(new APIGatewayProxyRequestEvent(), null).getStatusCode())
        .isEqualTo(500);
    assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(500);
  }

  @Test
  void handleWhenClaimValuesHoldJsonMetacharactersThenBodyStaysValidAndValuesSurvive()
      throws Exception {
    Map<String, Object> authorizer = new HashMap<>();
    authorizer.put("principalId", "p\"1");
    authorizer.put("weird", "a\"b\\c\n</script>\u0001\u2028");
    authorizer.put("flag", true);
    authorizer.put("we\"ird key", 1.5);
    APIGatewayProxyRequestEvent.ProxyRequestContext requestContext =
        new APIGatewayProxyRequestEvent.ProxyRequestContext();
    requestContext.setAuthorizer(authorizer);
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod("GET")
            .withResource("/mock")
            .withRequestContext(requestContext);

    String raw = handler.handleRequest(event, null).getBody();

    assertThat(raw).doesNotContain("</script>").doesNotContain("\n");
    JsonNode body = JSON.readTree(raw);
    assertThat(body.get("principalId").asText()).isEqualTo("p\"1");
    assertThat(body.get("claims").get("weird").asText())
        .isEqualTo("a\"b\\c\n</script>\u0001\u2028");
    assertThat(body.get("claims").get("flag").asBoolean()).isTrue();
    assertThat(body.get("claims").get("we\"ird key").asDouble()).isEqualTo(1.5);
  }

  @Test
  void handleWhenSerializedByLambdaRuntimeSerializerThenProxyResponseShape() throws Exception {
    PojoSerializer<APIGatewayProxyResponseEvent> out =
        LambdaEventSerializers.serializerFor(
            APIGatewayProxyResponseEvent.class, getClass().getClassLoader());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    out.toJson(handler.handleRequest(fixture("mock-get-authorized.json"), null), bytes);

    JsonNode response = JSON.readTree(bytes.toByteArray());
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(response.get("body").isTextual()).isTrue();
    assertThat(JSON.readTree(response.get("body").asText()).get("principalId").asText())
        .isEqualTo(SUB);
  }

  @Test
  void constructorsWhenBuiltFromEnvironmentThenHandleRequests() throws Exception {
    MockHandler fromEnvironment = new MockHandler(Map.of());

    assertThat(
            fromEnvironment
                .handleRequest(fixture("mock-get-authorized.json"), null)
                .getStatusCode())
        .isEqualTo(200);
    assertThat(
            new MockHandler()
                .handleRequest(fixture("mock-get-authorized.json"), null)
                .getStatusCode())
        .isEqualTo(200);
  }

  private APIGatewayProxyRequestEvent fixture(String name) throws Exception {
    PojoSerializer<APIGatewayProxyRequestEvent> in =
        LambdaEventSerializers.serializerFor(
            APIGatewayProxyRequestEvent.class, getClass().getClassLoader());
    try (InputStream stream = getClass().getResourceAsStream("/events/" + name)) {
      return in.fromJson(stream);
    }
  }
}
