package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.AuthConfig;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.Map;
import org.crac.Core;

/**
 * {@code PUT /auth} {"username","password"}: 200 tokens or 200 NEW_PASSWORD_REQUIRED challenge.
 * Built from its environment, it registers {@link LoginPriming} for SnapStart.
 */
public final class LoginHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final CognitoGateway cognito;
  private final CorsPolicy cors;

  /**
   * Held here: a CRaC context may keep its resources only weakly. Null when built over a given
   * gateway.
   */
  private final LoginPriming snapStart;

  public LoginHandler() {
    this(System.getenv());
  }

  public LoginHandler(Map<String, String> environment) {
    this(
        AuthConfig.fromEnvironment(environment),
        CognitoGateway.fromEnvironment(environment),
        CorsPolicy.fromEnvironment(environment));
  }

  private LoginHandler(AuthConfig config, CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
    this.snapStart = new LoginPriming(config, cors);
    Core.getGlobalContext().register(snapStart); // a no-op outside a CRaC/SnapStart JVM
  }

  public LoginHandler(CognitoGateway cognito) {
    this(cognito, CorsPolicy.NONE);
  }

  public LoginHandler(CognitoGateway cognito, CorsPolicy cors) {
    this.cognito = cognito;
    this.cors = cors;
    this.snapStart = null;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(
        event,
        ErrorResponses.catching(
            "login",
            () -> {
              RequestBody body = RequestBody.parse(event, Field.USERNAME, Field.PASSWORD);
              return SuccessResponses.tokensOrChallenge(
                  cognito.login(body.get(Field.USERNAME), body.get(Field.PASSWORD)));
            }));
  }

  /** The SnapStart hook of a handler built from its environment, or null. */
  LoginPriming snapStartHooks() {
    return snapStart;
  }
}
