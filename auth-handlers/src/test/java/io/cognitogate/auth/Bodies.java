package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Reads response bodies in tests (the SDK's JsonNode parser). */
final class Bodies {

  private Bodies() {}

  static Map<String, JsonNode> fields(APIGatewayProxyResponseEvent response) {
    return JsonNode.parser().parse(response.getBody()).asObject();
  }

  static String text(APIGatewayProxyResponseEvent response, String field) {
    JsonNode node = fields(response).get(field);
    return node == null || node.isNull()
        ? null
        : node.isString() ? node.asString() : node.asNumber();
  }
}
