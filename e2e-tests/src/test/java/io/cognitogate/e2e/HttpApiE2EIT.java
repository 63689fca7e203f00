package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API front (params.apiAuthorizer http) on the local stack of its own:
 * serverless-offline's HTTP API emulation (the repository's patch gives it the HTTP API's own
 * 401/403/500 answers) calls the authorizer with the payload 2.0 event and reads its simple answer,
 * the mock routes get payload 2.0 events. The auth routes stay on the REST API and are held to
 * docs/openapi.yaml; the HTTP API's answers are checked here.
 */
class HttpApiE2EIT {

  static LocalStack stack;

  @BeforeAll
  static void startHttpApiStack() throws Exception {
    stack = LocalStack.start("local-stack-http", Map.of("LOCAL_API_AUTHORIZER", "http"));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.stop();
    }
  }

  private static JsonNode login(JsonNode user) throws Exception {
    HttpResponse<String> response =
        stack.send(
            "PUT",
            "/auth",
            LocalStack.jsonBody(
                "username",
                user.get("username").asText(),
                "password",
                user.get("password").asText()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> httpApi(String path, String authorization) throws Exception {
    return stack.sendUnchecked("GET", path, null, "Authorization", authorization);
  }

  private static void assertHttpApiAnswer(HttpResponse<String> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(JSON.createObjectNode().put("message", message));
  }

  @Test
  void httpApiWhenLoginThenMockThenAdminRouteThenLogoutThen200Then403ThenAdmin200Then401()
      throws Exception {
    JsonNode session = login(stack.user("CONFIRMED", false));
    String access = session.get("access_token").asText();
    String bearer = "Bearer " + access;

    HttpResponse<String> mock = httpApi("/mock", bearer);
    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(mock.body());
    assertThat(body.get("message").asText()).isEqualTo("Access granted to GET /mock");
    assertThat(body.get("principalId").asText()).isEqualTo(JWT.decode(access).getSubject());
    assertThat(body.get("claims").get("username").asText()).isEqualTo("demo");
    assertThat(body.get("claims").get("token_use").asText()).isEqualTo("access");

    assertHttpApiAnswer(httpApi("/mock/admin", bearer), 403, "Forbidden");
    String admin = "Bearer " + login(stack.user("CONFIRMED", true)).get("access_token").asText();
    HttpResponse<String> adminRoute = httpApi("/mock/admin", admin);
    assertThat(adminRoute.statusCode()).as(adminRoute.body()).isEqualTo(200);
    assertThat(JSON.readTree(adminRoute.body()).get("claims").get("groups").asText())
        .isEqualTo("admins");

    HttpResponse<String> logout =
        stack.send(
            "DELETE",
            "/auth",
            LocalStack.jsonBody("refresh_token", session.get("refresh_token").asText()),
            "Authorization",
            bearer);
    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);

    assertHttpApiAnswer(httpApi("/mock", bearer), 401, "Unauthorized");
    assertHttpApiAnswer(httpApi("/mock/admin", bearer), 401, "Unauthorized");
    assertThat(httpApi("/mock/admin", admin).statusCode())
        .as("another user's session")
        .isEqualTo(200);
  }

  @Test
  void httpApiWhenNoTokenOrNotABearerTokenOrAForeignOrExpiredOneThen401AndTheRouteNeverRuns()
      throws Exception {
    CognitoLocalTokens tokens =
        new CognitoLocalTokens(
            stack.root,
            stack.settings.get("cognitoEndpoint").asText()
                + "/"
                + stack.settings.get("userPoolId").asText(),
            stack.settings.get("clientId").asText());
    CognitoLocalTokens foreignClient =
        new CognitoLocalTokens(
            stack.root,
            stack.settings.get("cognitoEndpoint").asText()
                + "/"
                + stack.settings.get("userPoolId").asText(),
            "another-client");
    String valid = tokens.sign(tokens.access("some-sub"));

    assertThat(httpApi("/mock", "Bearer " + valid).statusCode())
        .as("the minted token itself is good")
        .isEqualTo(200);
    assertHttpApiAnswer(httpApi("/mock", null), 401, "Unauthorized");
    assertHttpApiAnswer(httpApi("/mock", valid), 401, "Unauthorized");
    assertHttpApiAnswer(httpApi("/mock", "Basic dXNlcjpwYXNz"), 401, "Unauthorized");
    assertHttpApiAnswer(httpApi("/mock", "Bearer " + valid + "x"), 401, "Unauthorized");
    assertHttpApiAnswer(
        httpApi("/mock", "Bearer " + foreignClient.sign(foreignClient.access("some-sub"))),
        401,
        "Unauthorized");
    assertHttpApiAnswer(
        httpApi(
            "/mock/admin",
            "Bearer "
                + tokens.sign(
                    tokens
                        .access("some-sub")
                        .withIssuedAt(Date.from(Instant.now().minusSeconds(7200)))
                        .withExpiresAt(Date.from(Instant.now().minusSeconds(3600))))),
        401,
        "Unauthorized");
  }
}
