package io.cognitogate.e2e;

import java.net.http.HttpResponse;

import io.cognitogate.testkit.Deviation;
import io.cognitogate.testkit.OpenApiContract;

/**
 * docs/openapi.yaml as the local stack must honour it: every response the end-to-end tests receive is
 * checked. Where serverless-offline and the invoke server cannot answer as API Gateway does (the README's
 * "What the emulator does differently"), a deviation names the deployed status they stand for and holds
 * their own body to a schema.
 */
final class LocalStackContract {

    private static final OpenApiContract CONTRACT = OpenApiContract.load()
            .withDeviation(Deviation.of("serverless-offline ignores the UNAUTHORIZED gateway response and answers"
                    + " with its own body", 401, 401, offlineError(401, "Unauthorized"), "GET /mock", "GET /mock/admin"))
            .withDeviation(Deviation.of("serverless-offline ignores the ACCESS_DENIED gateway response and answers"
                    + " with its own body", 403, 403, offlineError(403, "Forbidden"), "GET /mock/admin"))
            .withDeviation(Deviation.of("a failing authorizer is 500 in serverless-offline; API Gateway's"
                    + " AUTHORIZER_FAILURE gateway response makes it 503", 500, 503,
                    offlineError(500, "AuthorizerConfigurationException"), "GET /mock", "GET /mock/admin"))
            .withDeviation(Deviation.of("the invoke server refuses serverless-offline's authorizer override header,"
                    + " which API Gateway does not have", 400, 0, """
                    {"type": "object", "required": ["error", "message"], "additionalProperties": false,
                     "properties": {"error": {"const": "unsupported_header"}, "message": {"type": "string"}}}""",
                    "GET /mock", "GET /mock/admin"));

    private LocalStackContract() {
    }

    /** Fails the test unless {@code response} is one the contract (or a documented local deviation) allows. */
    static HttpResponse<String> check(HttpResponse<String> response) {
        CONTRACT.check(response);
        return response;
    }

    /** serverless-offline's (hapi Boom) error body: {@code {"statusCode","error","message"}}. */
    private static String offlineError(int status, String error) {
        return "{\"type\": \"object\", \"required\": [\"statusCode\", \"error\", \"message\"],"
                + " \"additionalProperties\": false, \"properties\": {\"statusCode\": {\"const\": " + status + "},"
                + " \"error\": {\"const\": \"" + error + "\"}, \"message\": {\"type\": \"string\"}}}";
    }
}
