package io.cognitogate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.cognitogate.testkit.ContractViolation.Reason;
import io.cognitogate.testkit.OpenApiContract.Located;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The contract helper itself: it accepts what docs/openapi.yaml declares and rejects everything
 * else.
 */
class OpenApiContractTest {

  private static final OpenApiContract CONTRACT = OpenApiContract.load();
  private static final Map<String, String> JSON_HEADERS =
      Map.of("Content-Type", "application/json", "Cache-Control", "no-store");
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
  private static final String TOKENS =
      "{\"id_token\":\""
          + JWT
          + "\",\"access_token\":\""
          + JWT
          + "\",\"refresh_token\":\""
          + JWT
          + "\",\"expires_in\":3600,\"token_type\":\"Bearer\",\"username\":\"alice\"}";
  private static final String MOCK =
      "{\"message\":\"Access granted to GET /mock\",\"principalId\":\"s-1\",\"claims\":"
          + "{\"client_id\":\"c\",\"exp\":\"1795690800\",\"groups\":\"\",\"scope\":\"openid\",\"sub\":\"s-1\","
          + "\"token_use\":\"access\",\"username\":\"alice\"}}";

  /** serverless-offline's own error body for an authorizer's 401 */
  private static final String OFFLINE_401 =
      "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Unauthorized\"}";

  private static final String OFFLINE_ERROR_SCHEMA =
      """
            {"type": "object", "required": ["statusCode", "error", "message"], "additionalProperties": false,
             "properties": {"statusCode": {"type": "integer"}, "error": {"type": "string"},
                            "message": {"type": "string"}}}""";

  private static Reason violation(
      OpenApiContract contract,
      String method,
      String path,
      int status,
      Map<String, String> headers,
      String body) {
    ContractViolation violation =
        catchThrowableOfType(
            ContractViolation.class, () -> contract.check(method, path, status, headers, body));
    assertThat(violation).as("%s %s -> %d must be refused", method, path, status).isNotNull();
    return violation.reason();
  }

  private static Reason violation(
      String method, String path, int status, Map<String, String> headers, String body) {
    return violation(CONTRACT, method, path, status, headers, body);
  }

  // --- what the spec declares passes -----------------------------------------------------------

  @Test
  void checkWhenLoginAnswersTokensThenAccepted() {
    assertThatCode(() -> CONTRACT.check("PUT", "/auth", 200, JSON_HEADERS, TOKENS))
        .doesNotThrowAnyException();
  }

  @Test
  void checkWhenLoginAnswersTheChallengeThenAccepted() {
    assertThatCode(
            () ->
                CONTRACT.check(
                    "PUT",
                    "/auth",
                    200,
                    JSON_HEADERS,
                    "{\"challenge\":\"NEW_PASSWORD_REQUIRED\",\"session\":\"AYAB\",\"username\":\"erin\"}"))
        .doesNotThrowAnyException();
  }

  @Test
  void checkWhenHeaderNamesAndContentTypeParametersVaryThenAccepted() {
    Map<String, String> headers =
        Map.of("content-type", "application/json; charset=utf-8", "cache-control", "no-store");

    assertThatCode(() -> CONTRACT.check("get", "/mock", 200, headers, MOCK))
        .doesNotThrowAnyException();
  }

  @Test
  void checkWhenNoContentAnswerHasNoBodyThenAccepted() {
    assertThatCode(
            () -> CONTRACT.check("DELETE", "/auth", 204, Map.of("Cache-Control", "no-store"), null))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.check(
                    "POST", "/auth/signup/confirm", 204, Map.of("Cache-Control", "no-store"), ""))
        .doesNotThrowAnyException();
  }

  // --- what it does not declare fails ----------------------------------------------------------

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "GET, /mock, 418",
    "GET, /mock, 403",
    "PUT, /auth, 404",
    "POST, /auth/signup/resend, 409",
    "DELETE, /auth, 200"
  })
  void checkWhenStatusUndeclaredThenRejectsAsUndeclaredStatus(
      String method, String path, int status) {
    assertThat(violation(method, path, status, JSON_HEADERS, "{\"error\":\"x\",\"message\":\"y\"}"))
        .isEqualTo(Reason.UNDECLARED_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/nowhere", "/auth/password", "/mock/admin/extra", "/auth/"})
  void checkWhenRouteUndeclaredThenRejectsAsUndeclaredRoute(String path) {
    assertThat(violation("GET", path, 200, JSON_HEADERS, "{}")).isEqualTo(Reason.UNDECLARED_ROUTE);
  }

  @Test
  void checkWhenMethodUndeclaredThenRejectsAsUndeclaredMethod() {
    assertThat(violation("PATCH", "/auth", 200, JSON_HEADERS, TOKENS))
        .isEqualTo(Reason.UNDECLARED_METHOD);
    assertThat(violation("POST", "/mock", 200, JSON_HEADERS, MOCK))
        .isEqualTo(Reason.UNDECLARED_METHOD);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
            tokens without access_token   | PUT  | /auth         | 200 | {"id_token":"a.b.c","refresh_token":"r","expires_in":1,"token_type":"Bearer","username":"u"}
            tokens with an extra member   | PUT  | /auth         | 200 | {"id_token":"a.b.c","access_token":"a.b.c","refresh_token":"r","expires_in":1,"token_type":"Bearer","username":"u","password":"p"}
            expires_in as a string        | PUT  | /auth         | 200 | {"id_token":"a.b.c","access_token":"a.b.c","refresh_token":"r","expires_in":"1","token_type":"Bearer","username":"u"}
            login tokens without refresh  | PUT  | /auth         | 200 | {"id_token":"a.b.c","access_token":"a.b.c","expires_in":1,"token_type":"Bearer","username":"u"}
            an access token not a JWS     | POST | /auth/refresh | 200 | {"id_token":"a.b.c","access_token":"opaque","expires_in":1,"token_type":"Bearer","username":"u"}
            another route's error code    | PUT  | /auth         | 401 | {"error":"invalid_grant","message":"m"}
            another status's error code   | PUT  | /auth         | 400 | {"error":"invalid_credentials","message":"m"}
            an error without message      | PUT  | /auth         | 400 | {"error":"invalid_request"}
            an error as an array          | PUT  | /auth         | 400 | [{"error":"invalid_request","message":"m"}]
            mock claims without sub       | GET  | /mock         | 200 | {"message":"Access granted to GET /mock","principalId":"s","claims":{"client_id":"c","exp":1,"groups":"","scope":"","token_use":"access","username":"u"}}
            a sign-up destination unmasked | POST | /auth/signup | 201 | {"user_confirmed":false,"delivery":{"medium":"EMAIL","destination":"sam@example.com"}}
            """)
  void checkWhenBodyBreaksTheSchemaThenRejectsAsBodyInvalid(
      String what, String method, String path, int status, String body) {
    assertThat(violation(method, path, status, JSON_HEADERS, body))
        .as(what)
        .isEqualTo(Reason.BODY_INVALID);
  }

  @Test
  void checkWhenBodyIsNotOneJsonValueThenRejectsAsBodyNotJson() {
    assertThat(violation("PUT", "/auth", 200, JSON_HEADERS, "{\"access_token\":"))
        .isEqualTo(Reason.BODY_NOT_JSON);
    assertThat(
            violation(
                "PUT",
                "/auth",
                400,
                JSON_HEADERS,
                "{\"error\":\"invalid_request\",\"error\":\"x\",\"message\":\"m\"}"))
        .isEqualTo(Reason.BODY_NOT_JSON);
  }

  @Test
  void checkWhenContentTypeMissingOrUndeclaredThenRejects() {
    assertThat(violation("PUT", "/auth", 200, Map.of("Cache-Control", "no-store"), TOKENS))
        .isEqualTo(Reason.MISSING_CONTENT_TYPE);
    assertThat(
            violation(
                "PUT",
                "/auth",
                200,
                Map.of("Content-Type", "text/html", "Cache-Control", "no-store"),
                TOKENS))
        .isEqualTo(Reason.UNDECLARED_CONTENT_TYPE);
  }

  @Test
  void checkWhenBodyPresenceDiffersFromTheDeclarationThenRejectsAsUnexpectedBody() {
    assertThat(violation("DELETE", "/auth", 204, JSON_HEADERS, "{}"))
        .isEqualTo(Reason.UNEXPECTED_BODY);
    assertThat(violation("PUT", "/auth", 200, JSON_HEADERS, "")).isEqualTo(Reason.UNEXPECTED_BODY);
  }

  @Test
  void checkWhenRequiredHeaderMissingOrWrongThenRejects() {
    assertThat(violation("PUT", "/auth", 200, Map.of("Content-Type", "application/json"), TOKENS))
        .isEqualTo(Reason.MISSING_HEADER);
    assertThat(
            violation(
                "PUT",
                "/auth",
                200,
                Map.of("Content-Type", "application/json", "Cache-Control", "max-age=60"),
                TOKENS))
        .isEqualTo(Reason.HEADER_INVALID);
    // 401 invalid_token names its scheme in WWW-Authenticate
    assertThat(
            violation(
                "DELETE",
                "/auth",
                401,
                JSON_HEADERS,
                "{\"error\":\"invalid_token\",\"message\":\"m\"}"))
        .isEqualTo(Reason.MISSING_HEADER);
  }

  // --- deviations ------------------------------------------------------------------------------

  @Test
  void checkWhenDeviationCoversTheAnswerThenItsSchemaReplacesTheSpecs() {
    Map<String, String> headers = Map.of("Content-Type", "application/json; charset=utf-8");
    OpenApiContract local =
        CONTRACT.withDeviation(
            Deviation.of(
                "serverless-offline's own 401 body",
                401,
                401,
                OFFLINE_ERROR_SCHEMA,
                "GET /mock",
                "GET /mock/admin"));

    assertThat(violation("GET", "/mock", 401, headers, OFFLINE_401)).isEqualTo(Reason.BODY_INVALID);
    assertThatCode(() -> local.check("GET", "/mock", 401, headers, OFFLINE_401))
        .doesNotThrowAnyException();
    assertThat(violation(local, "GET", "/mock", 401, headers, "{\"statusCode\":401}"))
        .isEqualTo(Reason.BODY_INVALID);
    // not its operation, not its status: the spec applies
    assertThat(violation(local, "DELETE", "/auth", 401, headers, OFFLINE_401))
        .isEqualTo(Reason.BODY_INVALID);
    assertThat(violation(local, "GET", "/mock", 503, headers, OFFLINE_401))
        .isEqualTo(Reason.BODY_INVALID);
  }

  @Test
  void checkWhenDeviationStandsForAStatusTheSpecLacksThenRejectsAsUndeclaredStatus() {
    OpenApiContract local =
        CONTRACT.withDeviation(
            Deviation.of(
                "a 403 that the spec never answers on /mock",
                403,
                403,
                OFFLINE_ERROR_SCHEMA,
                "GET /mock"));

    assertThat(violation(local, "GET", "/mock", 403, JSON_HEADERS, OFFLINE_401))
        .isEqualTo(Reason.UNDECLARED_STATUS);
  }

  @Test
  void checkWhenDeviationHasNoDeployedCounterpartThenOnlyItsSchemaApplies() {
    OpenApiContract local =
        CONTRACT.withDeviation(
            Deviation.of("a local-only guard", 400, 0, OFFLINE_ERROR_SCHEMA, "GET /mock"));

    assertThatCode(() -> local.check("GET", "/mock", 400, JSON_HEADERS, OFFLINE_401))
        .doesNotThrowAnyException();
    assertThat(violation(local, "GET", "/mock", 400, Map.of(), OFFLINE_401))
        .isEqualTo(Reason.MISSING_CONTENT_TYPE);
  }

  // --- over HTTP -------------------------------------------------------------------------------

  @Test
  void checkOverHttpWhenTheServerAnswersAsDeclaredThenAcceptedAndOtherwiseRejected()
      throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/mock", exchange -> answer(exchange, 418, "{\"error\":\"teapot\",\"message\":\"m\"}"));
    server.createContext("/auth/signup/confirm", exchange -> answer(exchange, 204, null));
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpResponse<String> confirmed =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/signup/confirm"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> teapot =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/mock")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThatCode(() -> CONTRACT.check(confirmed)).doesNotThrowAnyException();
      assertThat(
              catchThrowableOfType(ContractViolation.class, () -> CONTRACT.check(teapot)).reason())
          .isEqualTo(Reason.UNDECLARED_STATUS);
    } finally {
      server.stop(0);
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  // --- the spec agrees with itself -------------------------------------------------------------

  @Test
  void everyResponseExampleInTheSpecIsValidAgainstItsSchema() {
    List<String> problems = new ArrayList<>();
    int examples = 0;
    Located paths = new Located("paths", CONTRACT.spec().get("paths"), "/paths");
    for (String path : paths.node().propertyNames()) {
      Located item = paths.child(path);
      for (String method : item.node().propertyNames()) {
        Located responses = item.child(method).child("responses");
        for (String status : responses.node().propertyNames()) {
          Located content = CONTRACT.resolve(responses.child(status)).child("content");
          if (content.node() == null) {
            continue;
          }
          for (String mediaType : content.node().propertyNames()) {
            Located media = content.child(mediaType);
            List<JsonNode> values = new ArrayList<>();
            if (media.node().has("example")) {
              values.add(media.node().get("example"));
            }
            for (JsonNode example : media.node().path("examples")) {
              values.add(example.get("value"));
            }
            for (JsonNode value : values) {
              examples++;
              List<String> errors = CONTRACT.schemaErrors(media.child("schema").pointer(), value);
              if (!errors.isEmpty()) {
                problems.add(method + " " + path + " " + status + ": " + errors);
              }
            }
          }
        }
      }
    }

    assertThat(problems).isEmpty();
    assertThat(examples).as("response examples found").isGreaterThan(20);
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "/auth, /auth, true",
    "/users/{id}, /users/7, true",
    "/users/{id}, /users/, false",
    "/users/{id}, /users/7/x, false",
    "/auth, /auth/refresh, false"
  })
  void matchesWhenSegmentsAgreeThenTrue(String template, String path, boolean expected) {
    assertThat(OpenApiContract.matches(template, path)).isEqualTo(expected);
  }
}
