package io.cognitogate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.auth.cognito.CognitoGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login function's SnapStart hook called directly (outside a CRaC JVM org.crac's global context
 * is a no-op): its canned Cognito answers come out as Cognito's would, and the endpoint the
 * function is configured with (WireMock here) never sees a priming request. Class loading:
 * LoginPrimingIT.
 */
class LoginPrimingTest {

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  @Test
  void primeWhenRunThenEveryCannedAnswerIsReadAsCognitosAndTheConfiguredEndpointSeesNothing() {
    LoginPriming hooks = new LoginHandler(cognito.environment()).snapStartHooks();

    assertThat(hooks.prime()).isTrue();
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void beforeCheckpointWhenPrimedThenLogsOneLineAndNoSignInFailure() {
    LoginPriming hooks = new LoginHandler(cognito.environment()).snapStartHooks();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      hooks.beforeCheckpoint(null);
      hooks.afterRestore(null);
    } finally {
      System.setOut(out);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "{\"level\":\"INFO\",\"event\":\"snapstart_checkpoint\",\"detail\":\"primed\"}",
            "{\"level\":\"INFO\",\"event\":\"snapstart_restore\",\"detail\":\"nothing to forget\"}");
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void handlerWhenBuiltOverAGivenGatewayThenRegistersNoHook() {
    LoginHandler handler = new LoginHandler(CognitoGateway.fromEnvironment(cognito.environment()));

    assertThat(handler.snapStartHooks()).isNull();
    assertThat(new LoginHandler(cognito.environment()).snapStartHooks()).isNotNull();
  }
}
