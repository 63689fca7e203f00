package io.cognitogate.mock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /mock} and {@code GET /mock/admin} on an HTTP API (payload 2.0): echoes the context
 * the HTTP API's Lambda authorizer passed, which API Gateway puts in {@code
 * requestContext.authorizer.lambda} (a simple response has no principal: the token's {@code sub}
 * stands for it). CORS on an HTTP API is API Gateway's own configuration, not this function's.
 */
public final class HttpApiMockHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final String SUBJECT = "sub";

  private static final Map<String, String> JSON_HEADERS =
      Map.of(
          "Content-Type", "application/json",
          "Cache-Control", "no-store");

  private final PrintStream log;

  /** Lambda entry point. */
  public HttpApiMockHandler() {
    this(System.out);
  }

  /** The local invoke server builds handlers through this one; nothing is read from it. */
  public HttpApiMockHandler(Map<String, String> environment) {
    this(System.out);
  }

  /** For tests: where the one JSON log line of a misconfigured route goes. */
  public HttpApiMockHandler(PrintStream log) {
    this.log = log;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String route = event == null || event.getRouteKey() == null ? "unknown" : event.getRouteKey();
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
        event == null || event.getRequestContext() == null
            ? null
            : event.getRequestContext().getAuthorizer();
    Map<String, Object> claims = authorizer == null ? null : authorizer.getLambda();
    Object subject = claims == null ? null : claims.get(SUBJECT);
    if (!(subject instanceof String) || ((String) subject).isBlank()) {
      // Reaching here means the route has no Lambda authorizer: a deployment error, never a reason
      // to answer 200.
      log.println(
          "{\"level\":\"ERROR\",\"handler\":\"mock\",\"outcome\":\"misconfigured\","
              + "\"reason\":\"authorizer_context_missing\",\"route\":"
              + Json.quote(route)
              + "}");
      return response(
          500,
          "{\"error\":\"authorizer_context_missing\",\"message\":"
              + Json.quote(
                  "No authorizer context reached this route: it is not protected by the"
                      + " authorizer (check the route's authorizer in serverless.yml).")
              + "}");
    }
    StringBuilder body =
        new StringBuilder(256)
            .append("{\"message\":")
            .append(Json.quote("Access granted to " + route))
            .append(",\"principalId\":")
            .append(Json.quote((String) subject))
            .append(",\"claims\":{");
    boolean first = true;
    for (Map.Entry<String, Object> claim : new TreeMap<>(claims).entrySet()) {
      if (!first) {
        body.append(',');
      }
      first = false;
      body.append(Json.quote(claim.getKey())).append(':').append(Json.scalar(claim.getValue()));
    }
    return response(200, body.append("}}").toString());
  }

  private static APIGatewayV2HTTPResponse response(int status, String body) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(JSON_HEADERS)
        .withBody(body)
        .build();
  }
}
