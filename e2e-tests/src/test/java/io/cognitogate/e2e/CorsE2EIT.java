package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser on a dev server ({@code Origin: http://localhost:5173}) can read the Lambda proxy
 * answers of the local stack, errors included. The local stage's {@code corsAllowOrigin} is the
 * default {@code *}, and the functions answer {@code Access-Control-Allow-Origin: *};
 * serverless-offline 14.8.2 then replaces that with the request's own Origin (and adds {@code
 * Access-Control-Allow-Credentials: true}), which API Gateway never does. Either value lets this
 * origin read the answer, so the test accepts both and no other.
 */
@ExtendWith(SharedLocalStack.class)
class CorsE2EIT {

  private static final String ORIGIN = "http://localhost:5173";
  private static final String PASSWORD = "Cors-Passw0rd!";

  static LocalStack stack;

  @BeforeAll
  static void useStack(LocalStack shared) {
    stack = shared;
  }

  private static HttpResponse<String> fromBrowser(
      String method, String path, String body, String accessToken) throws Exception {
    return stack.send(
        method,
        path,
        body,
        "Authorization",
        accessToken == null ? null : "Bearer " + accessToken,
        "Origin",
        ORIGIN);
  }

  private static String body(String... keysAndValues) throws Exception {
    return LocalStack.jsonBody(keysAndValues);
  }

  /** What a browser needs to hand the answer to the page: its origin, or {@code *}. */
  private static void assertReadableFromTheOrigin(HttpResponse<String> response) {
    assertThat(response.headers().allValues("Access-Control-Allow-Origin"))
        .as(
            "Access-Control-Allow-Origin of %s %s",
            response.request().method(), response.uri().getPath())
        .hasSize(1)
        .allSatisfy(value -> assertThat(value).isIn("*", ORIGIN));
  }

  @Test
  void authWhenBodyInvalidThenTheBrowserCanReadThe400() throws Exception {
    HttpResponse<String> response = fromBrowser("PUT", "/auth", "[]", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_request");
    assertReadableFromTheOrigin(response);
  }

  @Test
  void mockWhenLoggedInThenTheBrowserCanReadEveryAnswerOnTheWay() throws Exception {
    String username = "cors-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        fromBrowser(
            "POST",
            "/auth/signup",
            body("username", username, "email", username + "@example.com", "password", PASSWORD),
            null);
    HttpResponse<String> confirmed =
        fromBrowser(
            "POST",
            "/auth/signup/confirm",
            body("username", username, "code", stack.settings.get("confirmationCode").asText()),
            null);
    HttpResponse<String> login =
        fromBrowser("PUT", "/auth", body("username", username, "password", PASSWORD), null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    JsonNode tokens = JSON.readTree(login.body());

    HttpResponse<String> mock =
        fromBrowser("GET", "/mock", null, tokens.get("access_token").asText());

    assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
    assertThat(JSON.readTree(mock.body()).get("principalId").asText()).isNotBlank();
    assertReadableFromTheOrigin(created);
    assertReadableFromTheOrigin(confirmed);
    assertReadableFromTheOrigin(login);
    assertReadableFromTheOrigin(mock);
  }
}
