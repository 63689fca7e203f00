package io.cognitogate.auth;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;

/** {@code POST /auth/signup/confirm} {"username","code"}: ConfirmSignUp; 204, then the user can log in. */
public final class ConfirmSignUpHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final CognitoGateway cognito;

    public ConfirmSignUpHandler() {
        this(System.getenv());
    }

    public ConfirmSignUpHandler(Map<String, String> environment) {
        this(CognitoGateway.fromEnvironment(environment));
    }

    public ConfirmSignUpHandler(CognitoGateway cognito) {
        this.cognito = cognito;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return Routes.handle("signup_confirm", () -> {
            RequestBody body = RequestBody.parse(Routes.body(event), Routes.base64(event), Field.USERNAME, Field.CODE);
            cognito.confirmSignUp(body.get(Field.USERNAME), body.get(Field.CODE));
            return ApiResponses.noContent();
        });
    }
}
