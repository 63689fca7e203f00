package io.cognitogate.auth;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;

/** {@code PUT /auth} {"username","password"}: 200 tokens or 200 NEW_PASSWORD_REQUIRED challenge. */
public final class LoginHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final CognitoGateway cognito;
    private final CorsPolicy cors;

    public LoginHandler() {
        this(System.getenv());
    }

    public LoginHandler(Map<String, String> environment) {
        this(CognitoGateway.fromEnvironment(environment), CorsPolicy.fromEnvironment(environment));
    }

    public LoginHandler(CognitoGateway cognito) {
        this(cognito, CorsPolicy.NONE);
    }

    public LoginHandler(CognitoGateway cognito, CorsPolicy cors) {
        this.cognito = cognito;
        this.cors = cors;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return cors.apply(event, ErrorResponses.catching("login", () -> {
            RequestBody body = RequestBody.parse(event, Field.USERNAME, Field.PASSWORD);
            return SuccessResponses.tokensOrChallenge(
                    cognito.login(body.get(Field.USERNAME), body.get(Field.PASSWORD)));
        }));
    }
}
