package io.cognitogate.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API mock route, fed the payload 2.0 event API Gateway sends after a Lambda authorizer's
 * simple answer.
 */
class HttpApiMockHandlerTest {

  private static final ObjectMapper JSON = JacksonFactory.getInstance().getMapper();
  private static final String SUB = "5f1c2a9e-7d1b-4c1a-9e7f-0a1b2c3d4e5f";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final HttpApiMockHandler handler =
      new HttpApiMockHandler(new PrintStream(logged, true, StandardCharsets.UTF_8));

  /**
   * A payload 2.0 proxy event of the route, its authorizer context under
   * requestContext.authorizer.lambda.
   */
  private static ObjectNode event(String routeKey, boolean withContext) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", routeKey.substring(routeKey.indexOf(' ') + 1));
    event.put("rawQueryString", "");
    event.putObject("headers").put("accept", "application/json");
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "123456789012");
    context.put("apiId", "abcdef1234");
    context
        .putObject("http")
        .put("method", "GET")
        .put("path", event.get("rawPath").asText())
        .put("protocol", "HTTP/1.1")
        .put("sourceIp", "203.0.113.7")
        .put("userAgent", "test");
    context.put("requestId", "r-1");
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    context.put("time", "26/Nov/2026:10:00:00 +0000");
    context.put("timeEpoch", 1795687200000L);
    if (withContext) {
      context
          .putObject("authorizer")
          .putObject("lambda")
          .put("sub", SUB)
          .put("groups", "admins")
          .put("client_id", "abc123client")
          .put("exp", "1795000000");
    }
    event.put("isBase64Encoded", false);
    return event;
  }

  private static APIGatewayV2HTTPEvent read(ObjectNode json) {
    PojoSerializer<APIGatewayV2HTTPEvent> in =
        JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class);
    return in.fromJson(json.toString());
  }

  @Test
  void handleWhenHttpApiEventWithLambdaAuthorizerContextThenAnswersTheSubjectAndTheClaims()
      throws Exception {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(read(event("GET /mock/admin", true)), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("message").asText()).isEqualTo("Access granted to GET /mock/admin");
    assertThat(body.get("principalId").asText()).isEqualTo(SUB);
    assertThat(body.get("claims").get("groups").asText()).isEqualTo("admins");
    assertThat(body.get("claims").get("exp").asText()).isEqualTo("1795000000");
    assertThat(logged.size()).isZero();
  }

  @Test
  void handleWhenNoLambdaAuthorizerContextThenAnswersJson500AndLogsMisconfiguration()
      throws Exception {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(read(event("GET /mock", false)), null);

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.getBody()).get("error").asText())
        .isEqualTo("authorizer_context_missing");
    assertThat(JSON.readTree(logged.toString(StandardCharsets.UTF_8)).get("route").asText())
        .isEqualTo("GET /mock");
    assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(500);
  }

  @Test
  void handleWhenSerializedByLambdaRuntimeSerializerThenPayload2ResponseWithoutNullMembers()
      throws Exception {
    PojoSerializer<APIGatewayV2HTTPResponse> out =
        JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPResponse.class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    out.toJson(handler.handleRequest(read(event("GET /mock", true)), null), bytes);

    JsonNode response = JSON.readTree(bytes.toByteArray());
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(JSON.readTree(response.get("body").asText()).get("principalId").asText())
        .isEqualTo(SUB);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("null");
  }
}
