package io.cognitogate.mock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.cors.CorsPolicy;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /mock} and {@code GET /mock/admin}: echoes what the authorizer passed in {@code
 * requestContext.authorizer}, so a caller can see the authorizer at work.
 */
public final class MockHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  /** Keys API Gateway adds to the authorizer map that are not the authorizer's context. */
  private static final String PRINCIPAL_ID = "principalId";

  private static final String INTEGRATION_LATENCY = "integrationLatency";

  private static final Map<String, String> JSON_HEADERS =
      Map.of(
          "Content-Type", "application/json",
          "Cache-Control", "no-store");

  private final PrintStream log;
  private final CorsPolicy cors;

  /** Lambda entry point. */
  public MockHandler() {
    this(System.getenv());
  }

  /**
   * Reads {@code CORS_ALLOW_ORIGIN} (optional); the local invoke server builds handlers through
   * this one.
   */
  public MockHandler(Map<String, String> environment) {
    this(System.out, CorsPolicy.fromEnvironment(environment));
  }

  /** For tests: where the one JSON log line of a misconfigured route goes. */
  public MockHandler(PrintStream log) {
    this(log, CorsPolicy.NONE);
  }

  MockHandler(PrintStream log, CorsPolicy cors) {
    this.log = log;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(event, answer(event));
  }

  private APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent event) {
    String route = route(event);
    Map<String, Object> authorizer =
        event == null || event.getRequestContext() == null
            ? null
            : event.getRequestContext().getAuthorizer();
    Object principalId = authorizer == null ? null : authorizer.get(PRINCIPAL_ID);
    if (!(principalId instanceof String) || ((String) principalId).isBlank()) {
      // Reaching here means the route has no authorizer: a deployment error, never a reason to
      // answer 200.
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

    Map<String, Object> claims = new TreeMap<>(authorizer);
    claims.remove(PRINCIPAL_ID);
    claims.remove(INTEGRATION_LATENCY);
    StringBuilder body =
        new StringBuilder(256)
            .append("{\"message\":")
            .append(Json.quote("Access granted to " + route))
            .append(",\"principalId\":")
            .append(Json.quote((String) principalId))
            .append(",\"claims\":{");
    boolean first = true;
    for (Map.Entry<String, Object> claim : claims.entrySet()) {
      if (!first) {
        body.append(',');
      }
      first = false;
      body.append(Json.quote(claim.getKey())).append(':').append(Json.scalar(claim.getValue()));
    }
    return response(200, body.append("}}").toString());
  }

  private static String route(APIGatewayProxyRequestEvent event) {
    if (event == null) {
      return "unknown";
    }
    String method = event.getHttpMethod() == null ? "" : event.getHttpMethod() + " ";
    String resource = event.getResource() != null ? event.getResource() : event.getPath();
    return method + (resource == null ? "unknown" : resource);
  }

  private static APIGatewayProxyResponseEvent response(int status, String body) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(status)
        .withHeaders(JSON_HEADERS)
        .withBody(body);
  }
}
