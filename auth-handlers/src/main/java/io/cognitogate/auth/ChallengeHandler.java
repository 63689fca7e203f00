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
 * {@code POST /auth/challenge} {"username","session","new_password"}: answers NEW_PASSWORD_REQUIRED
 * with the Cognito username and session the login returned; 200 tokens.
 */
public final class ChallengeHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  public ChallengeHandler() {
    this(System.getenv());
  }

  public ChallengeHandler(Map<String, String> environment) {
    this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
  }

  public ChallengeHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public ChallengeHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "challenge",
            () -> {
              RequestBody body =
                  RequestBody.parse(event, Field.USERNAME, Field.SESSION, Field.NEW_PASSWORD);
              return SuccessResponses.tokens(
                  cognito.completeNewPassword(
                      body.get(Field.USERNAME),
                      body.get(Field.SESSION),
                      body.get(Field.NEW_PASSWORD)));
            }));
  }
}
