package io.cognitogate.auth;

import static io.cognitogate.auth.CognitoStub.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.revocation.RevocationTable;
import io.cognitogate.testkit.Dynalite;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The logout handler built from its environment, as Lambda builds it, writing markers into dynalite
 * (Cognito: WireMock; keys: a real JWKS over HTTP).
 */
class LogoutRevocationIT {

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  static final String TABLE = "cognito-gate-it-revocations";
  static final String SUB = "5d0c1a22-3333-4444-5555-666677778888";
  static Dynalite dynalite;
  static DynamoDbClient admin;
  static JwksServer jwks;
  static KeyPair keys;

  @BeforeAll
  static void start() throws Exception {
    dynalite = Dynalite.start();
    admin = RevocationTable.client(dynalite.endpoint());
    RevocationTable.create(admin, TABLE);
    keys = TestKeys.rsa2048();
    jwks = new JwksServer(TestKeys.jwksJson(TestKeys.jwk("k1", keys)));
  }

  @AfterAll
  static void stop() {
    if (jwks != null) {
      jwks.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(cognito.environment());
    env.put("REVOCATION_TABLE", TABLE);
    env.put("DYNAMODB_ENDPOINT", dynalite.endpoint());
    env.put("ISSUER_URL", jwks.issuer());
    env.put("JWKS_URL", jwks.url().toString());
    env.put("REVOCATION_MARKER_TTL_SECONDS", "3900");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    return env;
  }

  static String accessToken(String originJti, String jti) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", jwks.issuer());
    claims.put("client_id", CLIENT_ID);
    claims.put("sub", SUB);
    claims.put("origin_jti", originJti);
    claims.put("jti", jti);
    claims.put("auth_time", now - 60);
    claims.put("iat", now - 60);
    claims.put("exp", now + 3600);
    return TestTokens.sign(TestTokens.header("k1"), claims, keys.getPrivate());
  }

  static Map<String, AttributeValue> item(String sk) {
    return admin
        .getItem(
            r ->
                r.tableName(TABLE)
                    .key(Map.of("sub", AttributeValue.fromS(SUB), "sk", AttributeValue.fromS(sk)))
                    .consistentRead(true))
        .item();
  }

  @Test
  void logoutWhenBuiltFromEnvironmentThenMarkersLandInTheTableWithTheirExpiry() {
    cognito.answerAny("RevokeToken", "{}");
    cognito.answerAny("GlobalSignOut", "{}");
    ApiContract.Route logout = ApiContract.checked(new LogoutHandler(environment()));
    long before = Instant.now().getEpochSecond();

    APIGatewayProxyRequestEvent session =
        Events.logout(Events.json("refresh_token", "eyJj.eyJr.a.b.c"));
    session.getHeaders().put("Authorization", "Bearer " + accessToken("fam-it-1", "jti-it-1"));
    APIGatewayProxyResponseEvent sessionResponse = logout.handleRequest(session, null);
    APIGatewayProxyResponseEvent globalResponse =
        logout.handleRequest(
            Events.globalLogout("Bearer " + accessToken("fam-it-2", "jti-it-2")), null);
    long after = Instant.now().getEpochSecond();

    assertThat(sessionResponse.getStatusCode()).isEqualTo(204);
    assertThat(globalResponse.getStatusCode()).isEqualTo(204);
    Map<String, AttributeValue> family = item("FAM#fam-it-1");
    assertThat(Long.parseLong(family.get("expiresAt").n())).isBetween(before + 3900, after + 3900);
    Map<String, AttributeValue> user = item("USER");
    assertThat(Long.parseLong(user.get("signedOutAt").n())).isBetween(before, after);
    assertThat(Long.parseLong(user.get("expiresAt").n()))
        .isEqualTo(Long.parseLong(user.get("signedOutAt").n()) + 3900);
  }

  @Test
  void logoutWhenTableMissingThenServiceUnavailableAndCognitoNotCalled() {
    Map<String, String> env = environment();
    env.put("REVOCATION_TABLE", "no-such-table");
    ApiContract.Route logout = ApiContract.checked(new LogoutHandler(env));
    int before = cognito.server.getAllServeEvents().size();

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(
            Events.globalLogout("Bearer " + accessToken("fam-it-3", "jti-it-3")), null);

    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(cognito.server.getAllServeEvents()).hasSize(before);
  }
}
