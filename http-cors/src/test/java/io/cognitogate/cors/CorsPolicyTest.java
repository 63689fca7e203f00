package io.cognitogate.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorsPolicyTest {

  private static final String APP = "https://app.example.com";
  private static final String DEV = "http://localhost:5173";
  private static final CorsPolicy LIST = policy(APP + ", " + DEV);

  private static CorsPolicy policy(String value) {
    return CorsPolicy.fromEnvironment(Map.of(CorsPolicy.VARIABLE, value));
  }

  private static APIGatewayProxyRequestEvent withHeaders(Map<String, String> headers) {
    return new APIGatewayProxyRequestEvent().withHeaders(headers);
  }

  private static APIGatewayProxyRequestEvent withOrigin(String origin) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Origin", origin);
    return withHeaders(headers);
  }

  private static Map<String, String> headersOf(
      CorsPolicy policy, APIGatewayProxyRequestEvent request) {
    return policy
        .apply(request, errorResponse(400, Map.of("Content-Type", "application/json")))
        .getHeaders();
  }

  /** An error answer as the handlers build them: immutable headers of its own. */
  private static APIGatewayProxyResponseEvent errorResponse(
      int status, Map<String, String> headers) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody("{\"error\":\"invalid_request\"}");
  }

  // --- answering --------------------------------------------------------------------------------

  static Stream<Arguments> origins() {
    return Stream.of(
        Arguments.of("allowed exact", withOrigin(APP), APP),
        Arguments.of("second allowed exact", withOrigin(DEV), DEV),
        Arguments.of("not allowed", withOrigin("https://evil.example"), null),
        Arguments.of("allowed plus a path", withOrigin(APP + "/"), null),
        // exact match only: browsers serialize scheme and host in lowercase, so this is not one of
        // theirs
        Arguments.of("upper-case host", withOrigin("https://APP.example.com"), null),
        Arguments.of("upper-case scheme", withOrigin("HTTPS://app.example.com"), null),
        Arguments.of("CR LF appended", withOrigin(APP + "\r\nSet-Cookie: a=b"), null),
        Arguments.of("second origin appended", withOrigin(APP + ", https://evil"), null),
        Arguments.of("allowed prefix of the request", withOrigin(APP + ".evil.example"), null),
        Arguments.of(
            "missing Origin",
            withHeaders(new HashMap<>(Map.of("Content-Type", "text/plain"))),
            null),
        Arguments.of("null headers maps", new APIGatewayProxyRequestEvent(), null),
        Arguments.of("null request", null, null),
        Arguments.of("lower-case header name", withHeaders(Map.of("origin", APP)), APP),
        Arguments.of(
            "multiValueHeaders only",
            new APIGatewayProxyRequestEvent().withMultiValueHeaders(Map.of("ORIGIN", List.of(DEV))),
            DEV),
        Arguments.of(
            "two different Origin headers",
            new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("Origin", DEV))
                .withMultiValueHeaders(Map.of("Origin", List.of(APP, DEV))),
            null),
        Arguments.of(
            "headers and multiValueHeaders agree",
            new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("Origin", DEV))
                .withMultiValueHeaders(Map.of("origin", List.of(DEV))),
            DEV));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("origins")
  void responseWhenOriginListedThenEchoesConfiguredOriginOnlyOnExactMatch(
      String name, APIGatewayProxyRequestEvent request, String expected) {
    Map<String, String> headers = headersOf(LIST, request);

    if (expected == null) {
      assertThat(headers).doesNotContainKey("Access-Control-Allow-Origin");
    } else {
      assertThat(headers.get("Access-Control-Allow-Origin"))
          .isEqualTo(expected)
          .isSameAs(LIST.allowedOrigin(request));
    }
    assertThat(headers)
        .containsEntry("Vary", "Origin")
        .doesNotContainKey("Access-Control-Allow-Credentials");
    assertThat(headers).containsEntry("Content-Type", "application/json");
  }

  @Test
  void responseWhenOriginAllowedThenEchoesConfiguredOriginNotTheRequestText() {
    // a fresh String with the same text: the answer must be the configured instance
    APIGatewayProxyRequestEvent request = withOrigin(new String(APP.toCharArray()));

    assertThat(LIST.allowedOrigin(request))
        .isEqualTo(APP)
        .isNotSameAs(request.getHeaders().get("Origin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("origins")
  void responseWhenAnyOriginThenStarWithoutVary(
      String name, APIGatewayProxyRequestEvent request, String ignored) {
    Map<String, String> headers = headersOf(policy("*"), request);

    assertThat(headers)
        .containsEntry("Access-Control-Allow-Origin", "*")
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After")
        .doesNotContainKey("Vary")
        .doesNotContainKey("Access-Control-Allow-Credentials");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void responseWhenUnsetThenNoCorsHeaders(String value) {
    Map<String, String> env = new HashMap<>();
    if (!value.isEmpty()) {
      env.put(CorsPolicy.VARIABLE, value);
    }
    for (CorsPolicy policy :
        List.of(CorsPolicy.fromEnvironment(env), CorsPolicy.fromEnvironment(Map.of()))) {
      Map<String, String> headers = headersOf(policy, withOrigin(APP));

      assertThat(headers).doesNotContainKeys("Access-Control-Allow-Origin", "Vary");
    }
  }

  @Test
  void responseWhenErrorThenCarriesTheHeaderNextToItsOwn() {
    APIGatewayProxyResponseEvent response =
        LIST.apply(
            withOrigin(APP),
            errorResponse(
                401,
                Map.of(
                    "WWW-Authenticate",
                    "Bearer error=\"invalid_token\"",
                    "Cache-Control",
                    "no-store")));

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", APP)
        .containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .containsEntry("Cache-Control", "no-store")
        .as("browser code may read the scheme and Retry-After")
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
  }

  @Test
  void responseWhenOriginNotAllowedThenNothingExposed() {
    Map<String, String> headers = headersOf(LIST, withOrigin("https://evil.example"));

    assertThat(headers)
        .doesNotContainKeys("Access-Control-Allow-Origin", "Access-Control-Expose-Headers")
        .containsEntry("Vary", "Origin");
  }

  @Test
  void responseWhenHeadersImmutableOrMissingThenStillAnswers() {
    APIGatewayProxyResponseEvent immutable =
        new APIGatewayProxyResponseEvent()
            .withStatusCode(200)
            .withHeaders(Map.of("Vary", "Accept-Encoding"));
    APIGatewayProxyResponseEvent none = new APIGatewayProxyResponseEvent().withStatusCode(204);

    assertThat(LIST.apply(withOrigin(DEV), immutable).getHeaders())
        .containsEntry("Access-Control-Allow-Origin", DEV)
        .containsEntry("Vary", "Accept-Encoding, Origin");
    assertThat(LIST.apply(withOrigin(DEV), none).getHeaders())
        .containsEntry("Access-Control-Allow-Origin", DEV);
    assertThat(LIST.apply(withOrigin(DEV), null)).isNull();
  }

  // --- configuration ----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com",
        "http://localhost:5173",
        "https://a.example,https://b.example",
        " https://a.example , http://127.0.0.1:8080 ",
        "http://[::1]:3000",
        "https://xn--bcher-kva.example:8443"
      })
  void parseWhenOriginsWellFormedThenAccepted(String value) {
    CorsPolicy policy = policy(value);

    String first = value.split(",")[0].trim();
    assertThat(policy.allowedOrigin(withOrigin(first))).isEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com/",
        "https://app.example.com/path",
        "app.example.com",
        "ftp://files.example",
        "null",
        "https://App.Example.com",
        "HTTPS://app.example.com",
        "*,https://app.example.com",
        "https://app.example.com,*",
        "https://a.example,,https://b.example",
        "https://a.example,",
        "https://*.example.com",
        "https://app.example.com:443",
        "http://localhost:80",
        "http://localhost:0",
        "http://localhost:65536",
        "http://localhost:08080",
        "http://localhost:",
        "https://a.example\r\nX: y",
        "https://a..example",
        "https://.example",
        "https://user@app.example",
        "https://app.example.com?x=1",
        "http://[::1",
        "http://[]",
        "https://app example.com"
      })
  void parseWhenValueMalformedThenFailsNamingTheVariableNotTheValue(String value) {
    assertThatThrownBy(() -> policy(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CORS_ALLOW_ORIGIN ")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("example")
                    .doesNotContain("localhost")
                    .doesNotContain("::1")
                    .doesNotContain(value.trim()));
  }

  @Test
  void parseWhenOriginsDuplicatedThenStillOneHeaderValue() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(CorsPolicy.VARIABLE, APP + "," + APP);

    assertThat(headersOf(CorsPolicy.fromEnvironment(env), withOrigin(APP)))
        .containsEntry("Access-Control-Allow-Origin", APP);
  }
}
