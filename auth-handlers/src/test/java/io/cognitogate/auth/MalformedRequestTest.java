package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad bodies never reach Cognito: each is a 400 whose message names the field and not its value.
 */
class MalformedRequestTest {

  /** Every value below carries this marker, so an echo in the answer would show. */
  private static final String MARK = "Zq9x";

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();
  private static Map<
          String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
      handlers;

  @BeforeAll
  static void handlers() {
    Map<String, String> env = cognito.environment();
    handlers =
        Map.of(
            "login",
            new LoginHandler(env),
            "challenge",
            new ChallengeHandler(env),
            "refresh",
            new RefreshHandler(env),
            "logout",
            new LogoutHandler(env),
            "signup",
            new SignUpHandler(env),
            "confirm",
            new ConfirmSignUpHandler(env),
            "resend",
            new ResendCodeHandler(env),
            "forgot",
            new ForgotPasswordHandler(env),
            "reset",
            new ResetPasswordHandler(env));
  }

  static Stream<Arguments> malformed() {
    String big = "a".repeat(16 * 1024);
    return Stream.of(
        Arguments.of("login", null, "body"),
        Arguments.of("login", "", "body"),
        Arguments.of("login", "username=" + MARK, "body"),
        Arguments.of("login", "[\"" + MARK + "\"]", "body"),
        Arguments.of("login", "\"" + MARK + "\"", "body"),
        Arguments.of("login", "null", "body"),
        Arguments.of("login", "{\"username\":\"alice" + MARK + "\",", "body"),
        Arguments.of(
            "login", "{\"username\":\"alice\",\"password\":\"p" + MARK + "\"} trailing", "body"),
        Arguments.of("login", "{\"username\":\"alice\",\"password\":\"p" + MARK + "\"}{}", "body"),
        Arguments.of(
            "login",
            "{\"username\":\"alice\",\"password\":\"p" + MARK + "\",\"pad\":\"" + big + "\"}",
            "body"),
        Arguments.of("login", "{\"username\":\"alice" + MARK + "\"}", "password"),
        Arguments.of("login", "{\"password\":\"p" + MARK + "\"}", "username"),
        Arguments.of("login", "{\"username\":\"\",\"password\":\"p" + MARK + "\"}", "username"),
        Arguments.of(
            "login", "{\"username\":1234" + 9 + ",\"password\":\"p" + MARK + "\"}", "username"),
        Arguments.of("login", "{\"username\":\"alice\",\"password\":null}", "password"),
        Arguments.of("login", "{\"username\":[\"" + MARK + "\"],\"password\":\"p\"}", "username"),
        Arguments.of(
            "login", "{\"username\":{\"a\":\"" + MARK + "\"},\"password\":\"p\"}", "username"),
        Arguments.of("login", "{\"username\":true,\"password\":\"p\"}", "username"),
        Arguments.of(
            "login",
            "{\"username\":\"" + MARK + "a".repeat(125) + "\",\"password\":\"p\"}",
            "username"),
        Arguments.of(
            "login",
            "{\"username\":\"alice\",\"password\":\"" + MARK + "p".repeat(253) + "\"}",
            "password"),
        Arguments.of("login", "{\"username\":\"al " + MARK + "\",\"password\":\"p\"}", "username"),
        Arguments.of(
            "login", "{\"username\":\"al\\u0000" + MARK + "\",\"password\":\"p\"}", "username"),
        Arguments.of(
            "login", "{\"username\":\"alice\",\"password\":\"p\\n" + MARK + "\"}", "password"),
        Arguments.of(
            "login",
            "{\"username\":\"alice\",\"username\":\"" + MARK + "\",\"password\":\"p\"}",
            "username"),
        Arguments.of(
            "challenge", "{\"username\":\"u\",\"new_password\":\"n" + MARK + "\"}", "session"),
        Arguments.of(
            "challenge",
            "{\"username\":\"u\",\"session\":\"s" + MARK + "\",\"new_password\":\"\"}",
            "new_password"),
        Arguments.of(
            "challenge",
            "{\"username\":\"u\",\"session\":\""
                + MARK
                + "s".repeat(2045)
                + "\",\"new_password\":\"n\"}",
            "session"),
        Arguments.of(
            "challenge",
            "{\"username\":\"u\",\"session\":42,\"new_password\":\"n" + MARK + "\"}",
            "session"),
        Arguments.of("refresh", "{\"username\":\"u" + MARK + "\"}", "refresh_token"),
        Arguments.of("refresh", "{\"refresh_token\":\"a.b." + MARK + "\"}", "username"),
        Arguments.of(
            "refresh",
            "{\"username\":\"u\",\"refresh_token\":\"" + MARK + "a".repeat(8189) + "\"}",
            "refresh_token"),
        Arguments.of(
            "refresh",
            "{\"username\":\"u\",\"refresh_token\":{\"t\":\"" + MARK + "\"}}",
            "refresh_token"),
        Arguments.of("logout", "{}", "refresh_token"),
        Arguments.of("logout", "{\"refresh_token\":\"\",\"x\":\"" + MARK + "\"}", "refresh_token"),
        Arguments.of("logout", "{\"refresh_token\":12345}", "refresh_token"),
        Arguments.of("signup", "{\"username\":\"sam\",\"password\":\"p" + MARK + "\"}", "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\"sam" + MARK + "\",\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\"a@b@" + MARK + "\",\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\"@" + MARK + "\",\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\"" + MARK + "@\",\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\"s "
                + MARK
                + "@example.com\","
                + "\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":\""
                + MARK
                + "s".repeat(240)
                + "@example.com\",\"password\":\"p\"}",
            "email"),
        Arguments.of(
            "signup",
            "{\"username\":\"sam\",\"email\":[\"" + MARK + "@x\"],\"password\":\"p\"}",
            "email"),
        Arguments.of("signup", "{\"username\":\"sam\",\"email\":\"s@x\"}", "password"),
        Arguments.of(
            "signup",
            "{\"username\":\"s\\t" + MARK + "\",\"email\":\"s@x\",\"password\":\"p\"}",
            "username"),
        Arguments.of("confirm", "{\"username\":\"sam" + MARK + "\"}", "code"),
        Arguments.of("confirm", "{\"username\":\"sam\",\"code\":\"\"}", "code"),
        Arguments.of("confirm", "{\"username\":\"sam\",\"code\":1234" + 9 + "}", "code"),
        Arguments.of("confirm", "{\"username\":\"sam\",\"code\":\"12 " + MARK + "\"}", "code"),
        Arguments.of(
            "confirm",
            "{\"username\":\"sam\",\"code\":\"" + MARK + "1".repeat(2045) + "\"}",
            "code"),
        Arguments.of("confirm", "{\"code\":\"1" + MARK + "\"}", "username"),
        Arguments.of("resend", "{}", "username"),
        Arguments.of("resend", "{\"username\":[\"" + MARK + "\"]}", "username"),
        Arguments.of("forgot", "{\"username\":null}", "username"),
        Arguments.of("forgot", "username=" + MARK, "body"),
        Arguments.of("forgot", "{\"username\":\"rita\",\"username\":\"" + MARK + "\"}", "username"),
        Arguments.of("reset", "{\"username\":\"rita\",\"code\":\"1" + MARK + "\"}", "new_password"),
        Arguments.of("reset", "{\"username\":\"rita\",\"new_password\":\"n" + MARK + "\"}", "code"),
        Arguments.of(
            "reset",
            "{\"username\":\"rita\",\"code\":\"1\",\"new_password\":\""
                + MARK
                + "n".repeat(253)
                + "\"}",
            "new_password"),
        Arguments.of(
            "reset",
            "{\"username\":\"rita\",\"code\":\"1\",\"new_password\":\"n\\u0007" + MARK + "\"}",
            "new_password"),
        Arguments.of(
            "reset",
            "{\"username\":\"rita\",\"code\":{\"c\":\"" + MARK + "\"}," + "\"new_password\":\"n\"}",
            "code"));
  }

  @ParameterizedTest(name = "{0} {2}: {1}")
  @MethodSource("malformed")
  void handleWhenBodyMalformedThenBadRequestNamingFieldWithoutEcho(
      String route, String body, String field) {
    APIGatewayProxyResponseEvent response =
        handlers.get(route).handleRequest(Events.request("PUT", "/auth", body), null);

    assertError(response, 400, "invalid_request");
    String message = Bodies.text(response, "message");
    assertThat(message).startsWith(field + " ").doesNotContain(MARK).doesNotContain("12349");
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("base64Bodies")
  void handleWhenBodyBase64EncodedThenDecodedBeforeChecks(String body, String field) {
    APIGatewayProxyResponseEvent response =
        handlers
            .get("login")
            .handleRequest(Events.request("PUT", "/auth", body).withIsBase64Encoded(true), null);

    assertError(response, 400, "invalid_request");
    assertThat(Bodies.text(response, "message")).startsWith(field + " ");
  }

  static Stream<Arguments> base64Bodies() {
    return Stream.of(
        Arguments.of("%%%not-base64" + MARK, "body"),
        Arguments.of(
            java.util.Base64.getEncoder()
                .encodeToString(
                    "{\"username\":\"alice\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "password"));
  }
}
