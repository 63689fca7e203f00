package io.cognitogate.auth.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lambda proxy responses: JSON bodies, never cached (they carry tokens). */
public final class ApiResponses {

  private ApiResponses() {}

  public static APIGatewayProxyResponseEvent json(int status, Map<String, ?> body) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(status)
        .withHeaders(headers())
        .withBody(Json.object(body));
  }

  public static APIGatewayProxyResponseEvent error(ApiError error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error.code());
    body.put("message", message);
    APIGatewayProxyResponseEvent response = json(error.status(), body);
    if (error == ApiError.INVALID_TOKEN) {
      response.getHeaders().put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    return response;
  }

  public static APIGatewayProxyResponseEvent noContent() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", "no-store");
    return new APIGatewayProxyResponseEvent().withStatusCode(204).withHeaders(headers);
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return headers;
  }
}
