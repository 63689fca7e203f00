package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.cognitogate.token.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** API Gateway proxy events as the REST API sends them for our routes. */
final class Events {

  private Events() {}

  static APIGatewayProxyRequestEvent request(String method, String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod(method)
        .withPath(path)
        .withResource(path)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false);
  }

  static APIGatewayProxyRequestEvent login(String body) {
    return request("PUT", "/auth", body);
  }

  static APIGatewayProxyRequestEvent challenge(String body) {
    return request("POST", "/auth/challenge", body);
  }

  static APIGatewayProxyRequestEvent refresh(String body) {
    return request("POST", "/auth/refresh", body);
  }

  static APIGatewayProxyRequestEvent logout(String body) {
    return request("DELETE", "/auth", body);
  }

  static APIGatewayProxyRequestEvent globalLogout(String authorization) {
    APIGatewayProxyRequestEvent event =
        request("DELETE", "/auth", null).withQueryStringParameters(Map.of("scope", "global"));
    if (authorization != null) {
      event.getHeaders().put("Authorization", authorization);
    }
    return event;
  }

  /**
   * A JSON object from alternating names and string values (a name may repeat), escaped by the
   * tests' writer.
   */
  static String json(String... namesAndValues) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append(Json.write(namesAndValues[i]))
          .append(':')
          .append(Json.write(namesAndValues[i + 1]));
    }
    return out.append('}').toString();
  }
}
