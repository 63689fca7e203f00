package io.cognitogate.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cognitogate.auth.CognitoStub.CLIENT_ID;
import static io.cognitogate.auth.CognitoStub.CLIENT_SECRET;
import static io.cognitogate.auth.CognitoStub.accessToken;
import static io.cognitogate.auth.CognitoStub.authenticationResult;
import static io.cognitogate.auth.CognitoStub.secretHash;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.testkit.ClassLoadTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login function's SnapStart priming, measured as far as a JVM without CRaC allows: a fresh JVM
 * ({@link LoginProbe}) builds the handler from its environment (Cognito at WireMock, which answers
 * InitiateAuth as Cognito does), runs {@code beforeCheckpoint} and {@code afterRestore}, then
 * serves logins. Each login's section must load no class; the priming itself must never reach the
 * endpoint the function is configured with.
 */
class LoginPrimingIT {
  static final String ORIGIN = "https://app.example.com";
  static final long STORED_MILLIS = 200;

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  @TempDir Path home;

  @BeforeEach
  void stubs() {
    cognito.answer(
        "InitiateAuth",
        initiateAuth("alice", "Passw0rd!"),
        authenticationResult(accessToken("alice", "a1"), "id.tok.en", "refresh.tok.en.x.y"));
    cognito.fail(
        "InitiateAuth",
        initiateAuth("bob", "wrong-password"),
        400,
        "NotAuthorizedException",
        "Incorrect username or password.");
    cognito.fail(
        "InitiateAuth",
        initiateAuth("dave", "Passw0rd!"),
        400,
        "UserNotConfirmedException",
        "User is not confirmed.");
    cognito.answer(
        "InitiateAuth",
        initiateAuth("erin", "Temp0rary!"),
        "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"Session\":\"session-abc\",\"ChallengeParameters\":"
            + "{\"USER_ID_FOR_SRP\":\"6f1c-erin-sub\",\"requiredAttributes\":\"[]\","
            + "\"userAttributes\":\"{\\\"email\\\":\\\"erin@example.com\\\"}\"}}");
  }

  static String initiateAuth(String username, String password) {
    return "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
        + CLIENT_ID
        + "\",\"AuthParameters\":{"
        + "\"USERNAME\":\""
        + username
        + "\",\"PASSWORD\":\""
        + password
        + "\",\"SECRET_HASH\":\""
        + secretHash(CLIENT_SECRET, username, CLIENT_ID)
        + "\"}}";
  }

  /**
   * The function environment as serverless.yml sets it, Cognito at WireMock; nothing else is
   * inherited.
   */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(cognito.environment());
    env.put("CORS_ALLOW_ORIGIN", ORIGIN);
    env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
    return env;
  }

  static ClassLoadTrace trace(Map<String, String> env, Map<String, String> bodies) {
    List<String> arguments = new ArrayList<>();
    arguments.add(Long.toString(STORED_MILLIS));
    arguments.add(ORIGIN);
    bodies.forEach(
        (name, body) -> {
          arguments.add(name);
          arguments.add(body);
        });
    ClassLoadTrace trace =
        ClassLoadTrace.run(LoginProbe.class, env, List.of("-XX:TieredStopAtLevel=1"), arguments);
    System.out.println("LoginProbe classes loaded per section:\n" + trace.summary());
    assertThat(trace.exitCode()).as("probe exit code; stderr: %s", trace.stderr()).isZero();
    assertThat(trace.loadedIn("control"))
        .as("the trace sees a class first used after the restore")
        .containsExactly(LoginProbe.Control.class.getName());
    assertThat(trace.loadedIn("afterRestore"))
        .as("classes loaded by the restore hook (restore time)")
        .isEmpty();
    Map<String, List<String>> late = new LinkedHashMap<>();
    for (String name : bodies.keySet()) {
      List<String> classes = trace.loadedIn(LoginProbe.REQUEST + name);
      if (!classes.isEmpty()) {
        late.put(name, classes);
      }
    }
    assertThat(late)
        .as("classes loaded by logins after beforeCheckpoint and afterRestore, by login")
        .isEmpty();
    return trace;
  }

  static String result(ClassLoadTrace trace, String name) {
    String prefix = LoginProbe.RESULT + name + ' ';
    return trace.outputOf("results").stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }

  static String login(String username, String password) {
    return Events.json("username", username, "password", password);
  }

  @Test
  void firstLoginsAfterRestoreThenLoadNoClassAndThePrimingNeverReachedCognito() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("tokens", login("alice", "Passw0rd!"));
    bodies.put("wrongPassword", login("bob", "wrong-password"));
    bodies.put("notConfirmed", login("dave", "Passw0rd!"));
    bodies.put("newPasswordRequired", login("erin", "Temp0rary!"));
    bodies.put("noPassword", Events.json("username", "alice"));
    bodies.put("notJson", "username=alice&password=x");
    for (int i = 0; i < 20; i++) {
      bodies.put("again" + i, login("alice", "Passw0rd!"));
    }

    ClassLoadTrace trace = trace(environment(), bodies);

    assertThat(result(trace, "tokens")).isEqualTo("200 " + ORIGIN);
    assertThat(result(trace, "wrongPassword")).isEqualTo("401 " + ORIGIN);
    assertThat(result(trace, "notConfirmed")).isEqualTo("403 " + ORIGIN);
    assertThat(result(trace, "newPasswordRequired")).isEqualTo("200 " + ORIGIN);
    assertThat(result(trace, "noPassword")).isEqualTo("400 " + ORIGIN);
    assertThat(result(trace, "notJson")).isEqualTo("400 " + ORIGIN);
    assertThat(result(trace, "again19")).isEqualTo("200 " + ORIGIN);
    assertThat(trace.outputOf("beforeCheckpoint"))
        .as("the priming's own log")
        .containsExactly(
            "{\"level\":\"INFO\",\"event\":\"snapstart_checkpoint\",\"detail\":\"primed\"}");
    // the real logins only: 3 answered once each, tokens 21 times; no priming request got here
    cognito.server.verify(
        3 + 21,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.InitiateAuth")));
    assertThat(cognito.server.getAllServeEvents()).hasSize(3 + 21);
  }
}
