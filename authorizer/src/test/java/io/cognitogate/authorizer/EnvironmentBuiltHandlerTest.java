package io.cognitogate.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of handlers built as Lambda builds them share: a real JWKS endpoint over HTTP, the
 * function environment pointing at it, tokens valid now for its issuer, and the log lines the
 * handler printed to stdout.
 */
abstract class EnvironmentBuiltHandlerTest {
  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;
  static final ObjectMapper JSON = new ObjectMapper();

  JwksServer server;
  private PrintStream originalOut;
  private ByteArrayOutputStream captured;

  @BeforeEach
  void startJwksAndCaptureStdout() throws Exception {
    server = new JwksServer(TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, TOKENS.signing)));
    originalOut = System.out;
    captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdoutAndStopJwks() {
    System.setOut(originalOut);
    server.close();
  }

  /**
   * The environment of a handler trusting the test server; {@code pairs} add or replace variables.
   */
  Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    env.put("JWKS_CONNECT_TIMEOUT_MS", "300");
    env.put("JWKS_READ_TIMEOUT_MS", "300");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** A token valid right now (an environment-built handler runs on the system clock). */
  String liveToken(List<String> groups) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", server.issuer());
    claims.put("iat", now - 10);
    claims.put("auth_time", now - 10);
    claims.put("exp", now + 3600);
    claims.put("cognito:groups", groups);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  /** Everything printed so far. */
  String output() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The JSON lines printed so far. */
  List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
