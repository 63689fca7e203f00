package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API front when the authorizer cannot decide (its JWKS endpoint is down): the HTTP API's
 * own 500, never a 401 and never the route, as deployed (an HTTP API has no gateway responses to
 * remap it). The real serverless-offline and authorizer jar run against a JWKS URL nothing listens
 * on, as AuthorizerFailureIT does for the REST front.
 */
class HttpApiAuthorizerFailureIT {

  private static UnreachableJwksStack stack;

  @BeforeAll
  static void startHttpApiWithUnreachableJwks() throws Exception {
    stack = UnreachableJwksStack.start("http", "http-api-authorizer-failure");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void mockWhenAuthorizerCannotReachJwksThenTheHttpApis500AndTheRouteDoesNotRun() throws Exception {
    CognitoLocalTokens tokens = stack.tokens();

    HttpResponse<String> response = stack.mock("Bearer " + tokens.sign(tokens.access("some-sub")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("message").asText())
        .isEqualTo("Internal Server Error");
    assertThat(response.body()).doesNotContain("principalId").doesNotContain("Access granted");
  }

  @Test
  void mockWhenTokenIsBadThenStill401NotTheFailureAnswer() throws Exception {
    HttpResponse<String> response = stack.mock("Bearer abc.def.ghi");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Unauthorized");
  }
}
