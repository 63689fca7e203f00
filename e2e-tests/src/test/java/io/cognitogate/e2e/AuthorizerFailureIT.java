package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorizer failing for a reason other than the token (its JWKS endpoint is down) must give
 * what the deployed API gives, serverless.yml's AUTHORIZER_* gateway response (503 {@code
 * authorizer_unavailable}, {@code Retry-After}), never a 401, and never reach the route. The Java
 * runner cannot throw; the invoke server's failure answer relies on serverless-offline's context
 * check and the repository's patch of serverless-offline (patches/) that answers the service's
 * gateway responses, so this runs the real serverless-offline and authorizer jar against a JWKS URL
 * nothing listens on ({@link UnreachableJwksStack}). A throttled authorizer (local-invoke's
 * concurrency limit) gives the same answer.
 */
class AuthorizerFailureIT {

  private static UnreachableJwksStack stack;

  @BeforeAll
  static void startApiWithUnreachableJwks() throws Exception {
    stack = UnreachableJwksStack.start(null, "authorizer-failure");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void mockWhenAuthorizerCannotReachJwksThen503AsDeployedAndTheRouteDoesNotRun() throws Exception {
    CognitoLocalTokens tokens = stack.tokens();

    HttpResponse<String> response =
        LocalStackContract.check(stack.mock("Bearer " + tokens.sign(tokens.access("some-sub"))));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("authorizer_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.body()).doesNotContain("principalId").doesNotContain("Access granted");
  }

  @Test
  void mockWhenTokenIsBadThenStill401NotTheFailureAnswer() throws Exception {
    HttpResponse<String> response = LocalStackContract.check(stack.mock("Bearer abc.def.ghi"));

    // serverless.yml's UNAUTHORIZED gateway response, as deployed
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }
}
