package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.testkit.OpenApiContract;

/** The handlers as the integration tests call them: every answer is held to docs/openapi.yaml. */
final class ApiContract {

  private static final OpenApiContract CONTRACT = OpenApiContract.load();

  /** An API Gateway proxy route's handler. */
  interface Route
      extends RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {}

  private ApiContract() {}

  /**
   * {@code handler}, whose every response is checked against the contract of the event's method and
   * path.
   */
  static Route checked(
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    return (event, context) -> {
      APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);
      CONTRACT.check(
          event.getHttpMethod(),
          event.getPath(),
          response.getStatusCode(),
          response.getHeaders(),
          response.getBody());
      return response;
    };
  }
}
