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
 * {@code POST /auth/password/forgot} {"username"}: ForgotPassword; 202 with one body whether or not
 * the user exists (throttling and our own failures still show: they say nothing about the user).
 */
public final class ForgotPasswordHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  public ForgotPasswordHandler() {
    this(System.getenv());
  }

  public ForgotPasswordHandler(Map<String, String> environment) {
    this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
  }

  public ForgotPasswordHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public ForgotPasswordHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "password_forgot",
            () -> {
              RequestBody body = RequestBody.parse(event, Field.USERNAME);
              cognito.forgotPassword(body.get(Field.USERNAME));
              return SuccessResponses.resetCodeRequested();
            }));
  }
}
