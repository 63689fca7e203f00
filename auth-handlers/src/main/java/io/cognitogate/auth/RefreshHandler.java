package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.Map;

/**
 * {@code POST /auth/refresh} {"username","refresh_token"}: 200 tokens; {@code refresh_token} is in
 * the answer only when Cognito rotated it. {@code username} must be the Cognito username from the
 * login body.
 */
public final class RefreshHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  public RefreshHandler() {
    this(System.getenv());
  }

  public RefreshHandler(Map<String, String> environment) {
    this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
  }

  public RefreshHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public RefreshHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "refresh",
            () -> {
              RequestBody body = RequestBody.parse(event, Field.USERNAME, Field.REFRESH_TOKEN);
              return SuccessResponses.tokens(
                  cognito.refresh(body.get(Field.USERNAME), body.get(Field.REFRESH_TOKEN)));
            }));
  }
}
