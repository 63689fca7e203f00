package io.cognitogate.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.cognitogate.cors.CorsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mock route's copy of the CORS rules ({@code CORS_ALLOW_ORIGIN}), on real API Gateway events.
 */
class MockCorsTest {

  private static final String APP = "https://app.example.com";
  private static final String DEV = "http://localhost:5173";

  private static MockHandler handler(String corsAllowOrigin) {
    Map<String, String> env = new HashMap<>();
    if (corsAllowOrigin != null) {
      env.put("CORS_ALLOW_ORIGIN", corsAllowOrigin);
    }
    return new MockHandler(
        new PrintStream(new ByteArrayOutputStream()), CorsPolicy.fromEnvironment(env));
  }

  /**
   * The API Gateway fixture with {@code name: value} added to headers and multiValueHeaders, as API
   * Gateway does.
   */
  private static APIGatewayProxyRequestEvent fixture(String name, String value) throws Exception {
    PojoSerializer<APIGatewayProxyRequestEvent> in =
        LambdaEventSerializers.serializerFor(
            APIGatewayProxyRequestEvent.class, MockCorsTest.class.getClassLoader());
    APIGatewayProxyRequestEvent event;
    try (InputStream stream =
        MockCorsTest.class.getResourceAsStream("/events/mock-get-authorized.json")) {
      event = in.fromJson(stream);
    }
    if (name != null) {
      Map<String, String> headers = new HashMap<>(event.getHeaders());
      headers.put(name, value);
      Map<String, List<String>> multi = new HashMap<>(event.getMultiValueHeaders());
      multi.put(name, new ArrayList<>(List.of(value)));
      event.withHeaders(headers).withMultiValueHeaders(multi);
    }
    return event;
  }

  static Stream<Arguments> origins() {
    return Stream.of(
        Arguments.of("allowed exact", "Origin", DEV, DEV),
        Arguments.of("lower-case header name", "origin", APP, APP),
        Arguments.of("not allowed", "Origin", "https://evil.example", null),
        // exact match only: browsers send scheme and host lowercased, so this is no browser's
        // origin
        Arguments.of("upper-case host", "Origin", "http://LOCALHOST:5173", null),
        Arguments.of("CR LF appended", "Origin", DEV + "\r\nSet-Cookie: a=b", null),
        Arguments.of("second origin appended", "Origin", APP + ", https://evil", null),
        Arguments.of("missing Origin", null, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("origins")
  void responseWhenOriginListedThenEchoesConfiguredOriginOnlyOnExactMatch(
      String name, String header, String value, String expected) throws Exception {
    APIGatewayProxyResponseEvent response =
        handler(APP + "," + DEV).handleRequest(fixture(header, value), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo(expected);
    assertThat(response.getHeaders())
        .containsEntry("Vary", "Origin")
        .containsEntry("Content-Type", "application/json")
        .doesNotContainKey("Access-Control-Allow-Credentials");
  }

  @Test
  void responseWhenOnlyMultiValueHeadersOrNoHeadersThenStillDecided() throws Exception {
    APIGatewayProxyRequestEvent multiOnly =
        fixture(null, null).withHeaders(null).withMultiValueHeaders(Map.of("Origin", List.of(DEV)));
    APIGatewayProxyRequestEvent none =
        fixture(null, null).withHeaders(null).withMultiValueHeaders(null);

    assertThat(handler(DEV).handleRequest(multiOnly, null).getHeaders())
        .containsEntry("Access-Control-Allow-Origin", DEV);
    assertThat(handler(DEV).handleRequest(none, null).getHeaders())
        .doesNotContainKey("Access-Control-Allow-Origin")
        .containsEntry("Vary", "Origin");
  }

  @Test
  void responseWhenAnyOriginThenStar() throws Exception {
    APIGatewayProxyResponseEvent response =
        handler("*").handleRequest(fixture("Origin", DEV), null);

    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", "*")
        .doesNotContainKey("Vary");
  }

  @Test
  void responseWhenMisconfiguredRoute500ThenCarriesTheHeaderToo() throws Exception {
    APIGatewayProxyRequestEvent event = fixture("Origin", DEV);
    event.getRequestContext().setAuthorizer(null);

    APIGatewayProxyResponseEvent star = handler("*").handleRequest(event, null);
    APIGatewayProxyResponseEvent listed = handler(DEV).handleRequest(event, null);

    assertThat(star.getStatusCode()).isEqualTo(500);
    assertThat(star.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
    assertThat(listed.getStatusCode()).isEqualTo(500);
    assertThat(listed.getHeaders()).containsEntry("Access-Control-Allow-Origin", DEV);
    assertThat(handler(DEV).handleRequest(null, null).getHeaders())
        .containsEntry("Vary", "Origin")
        .doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void responseWhenUnsetThenNoCorsHeaders() throws Exception {
    APIGatewayProxyResponseEvent response =
        handler(null).handleRequest(fixture("Origin", DEV), null);

    assertThat(response.getHeaders()).doesNotContainKeys("Access-Control-Allow-Origin", "Vary");
    assertThat(
            new MockHandler(Map.of("CORS_ALLOW_ORIGIN", ""))
                .handleRequest(fixture("Origin", DEV), null)
                .getHeaders())
        .doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void responseWhenSerializedByLambdaRuntimeSerializerThenHeadersInTheProxyShape()
      throws Exception {
    PojoSerializer<APIGatewayProxyResponseEvent> out =
        LambdaEventSerializers.serializerFor(
            APIGatewayProxyResponseEvent.class, getClass().getClassLoader());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    out.toJson(handler(DEV).handleRequest(fixture("Origin", DEV), null), bytes);

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"Access-Control-Allow-Origin\":\"" + DEV + "\"")
        .contains("\"Vary\":\"Origin\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com/",
        "app.example.com",
        "null",
        "https://App.example.com",
        "*,https://app.example.com",
        "https://a.example,,https://b.example",
        "https://app.example.com:443",
        "http://localhost:99999",
        "https://a.example\r\nX: y",
        "https://*.example.com"
      })
  void constructorWhenValueMalformedThenFailsNamingTheVariableNotTheValue(String value) {
    assertThatThrownBy(() -> new MockHandler(Map.of("CORS_ALLOW_ORIGIN", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CORS_ALLOW_ORIGIN ")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("example")
                    .doesNotContain("localhost")
                    .doesNotContain(value));
  }
}
