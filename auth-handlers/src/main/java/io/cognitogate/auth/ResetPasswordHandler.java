package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.cognito.PasswordPolicy;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.Map;

/**
 * {@code POST /auth/password/reset} {"username","code","new_password"}: ConfirmForgotPassword; 204.
 */
public final class ResetPasswordHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final PasswordPolicy policy;
  private final CorsPolicy cors;

  public ResetPasswordHandler() {
    this(System.getenv());
  }

  public ResetPasswordHandler(Map<String, String> environment) {
    this(
        CognitoGateway.fromEnvironment(environment),
        PasswordPolicy.fromEnvironment(environment),
        CorsPolicy.fromEnvironment(environment));
  }

  public ResetPasswordHandler(CognitoGateway cognito, PasswordPolicy policy) {
    this(cognito, policy, CorsPolicy.NONE);
  }

  public ResetPasswordHandler(CognitoGateway cognito, PasswordPolicy policy, CorsPolicy cors) {
    this.cognito = cognito;
    this.policy = policy;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "password_reset",
            Field.NEW_PASSWORD,
            policy,
            () -> {
              RequestBody body =
                  RequestBody.parse(event, Field.USERNAME, Field.CODE, Field.NEW_PASSWORD);
              cognito.confirmForgotPassword(
                  body.get(Field.USERNAME), body.get(Field.CODE), body.get(Field.NEW_PASSWORD));
              return ApiResponses.noContent();
            }));
  }
}
