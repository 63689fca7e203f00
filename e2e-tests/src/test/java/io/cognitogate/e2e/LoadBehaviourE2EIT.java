package io.cognitogate.e2e;

import static io.cognitogate.e2e.LocalStack.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst on the local stack: many clients at once, every one with valid credentials, as the load
 * benchmark (benchmarks/load) sends for longer. Whatever the stack cannot take at once it refuses
 * on purpose, 429 (a route at its concurrency limit) or 503 (the authorizer), with a JSON error
 * body; a valid token never gets a 401 and no connection is dropped. How fast is the benchmark's
 * business, not this test's.
 */
@ExtendWith(SharedLocalStack.class)
class LoadBehaviourE2EIT {

  private static final int CLIENTS = 64;
  private static final String PASSWORD = "Burst-Passw0rd!";

  static LocalStack stack;

  @BeforeAll
  static void useStack(LocalStack shared) {
    stack = shared;
  }

  private static JsonNode signedUpAndLoggedIn() throws Exception {
    String username = "burst-" + UUID.randomUUID().toString().substring(0, 8);
    String code = stack.settings.get("confirmationCode").asText();
    assertThat(
            stack
                .send(
                    "POST",
                    "/auth/signup",
                    LocalStack.jsonBody(
                        "username",
                        username,
                        "email",
                        username + "@example.com",
                        "password",
                        PASSWORD))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            stack
                .send(
                    "POST",
                    "/auth/signup/confirm",
                    LocalStack.jsonBody("username", username, "code", code))
                .statusCode())
        .isEqualTo(204);
    HttpResponse<String> login =
        stack.send("PUT", "/auth", LocalStack.jsonBody("username", username, "password", PASSWORD));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return JSON.readTree(login.body());
  }

  /** The load benchmark's mix: one in eight a login, one in eight a refresh, the rest GET /mock. */
  private static HttpRequest request(int client, JsonNode tokens) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder()
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    String username = tokens.get("username").asText();
    return switch (client % 8) {
      case 0 ->
          builder
              .uri(URI.create(stack.apiUrl() + "/auth"))
              .PUT(
                  HttpRequest.BodyPublishers.ofString(
                      LocalStack.jsonBody("username", username, "password", PASSWORD)))
              .build();
      case 1 ->
          builder
              .uri(URI.create(stack.apiUrl() + "/auth/refresh"))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      LocalStack.jsonBody(
                          "username",
                          username,
                          "refresh_token",
                          tokens.get("refresh_token").asText())))
              .build();
      default ->
          builder
              .uri(URI.create(stack.apiUrl() + "/mock"))
              .header("Authorization", "Bearer " + tokens.get("access_token").asText())
              .GET()
              .build();
    };
  }

  @Test
  void burstWhenManyClientsAtOnceThenEachAnswerIs200OrA429Or503JsonRefusalAndNeverA401()
      throws Exception {
    JsonNode tokens = signedUpAndLoggedIn();
    // one connection per client, as separate browsers would hold
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();

    for (int client = 0; client < CLIENTS; client++) {
      answers.add(http.sendAsync(request(client, tokens), HttpResponse.BodyHandlers.ofString()));
    }

    // join() throws on a reset or refused connection: none may happen
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.join();
      String route = response.request().method() + " " + response.uri().getPath();
      assertThat(response.statusCode()).as("%s: %s", route, response.body()).isIn(200, 429, 503);
      if (response.statusCode() != 200) {
        assertThat(JSON.readTree(response.body()).path("error").isTextual()).as(route).isTrue();
      }
    }
  }
}
