package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.cognito.PasswordPolicy;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.Map;

/**
 * {@code POST /auth/signup} {"username","email","password"}: SignUp; 201 {@code
 * {"user_confirmed":false,"delivery":{"medium","destination"}}} with the destination masked.
 */
public final class SignUpHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final PasswordPolicy policy;
  private final CorsPolicy cors;

  public SignUpHandler() {
    this(System.getenv());
  }

  public SignUpHandler(Map<String, String> environment) {
    this(
        CognitoGateway.fromEnvironment(environment),
        PasswordPolicy.fromEnvironment(environment),
        CorsPolicy.fromEnvironment(environment));
  }

  public SignUpHandler(CognitoGateway cognito, PasswordPolicy policy) {
    this(cognito, policy, CorsPolicy.NONE);
  }

  public SignUpHandler(CognitoGateway cognito, PasswordPolicy policy, CorsPolicy cors) {
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
            "signup",
            Field.PASSWORD,
            policy,
            () -> {
              RequestBody body =
                  RequestBody.parse(event, Field.USERNAME, Field.EMAIL, Field.PASSWORD);
              return SuccessResponses.signedUp(
                  cognito.signUp(
                      body.get(Field.USERNAME), body.get(Field.EMAIL), body.get(Field.PASSWORD)));
            }));
  }
}
