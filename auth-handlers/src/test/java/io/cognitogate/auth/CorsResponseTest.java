package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every auth handler, built from its environment as Lambda builds it, puts the CORS headers of
 * {@code CORS_ALLOW_ORIGIN} on every answer: success, 204, and each kind of error.
 */
class CorsResponseTest {

  private static final String APP = "https://app.example.com";
  private static final String LIST = APP + ",http://localhost:5173";

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  private static Map<String, String> environment(String corsAllowOrigin) {
    Map<String, String> env = cognito.environment();
    env.put("CORS_ALLOW_ORIGIN", corsAllowOrigin);
    return env;
  }

  private static APIGatewayProxyRequestEvent fromBrowser(
      String method, String body, String origin) {
    APIGatewayProxyRequestEvent event = Events.request(method, "/auth", body);
    event.getHeaders().put("origin", origin);
    return event;
  }

  static Stream<Arguments> handlers() {
    Stream<
            Function<
                Map<String, String>,
                RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>>
        constructors =
            Stream.of(
                LoginHandler::new,
                ChallengeHandler::new,
                RefreshHandler::new,
                LogoutHandler::new,
                SignUpHandler::new,
                ConfirmSignUpHandler::new,
                ResendCodeHandler::new,
                ForgotPasswordHandler::new,
                ResetPasswordHandler::new);
    return constructors.map(
        constructor -> {
          RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
              constructor.apply(environment(LIST));
          return Arguments.of(handler.getClass().getSimpleName(), handler);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handlers")
  void handleWhenBodyInvalidAndOriginAllowedThen400CarriesConfiguredOrigin(
      String name,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(fromBrowser("POST", "[]", APP), null);

    assertError(response, 400, "invalid_request");
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", APP)
        .containsEntry("Vary", "Origin")
        .containsEntry("Cache-Control", "no-store");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handlers")
  void handleWhenOriginNotAllowedThenNoAllowOriginButVary(
      String name,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(fromBrowser("POST", "[]", "https://evil.example"), null);

    assertError(response, 400, "invalid_request");
    assertThat(response.getHeaders())
        .doesNotContainKey("Access-Control-Allow-Origin")
        .containsEntry("Vary", "Origin");
  }

  static Stream<Arguments> cognitoErrors() {
    return Stream.of(
        Arguments.of("NotAuthorizedException", 400, 401, "invalid_credentials"),
        Arguments.of("UserNotConfirmedException", 400, 403, "user_not_confirmed"),
        Arguments.of("TooManyRequestsException", 400, 429, "too_many_requests"),
        Arguments.of("InternalErrorException", 500, 502, "upstream_error"),
        Arguments.of("ResourceNotFoundException", 400, 500, "internal_error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cognitoErrors")
  void loginWhenCognitoFailsThenErrorCarriesConfiguredOrigin(
      String type, int cognitoStatus, int status, String error) {
    cognito.failAny("InitiateAuth", cognitoStatus, type, "no");
    LoginHandler handler = new LoginHandler(environment(LIST));

    APIGatewayProxyResponseEvent response =
        handler.handleRequest(
            fromBrowser("PUT", Events.json("username", "alice", "password", "Passw0rd!"), APP),
            null);

    assertError(response, status, error);
    assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", APP);
  }

  @Test
  void signUpWhenUsernameTakenThen409CarriesStar() {
    cognito.failAny("SignUp", 400, "UsernameExistsException", "no");
    SignUpHandler handler = new SignUpHandler(environment("*"));

    APIGatewayProxyResponseEvent response =
        handler.handleRequest(
            fromBrowser(
                "POST",
                Events.json(
                    "username", "sam", "email", "sam@example.com", "password", "Sam-Passw0rd!"),
                APP),
            null);

    assertError(response, 409, "username_exists");
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", "*")
        .doesNotContainKey("Vary");
  }

  @Test
  void loginWhenCognitoUnreachableThen503CarriesConfiguredOrigin() throws Exception {
    Map<String, String> env = cognito.unreachableEnvironment();
    env.put("CORS_ALLOW_ORIGIN", LIST);

    APIGatewayProxyResponseEvent response =
        new LoginHandler(env)
            .handleRequest(
                fromBrowser("PUT", Events.json("username", "alice", "password", "Passw0rd!"), APP),
                null);

    assertError(response, 503, "upstream_unavailable");
    assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", APP);
  }

  @Test
  void loginWhenTokensIssuedThen200CarriesConfiguredOrigin() {
    cognito.answerAny(
        "InitiateAuth",
        CognitoStub.authenticationResult(
            CognitoStub.accessToken("alice", "c1"), "id.c.1", "refresh.c.1.x.y"));

    APIGatewayProxyResponseEvent response =
        new LoginHandler(environment(LIST))
            .handleRequest(
                fromBrowser("PUT", Events.json("username", "alice", "password", "Passw0rd!"), APP),
                null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", APP)
        .containsEntry("Content-Type", "application/json");
  }

  @Test
  void logoutWhenRevokedThen204CarriesConfiguredOrigin() {
    cognito.answerAny("RevokeToken", "{}");

    APIGatewayProxyResponseEvent response =
        new LogoutHandler(environment(LIST))
            .handleRequest(
                fromBrowser("DELETE", Events.json("refresh_token", "refresh.c.1.x.y"), APP), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", APP)
        .containsEntry("Vary", "Origin");
  }

  @Test
  void logoutGlobalWhenNoBearerThen401CarriesConfiguredOriginAndChallenge() {
    APIGatewayProxyRequestEvent event = Events.globalLogout(null);
    event.getHeaders().put("Origin", APP);

    APIGatewayProxyResponseEvent response =
        new LogoutHandler(environment(LIST)).handleRequest(event, null);

    assertError(response, 401, "invalid_token");
    assertThat(response.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", APP)
        .containsKey("WWW-Authenticate");
  }

  @Test
  void handlerWhenCorsUnsetThenNoCorsHeaders() {
    APIGatewayProxyResponseEvent response =
        new LoginHandler(cognito.environment()).handleRequest(fromBrowser("PUT", "[]", APP), null);

    assertError(response, 400, "invalid_request");
    assertThat(response.getHeaders()).doesNotContainKeys("Access-Control-Allow-Origin", "Vary");
  }

  @Test
  void handlerWhenCorsMalformedThenConstructorFailsNamingTheVariableOnly() {
    Map<String, String> env = environment("https://app.example.com/");

    assertThatThrownBy(() -> new LoginHandler(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORS_ALLOW_ORIGIN")
        .hasMessageNotContaining("app.example.com");
    assertThatThrownBy(() -> new LogoutHandler(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORS_ALLOW_ORIGIN");
    assertThatThrownBy(() -> new ResetPasswordHandler(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORS_ALLOW_ORIGIN");
  }
}
