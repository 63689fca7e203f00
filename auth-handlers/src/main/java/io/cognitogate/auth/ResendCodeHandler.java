package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.Map;

/**
 * {@code POST /auth/signup/resend} {"username"}: ResendConfirmationCode; 204, also for a user who
 * is unknown or already confirmed (nothing is sent then), so the route cannot be used to probe
 * accounts.
 */
public final class ResendCodeHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  public ResendCodeHandler() {
    this(System.getenv());
  }

  public ResendCodeHandler(Map<String, String> environment) {
    this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
  }

  public ResendCodeHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public ResendCodeHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "signup_resend",
            () -> {
              RequestBody body = RequestBody.parse(event, Field.USERNAME);
              cognito.resendConfirmationCode(body.get(Field.USERNAME));
              return ApiResponses.noContent();
            }));
  }
}
