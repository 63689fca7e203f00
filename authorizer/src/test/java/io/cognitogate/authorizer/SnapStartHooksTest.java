package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks called directly (outside a CRaC JVM org.crac's global context is a no-op).
 */
class SnapStartHooksTest {
  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  JwksServer server;
  MutableClock clock;
  List<String> log;
  AuthorizerConfig config;
  Authorizer authorizer;
  AuthorizerWiring wiring;
  SnapStartHooks hooks;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, TOKENS.signing)));
    clock = new MutableClock(Instant.now());
    log = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    env.put("ROUTE_RULES", "GET /mock/admin=group:admins");
    config = AuthorizerConfig.fromEnvironment(env);
    DecisionLog decisionLog = new DecisionLog(log::add);
    JwksKeySource keys =
        JwksKeySource.overHttp(
            config.jwksUrl(),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            clock,
            config.refetchInterval(),
            config.keyLifetime());
    keys.refresh();
    DecisionCache cache = new DecisionCache(100, clock, keys);
    authorizer =
        new Authorizer(
            new CognitoTokenVerifier(config.verifierConfig(), keys, clock),
            config.rules(),
            decisionLog,
            cache,
            null);
    wiring = new AuthorizerWiring(authorizer, keys, cache, null);
    hooks = new SnapStartHooks(wiring, config, clock, decisionLog);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String liveToken() {
    long now = clock.millis() / 1000;
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", server.issuer());
    claims.put("iat", now - 10);
    claims.put("exp", now + 3600);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  @Test
  void beforeCheckpointWhenCalledThenFetchesJwksPrimesTheWholePathAndLeavesNoDecisionBehind()
      throws Exception {
    authorizer.authorize(liveToken(), ARN);
    assertThat(wiring.cache().size()).isEqualTo(1);

    hooks.beforeCheckpoint(null);

    assertThat(server.requests()).as("fetched again right before the snapshot").isEqualTo(2);
    assertThat(log)
        .last()
        .asString()
        .contains("\"event\":\"snapstart_checkpoint\"", "\"detail\":\"primed\"");
    assertThat(wiring.cache().size()).as("no decision in the snapshot").isZero();
    assertThat(log.stream().filter(line -> line.contains("outcome")))
        .as("priming decisions are not logged")
        .hasSize(1);
  }

  @Test
  void primeWhenConfiguredForIdTokensThenStillAllows() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", "a,b");
    env.put("TOKEN_USE", "id");
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    SnapStartHooks idHooks =
        new SnapStartHooks(
            wiring, AuthorizerConfig.fromEnvironment(env), clock, new DecisionLog(log::add));
    assertThat(idHooks.prime()).isTrue();
    assertThat(hooks.prime()).isTrue();
  }

  @Test
  void beforeCheckpointWhenJwksDownThenStillCompletesAndLogsIt() throws Exception {
    server.mode(JwksServer.Mode.ERROR_500);
    hooks.beforeCheckpoint(null);
    assertThat(log).anyMatch(line -> line.contains("snapstart_jwks_failed"));
    assertThat(log).last().asString().contains("primed");
  }

  @Test
  void afterRestoreWhenSnapshotOlderThanTheWindowThenKeysRefetchedOnNextUseAndCacheEmptied()
      throws Exception {
    hooks.beforeCheckpoint(null);
    String token = liveToken();
    int fetched = server.requests();

    clock.advance(Duration.ofMinutes(30)); // the snapshot sat in storage
    hooks.afterRestore(null);

    assertThat(wiring.keys().stale()).isTrue();
    assertThat(wiring.cache().size()).isZero();
    assertThat(server.requests()).as("no network during the restore hook").isEqualTo(fetched);
    assertThat(log).last().asString().contains("snapstart_restore", "refetched on next use");

    authorizer.authorize(token, ARN);
    assertThat(server.requests()).isEqualTo(fetched + 1);
    assertThat(wiring.keys().stale()).isFalse();
  }

  @Test
  void afterRestoreWhenWithinTheWindowThenKeysKeptButCacheStillCleared() throws Exception {
    hooks.beforeCheckpoint(null);
    authorizer.authorize(liveToken(), ARN);
    int fetched = server.requests();

    hooks.afterRestore(null);

    assertThat(wiring.keys().stale()).isFalse();
    assertThat(wiring.cache().size()).isZero();
    authorizer.authorize(liveToken(), ARN);
    assertThat(server.requests()).isEqualTo(fetched);
  }

  @Test
  void handlerWhenBuiltFromEnvironmentThenRegistersHooksWithoutACracJvm() {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env);
    assertThat(handler).isNotNull();
    assertThat(org.crac.Core.getGlobalContext()).isNotNull();
  }

  @Test
  void warmupWhenRunAtInitThenItsBuiltInTokenIsAllowed() {
    assertThat(Warmup.run(config.rules(), clock)).isTrue();
    assertThat(Warmup.run(io.cognitogate.authorizer.rules.RouteRules.parse(""), clock)).isTrue();
  }
}
