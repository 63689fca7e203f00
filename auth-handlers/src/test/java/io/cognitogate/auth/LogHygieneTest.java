package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoStub.accessToken;
import static io.cognitogate.auth.CognitoStub.authenticationResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route and error path, with stdout and stderr captured: no password, token, session or
 * client secret may appear in any line, while the lines that must exist (failures,
 * misconfiguration) do. Runs the SDK, the stub and the handlers in this JVM, so their output is
 * captured too.
 */
class LogHygieneTest {

  private static final String PASSWORD = "PwdSecret-11!";
  private static final String NEW_PASSWORD = "NewPwdSecret-22!";
  private static final String SESSION = "SessionSecret33";
  private static final String FETCHED_SECRET = "FetchedClientSecret44";
  private static final String ACCESS = accessToken("alice", "AccessMarker55");
  private static final String ID_TOKEN = "IdTokenSecret66.x.y";
  private static final String REFRESH = "RefreshTokenSecret77.a.b.c.d";
  private static final String CODE = "CodeSecret88";
  private static final String EMAIL = "EmailMarker99@example.com";

  private final List<APIGatewayProxyResponseEvent> responses = new ArrayList<>();

  @Test
  void handleWhenEveryRouteAndErrorPathRunsThenNoSecretReachesAnyLogLine() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try (CognitoStub cognito = new CognitoStub()) {
      runEveryPath(cognito);
      runAccountPaths(cognito);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(responses).hasSizeGreaterThan(25);
    assertThat(log)
        .contains("cognito_misconfiguration")
        .contains("bad_request")
        .contains("UNAVAILABLE")
        .contains("INVALID_CREDENTIALS")
        .contains("THROTTLED")
        .contains("PASSWORD_POLICY")
        .contains("INVALID_CODE")
        .contains("EXPIRED_CODE")
        .contains("\"route\":\"password_reset\"");
    for (String secret :
        List.of(
            PASSWORD,
            NEW_PASSWORD,
            SESSION,
            CognitoStub.CLIENT_SECRET,
            FETCHED_SECRET,
            ACCESS,
            "AccessMarker55",
            ID_TOKEN,
            REFRESH,
            "RefreshTokenSecret77",
            "YWxpY2U6UHdk",
            CODE,
            "EmailMarker99")) {
      assertThat(log).as("log must not contain a secret").doesNotContain(secret);
    }
  }

  private void runEveryPath(CognitoStub cognito) throws Exception {
    Map<String, String> env = cognito.environment();
    LoginHandler login = new LoginHandler(env);
    ChallengeHandler challenge = new ChallengeHandler(env);
    RefreshHandler refresh = new RefreshHandler(env);
    LogoutHandler logout = new LogoutHandler(env);
    String loginBody = Events.json("username", "alice", "password", PASSWORD);
    String challengeBody =
        Events.json("username", "alice", "session", SESSION, "new_password", NEW_PASSWORD);
    String refreshBody = Events.json("username", "alice", "refresh_token", REFRESH);
    String logoutBody = Events.json("refresh_token", REFRESH);

    ok(cognito, "InitiateAuth", authenticationResult(ACCESS, ID_TOKEN, REFRESH));
    responses.add(login.handleRequest(Events.login(loginBody), null));
    responses.add(refresh.handleRequest(Events.refresh(refreshBody), null));
    ok(
        cognito,
        "InitiateAuth",
        "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"Session\":\""
            + SESSION
            + "\",\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\"alice\"}}");
    responses.add(login.handleRequest(Events.login(loginBody), null));
    ok(cognito, "RespondToAuthChallenge", authenticationResult(ACCESS, ID_TOKEN, REFRESH));
    responses.add(challenge.handleRequest(Events.challenge(challengeBody), null));
    ok(cognito, "RevokeToken", "{}");
    responses.add(logout.handleRequest(Events.logout(logoutBody), null));
    ok(cognito, "GlobalSignOut", "{}");
    responses.add(logout.handleRequest(Events.globalLogout("Bearer " + ACCESS), null));

    String[][] loginErrors = {
      {"NotAuthorizedException", "Incorrect username or password."},
      {"UserNotFoundException", "User does not exist."},
      {"InvalidPasswordException", "Invalid password"},
      {"NotAuthorizedException", "Password attempts exceeded"},
      {"TooManyRequestsException", "Rate exceeded"},
      {"UserNotConfirmedException", "User is not confirmed."},
      {"PasswordResetRequiredException", "Password reset required"},
      {"NotAuthorizedException", "Unable to verify secret hash for client client123"},
      {"InternalErrorException", "Internal error"},
    };
    for (String[] error : loginErrors) {
      fail(cognito, "InitiateAuth", error[0], error[1]);
      responses.add(login.handleRequest(Events.login(loginBody), null));
      responses.add(refresh.handleRequest(Events.refresh(refreshBody), null));
    }
    fail(
        cognito,
        "RespondToAuthChallenge",
        "NotAuthorizedException",
        "Invalid session for the user.");
    responses.add(challenge.handleRequest(Events.challenge(challengeBody), null));
    fail(
        cognito,
        "RespondToAuthChallenge",
        "InvalidPasswordException",
        "Password does not conform to policy");
    responses.add(challenge.handleRequest(Events.challenge(challengeBody), null));
    fail(cognito, "RevokeToken", "NotAuthorizedException", "Refresh Token has been revoked");
    responses.add(logout.handleRequest(Events.logout(logoutBody), null));
    fail(
        cognito, "RevokeToken", "UnsupportedOperationException", "Token revocation is not enabled");
    responses.add(logout.handleRequest(Events.logout(logoutBody), null));
    fail(cognito, "GlobalSignOut", "NotAuthorizedException", "Access Token has been revoked");
    responses.add(logout.handleRequest(Events.globalLogout("Bearer " + ACCESS), null));
    fail(cognito, "GlobalSignOut", "NotAuthorizedException", "Access Token has expired");
    responses.add(logout.handleRequest(Events.globalLogout("Bearer " + ACCESS), null));
    responses.add(logout.handleRequest(Events.globalLogout("Basic YWxpY2U6UHdk"), null));
    responses.add(logout.handleRequest(Events.globalLogout(null), null));

    // malformed bodies that carry secrets in the wrong place
    responses.add(
        login.handleRequest(
            Events.login("{\"username\":\"alice\",\"password\":[\"" + PASSWORD + "\"]}"), null));
    responses.add(
        login.handleRequest(
            Events.login("{\"username\":\"" + PASSWORD + " x\",\"password\":\"p\"}"), null));
    responses.add(login.handleRequest(Events.login("{\"password\":\"" + PASSWORD + "\""), null));
    responses.add(
        challenge.handleRequest(Events.challenge("{\"session\":\"" + SESSION + "\"}"), null));
    responses.add(
        refresh.handleRequest(
            Events.refresh(Events.json("username", "alice", "refresh_token", REFRESH + " !")),
            null));
    responses.add(
        logout.handleRequest(
            Events.logout("{\"refresh_token\":{\"t\":\"" + REFRESH + "\"}}"), null));

    // secret from DescribeUserPoolClient, first failing at init, then fetched
    cognito.server.resetAll();
    fail(cognito, "DescribeUserPoolClient", "InternalErrorException", "Internal error");
    Map<String, String> fetchEnv = cognito.environment();
    fetchEnv.remove("APP_CLIENT_SECRET");
    LoginHandler fetching = new LoginHandler(fetchEnv);
    responses.add(fetching.handleRequest(Events.login(loginBody), null));
    ok(
        cognito,
        "DescribeUserPoolClient",
        "{\"UserPoolClient\":{\"ClientId\":\"client123\",\"ClientSecret\":\""
            + FETCHED_SECRET
            + "\"}}");
    ok(cognito, "InitiateAuth", authenticationResult(ACCESS, ID_TOKEN, REFRESH));
    responses.add(fetching.handleRequest(Events.login(loginBody), null));
    fail(
        cognito,
        "InitiateAuth",
        "NotAuthorizedException",
        "Unable to verify secret hash for client client123");
    responses.add(fetching.handleRequest(Events.login(loginBody), null));

    // Cognito unreachable
    Map<String, String> downEnv = cognito.unreachableEnvironment();
    responses.add(new LoginHandler(downEnv).handleRequest(Events.login(loginBody), null));
    responses.add(new LogoutHandler(downEnv).handleRequest(Events.logout(logoutBody), null));
  }

  /** The account-lifecycle routes: success, every error type, malformed bodies, Cognito down. */
  private void runAccountPaths(CognitoStub cognito) throws Exception {
    cognito.server.resetAll();
    Map<String, String> env = cognito.environment();
    env.put("PASSWORD_POLICY", "MinimumLength=8,RequireNumbers");
    SignUpHandler signUp = new SignUpHandler(env);
    ConfirmSignUpHandler confirm = new ConfirmSignUpHandler(env);
    ResendCodeHandler resend = new ResendCodeHandler(env);
    ForgotPasswordHandler forgot = new ForgotPasswordHandler(env);
    ResetPasswordHandler reset = new ResetPasswordHandler(env);
    String signUpBody = Events.json("username", "sam", "email", EMAIL, "password", PASSWORD);
    String confirmBody = Events.json("username", "sam", "code", CODE);
    String userBody = Events.json("username", "sam");
    String resetBody = Events.json("username", "sam", "code", CODE, "new_password", NEW_PASSWORD);
    Runnable everyRoute =
        () -> {
          responses.add(
              signUp.handleRequest(Events.request("POST", "/auth/signup", signUpBody), null));
          responses.add(
              confirm.handleRequest(
                  Events.request("POST", "/auth/signup/confirm", confirmBody), null));
          responses.add(
              resend.handleRequest(Events.request("POST", "/auth/signup/resend", userBody), null));
          responses.add(
              forgot.handleRequest(
                  Events.request("POST", "/auth/password/forgot", userBody), null));
          responses.add(
              reset.handleRequest(Events.request("POST", "/auth/password/reset", resetBody), null));
        };

    ok(
        cognito,
        "SignUp",
        "{\"UserConfirmed\":false,\"CodeDeliveryDetails\":{\"DeliveryMedium\":\"EMAIL\","
            + "\"Destination\":\""
            + EMAIL
            + "\"}}");
    for (String target :
        List.of(
            "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword")) {
      ok(cognito, target, "{}");
    }
    everyRoute.run();
    String[][] errors = {
      {
        "InvalidPasswordException", "Password did not conform with policy: Password not long enough"
      },
      {"CodeMismatchException", "Invalid verification code provided, please try again."},
      {"ExpiredCodeException", "Invalid code provided, please request a code again."},
      {"UsernameExistsException", "User already exists"},
      {"UserNotFoundException", "Username/client id combination not found."},
      {"NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"},
      {"InvalidParameterException", "Invalid email address format."},
      {"LimitExceededException", "Attempt limit exceeded, please try after some time."},
      {"NotAuthorizedException", "Unable to verify secret hash for client client123"},
      {"CodeDeliveryFailureException", "Unable to deliver the message"},
    };
    for (String[] error : errors) {
      for (String target :
          List.of(
              "SignUp",
              "ConfirmSignUp",
              "ResendConfirmationCode",
              "ForgotPassword",
              "ConfirmForgotPassword")) {
        fail(cognito, target, error[0], error[1]);
      }
      everyRoute.run();
    }

    // malformed bodies that carry secrets in the wrong place
    responses.add(
        signUp.handleRequest(
            Events.request(
                "POST",
                "/auth/signup",
                "{\"username\":\"sam\",\"email\":\""
                    + EMAIL
                    + "\",\"password\":[\""
                    + PASSWORD
                    + "\"]}"),
            null));
    responses.add(
        confirm.handleRequest(
            Events.request(
                "POST",
                "/auth/signup/confirm",
                "{\"username\":\"sam\"," + "\"code\":\"" + CODE + " \"}"),
            null));
    responses.add(
        reset.handleRequest(
            Events.request(
                "POST",
                "/auth/password/reset",
                "{\"username\":\"sam\","
                    + "\"code\":\""
                    + CODE
                    + "\",\"new_password\":\""
                    + NEW_PASSWORD
                    + "\u0001\"}"),
            null));
    responses.add(
        reset.handleRequest(
            Events.request("POST", "/auth/password/reset", "{\"code\":\"" + CODE + "\""), null));

    // Cognito unreachable
    Map<String, String> downEnv = cognito.unreachableEnvironment();
    responses.add(
        new ResetPasswordHandler(downEnv)
            .handleRequest(Events.request("POST", "/auth/password/reset", resetBody), null));
    responses.add(
        new SignUpHandler(downEnv)
            .handleRequest(Events.request("POST", "/auth/signup", signUpBody), null));
  }

  private static void ok(CognitoStub cognito, String target, String body) {
    cognito.answerAny(target, body);
  }

  private static void fail(CognitoStub cognito, String target, String type, String message) {
    cognito.failAny(target, 400, type, message);
  }
}
