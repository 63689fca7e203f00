package io.cognitogate.auth;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.ApiError;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.BadRequestException;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;

/**
 * {@code DELETE /auth} {"refresh_token"}: RevokeToken, 204 (also when it was already revoked).
 * {@code DELETE /auth?scope=global} with {@code Authorization: Bearer <access token>}: GlobalSignOut, 204.
 */
public final class LogoutHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final int MAX_ACCESS_TOKEN = 8192;

    private final CognitoGateway cognito;

    public LogoutHandler() {
        this(System.getenv());
    }

    public LogoutHandler(Map<String, String> environment) {
        this(CognitoGateway.fromEnvironment(environment));
    }

    public LogoutHandler(CognitoGateway cognito) {
        this.cognito = cognito;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Map<String, String> query = event == null ? null : event.getQueryStringParameters();
        String scope = query == null ? null : query.get("scope");
        if (scope == null) {
            return Routes.handle("logout", () -> logoutSession(event));
        }
        if (scope.equals("global")) {
            return Routes.handle("logout_global", () -> logoutEverywhere(event));
        }
        return Routes.handle("logout", () -> {
            throw new BadRequestException("scope", "must be global or absent");
        });
    }

    private APIGatewayProxyResponseEvent logoutSession(APIGatewayProxyRequestEvent event)
            throws BadRequestException, CognitoFailure {
        RequestBody body = RequestBody.parse(Routes.body(event), Routes.base64(event), Field.REFRESH_TOKEN);
        // issue 8: write the revocation marker for this session here, before Cognito, so a failure leaves it revoked
        cognito.revoke(body.get(Field.REFRESH_TOKEN));
        return ApiResponses.noContent();
    }

    private APIGatewayProxyResponseEvent logoutEverywhere(APIGatewayProxyRequestEvent event) throws CognitoFailure {
        String accessToken = bearerToken(event == null ? null : event.getHeaders());
        if (accessToken == null) {
            Log.badRequest("logout_global", "Authorization");
            return ApiResponses.error(ApiError.INVALID_TOKEN, "A Bearer access token is required.");
        }
        // issue 8: write the user-wide revocation marker here, before Cognito
        cognito.globalSignOut(accessToken);
        return ApiResponses.noContent();
    }

    /** The token of {@code Authorization: Bearer <token>} (header name and scheme case-insensitive), or null. */
    static String bearerToken(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String value = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if ("authorization".equalsIgnoreCase(header.getKey())) {
                value = header.getValue();
            }
        }
        if (value == null || value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7);
        return token.length() <= MAX_ACCESS_TOKEN && Field.tokenShaped(token) ? token : null;
    }
}
