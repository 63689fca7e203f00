package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.sun.net.httpserver.HttpServer;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With revocation on, the handler's init makes one Query for a subject no token has, so the first
 * request finds the store's classes, credentials and connection ready; a store that does not answer
 * delays init by at most one call timeout and changes no decision.
 */
class RevocationPrimingTest {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  JwksServer jwks;
  HttpServer dynamoDb;
  final List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    jwks =
        new JwksServer(
            TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, AuthorizerFixture.TOKENS.signing)));
    dynamoDb = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dynamoDb.createContext(
        "/",
        exchange -> {
          bodies.add(
              exchange.getRequestHeaders().getFirst("X-Amz-Target")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] answer =
              "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    dynamoDb.start();
  }

  @AfterEach
  void stop() {
    jwks.close();
    dynamoDb.stop(0);
  }

  Map<String, String> env(String dynamoDbEndpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", jwks.issuer());
    env.put("JWKS_URL", jwks.url().toString());
    env.put("REVOCATION_TABLE", "revocations");
    env.put("DYNAMODB_ENDPOINT", dynamoDbEndpoint);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("REVOCATION_ATTEMPT_TIMEOUT_MS", "200");
    env.put("REVOCATION_TIMEOUT_MS", "500");
    env.put("REVOCATION_CACHE_SECONDS", "0");
    return env;
  }

  String token() {
    long now = java.time.Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", jwks.issuer());
    claims.put("iat", now - 10);
    claims.put("auth_time", now - 10);
    claims.put("exp", now + 600);
    return TestTokens.sign(
        TestTokens.header(BadTokens.KID), claims, AuthorizerFixture.TOKENS.signing.getPrivate());
  }

  @Test
  void handlerWhenBuiltWithRevocationThenOneQueryForThePrimeSubjectBeforeAnyRequest() {
    new TokenAuthorizerHandler(env("http://127.0.0.1:" + dynamoDb.getAddress().getPort()));

    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).startsWith("DynamoDB_20120810.Query ").contains("\"#prime\"");
  }

  @Test
  void handlerWhenStoreHangsAtInitThenInitBoundedAndTheFirstRequestStillFailsClosed()
      throws Exception {
    try (RevocationAuthorizerTest.HangingServer hanging =
        new RevocationAuthorizerTest.HangingServer()) {
      long start = System.nanoTime();
      TokenAuthorizerHandler handler =
          new TokenAuthorizerHandler(env("http://127.0.0.1:" + hanging.socket.getLocalPort()));
      Duration init = Duration.ofNanos(System.nanoTime() - start);
      Throwable first =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> handler.handleRequest(AuthorizerFixture.event("Bearer " + token(), ARN), null));

      assertThat(init)
          .as("REVOCATION_TIMEOUT_MS 500 plus the JWKS fetch and slack")
          .isLessThan(Duration.ofMillis(3000));
      assertThat(first)
          .as("closed: a store that cannot answer is our error, never Allow, never Unauthorized")
          .isNotNull()
          .isNotInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void handlerWhenPrimedThenTheFirstRequestQueriesTheTokensSubjectAndAllows() {
    TokenAuthorizerHandler handler =
        new TokenAuthorizerHandler(env("http://127.0.0.1:" + dynamoDb.getAddress().getPort()));

    IamPolicyResponseV1 response =
        handler.handleRequest(AuthorizerFixture.event("Bearer " + token(), ARN), null);

    assertThat(AuthorizerFixture.policyJson(response)).contains("Allow");
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(1)).contains("\"" + TestTokens.accessClaims().get("sub") + "\"");
  }
}
