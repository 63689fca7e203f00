package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.revocation.DynamoDbRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationTable;
import io.cognitogate.testkit.Dynalite;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The authorizer built from its environment, as Lambda builds it, reading markers from dynalite.
 */
class RevocationHandlerIT {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final String TABLE = "authorizer-it-revocations";
  static Dynalite dynalite;
  static JwksServer jwks;
  static DynamoDbRevocationStore writer;

  @BeforeAll
  static void start() throws Exception {
    dynalite = Dynalite.start();
    try (DynamoDbClient admin = RevocationTable.client(dynalite.endpoint())) {
      RevocationTable.create(admin, TABLE);
    }
    jwks =
        new JwksServer(
            TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, AuthorizerFixture.TOKENS.signing)));
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                Map.of(
                    "REVOCATION_TABLE",
                    TABLE,
                    "AWS_REGION",
                    "us-east-1",
                    "DYNAMODB_ENDPOINT",
                    dynalite.endpoint(),
                    "AWS_ACCESS_KEY_ID",
                    "local",
                    "AWS_SECRET_ACCESS_KEY",
                    "local"))
            .orElseThrow();
    writer = DynamoDbRevocationStore.create(config, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (jwks != null) {
      jwks.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", jwks.issuer());
    env.put("JWKS_URL", jwks.url().toString());
    env.put("REVOCATION_TABLE", TABLE);
    env.put("DYNAMODB_ENDPOINT", dynalite.endpoint());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("REVOCATION_CACHE_SECONDS", "0");
    return env;
  }

  static String token(String sub, String originJti, long authTime) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", jwks.issuer());
    claims.put("sub", sub);
    claims.put("origin_jti", originJti);
    claims.put("auth_time", authTime);
    claims.put("iat", now - 10);
    claims.put("exp", now + 3600);
    return "Bearer "
        + TestTokens.sign(
            TestTokens.header(BadTokens.KID),
            claims,
            AuthorizerFixture.TOKENS.signing.getPrivate());
  }

  @Test
  void handlerWhenMarkersWrittenThenTheirTokensAre401AndOthersAllowed() {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env());
    long now = Instant.now().getEpochSecond();
    String session = token("sub-session", "fam-1", now - 60);
    String sibling = token("sub-session", "fam-2", now - 60);
    String global = token("sub-global", "fam-3", now - 60);
    IamPolicyResponseV1 before = handler.handleRequest(AuthorizerFixture.event(session, ARN), null);
    assertThat(AuthorizerFixture.policyJson(before)).contains("Allow");

    writer.put(new Marker("sub-session", Marker.Kind.FAMILY, "fam-1", now, now + 3900));
    writer.put(Marker.user("sub-global", now - 30, now + 3900));

    assertThat(
            catchThrowable(
                () -> handler.handleRequest(AuthorizerFixture.event(session, ARN), null)))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("Unauthorized");
    assertThat(
            AuthorizerFixture.policyJson(
                handler.handleRequest(AuthorizerFixture.event(sibling, ARN), null)))
        .contains("Allow");
    assertThat(
            catchThrowable(() -> handler.handleRequest(AuthorizerFixture.event(global, ARN), null)))
        .isInstanceOf(UnauthorizedException.class);
    String laterLogin = token("sub-global", "fam-4", now - 29);
    assertThat(
            AuthorizerFixture.policyJson(
                handler.handleRequest(AuthorizerFixture.event(laterLogin, ARN), null)))
        .contains("Allow");
  }
}
