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
 * {@code POST /auth/signup/confirm} {"username","code"}: ConfirmSignUp; 204, then the user can log
 * in.
 */
public final class ConfirmSignUpHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  public ConfirmSignUpHandler() {
    this(System.getenv());
  }

  public ConfirmSignUpHandler(Map<String, String> environment) {
    this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
  }

  public ConfirmSignUpHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public ConfirmSignUpHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "signup_confirm",
            () -> {
              RequestBody body = RequestBody.parse(event, Field.USERNAME, Field.CODE);
              cognito.confirmSignUp(body.get(Field.USERNAME), body.get(Field.CODE));
              return ApiResponses.noContent();
            }));
  }
}
