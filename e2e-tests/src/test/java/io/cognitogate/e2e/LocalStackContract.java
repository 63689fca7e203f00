package io.cognitogate.e2e;

import io.cognitogate.testkit.Deviation;
import io.cognitogate.testkit.OpenApiContract;
import java.net.http.HttpResponse;

/**
 * docs/openapi.yaml as the local stack must honour it: every response the end-to-end tests receive
 * is checked. The local stack answers the gateway responses of serverless.yml as API Gateway does
 * (its serverless-offline patch); where it still cannot (docs/local-stack.md), a deviation names
 * the deployed status it stands for and holds its own body to a schema.
 */
final class LocalStackContract {

  private static final OpenApiContract CONTRACT =
      OpenApiContract.load()
          .withDeviation(
              Deviation.of(
                  "the invoke server refuses serverless-offline's authorizer override header,"
                      + " which API Gateway does not have",
                  400,
                  0,
                  """
                    {"type": "object", "required": ["error", "message"], "additionalProperties": false,
                     "properties": {"error": {"const": "unsupported_header"}, "message": {"type": "string"}}}""",
                  "GET /mock",
                  "GET /mock/admin"));

  private LocalStackContract() {}

  /**
   * Fails the test unless {@code response} is one the contract (or a documented local deviation)
   * allows.
   */
  static HttpResponse<String> check(HttpResponse<String> response) {
    CONTRACT.check(response);
    return response;
  }
}
