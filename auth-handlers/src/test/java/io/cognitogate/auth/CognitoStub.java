package io.cognitogate.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * WireMock standing in for the Cognito endpoint at the protocol level: AWS JSON 1.1 over POST /,
 * the operation in {@code X-Amz-Target}, errors as HTTP 400 with {@code __type} and {@code
 * message}. Stubs match the exact request the SDK must send; anything else gets WireMock's 404,
 * which the handlers turn into a 502 that the tests then fail on. As a JUnit extension
 * ({@code @RegisterExtension static final CognitoStub cognito = new CognitoStub();}) it forgets
 * every stub before each test and stops after the class.
 */
final class CognitoStub implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

  static final String POOL_ID = "us-east-1_TestPool1";
  static final String CLIENT_ID = "client123";
  static final String CLIENT_SECRET = "s3cr3t-value";
  static final String AMZ_JSON = "application/x-amz-json-1.1";

  final WireMockServer server;

  CognitoStub() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The function environment as serverless.yml would set it, pointed at this stub. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", POOL_ID);
    env.put("APP_CLIENT_ID", CLIENT_ID);
    env.put("APP_CLIENT_SECRET", CLIENT_SECRET);
    env.put("COGNITO_ENDPOINT", endpoint());
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  /** The same environment, pointed at a loopback port where nothing listens (Cognito down). */
  Map<String, String> unreachableEnvironment() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = environment();
    env.put("COGNITO_ENDPOINT", "http://127.0.0.1:" + closedPort);
    return env;
  }

  static MappingBuilder operation(String target, String requestJson) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService." + target))
        .withHeader("Content-Type", equalTo(AMZ_JSON))
        .withRequestBody(equalToJson(requestJson));
  }

  void answer(String target, String requestJson, String responseJson) {
    server.stubFor(
        operation(target, requestJson)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", AMZ_JSON)
                    .withHeader("x-amzn-RequestId", "req-ok")
                    .withBody(responseJson)));
  }

  void fail(String target, String requestJson, int status, String type, String message) {
    server.stubFor(operation(target, requestJson).willReturn(error(status, type, message)));
  }

  /** Any request to {@code target}, whatever its body, gets Cognito's error {@code type}. */
  void failAny(String target, int status, String type, String message) {
    server.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService." + target))
            .willReturn(error(status, type, message)));
  }

  /** Any request to {@code target}, whatever its body, gets 200 with {@code body}. */
  void answerAny(String target, String body) {
    server.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService." + target))
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", AMZ_JSON).withBody(body)));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", AMZ_JSON)
        .withHeader("x-amzn-RequestId", "req-err")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  /** SECRET_HASH computed here, independently of the code under test. */
  static String secretHash(String secret, String username, String clientId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An access token shaped like Cognito's (the handlers only read username/exp/iat from it). */
  static String accessToken(String username, String marker) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\""
                    + username
                    + "\",\"token_use\":\"access\","
                    + "\"client_id\":\""
                    + CLIENT_ID
                    + "\",\"username\":\""
                    + username
                    + "\",\"iat\":1700000000,"
                    + "\"exp\":1700003600,\"jti\":\""
                    + marker
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    return header
        + "."
        + payload
        + "."
        + b64.encodeToString(marker.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Cognito's AuthenticationResult JSON; {@code refreshToken} null leaves it out, as on a refresh.
   */
  static String authenticationResult(String accessToken, String idToken, String refreshToken) {
    return "{\"AuthenticationResult\":{\"AccessToken\":\""
        + accessToken
        + "\",\"ExpiresIn\":3600,"
        + "\"IdToken\":\""
        + idToken
        + "\","
        + (refreshToken == null ? "" : "\"RefreshToken\":\"" + refreshToken + "\",")
        + "\"TokenType\":\"Bearer\"},\"ChallengeParameters\":{}}";
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.resetAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.stop();
  }
}
