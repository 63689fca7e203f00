package io.cognitogate.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cognitogate.auth.CognitoProtocolTest.assertError;
import static io.cognitogate.auth.CognitoStub.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.revocation.LogoutRevocation;
import io.cognitogate.revocation.InMemoryRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.Markers;
import io.cognitogate.revocation.RevocationStore;
import io.cognitogate.revocation.RevocationStoreException;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logout with revocation on: the marker is written before Cognito is called (WireMock as Cognito, a
 * real JWKS over HTTP, tokens signed with a real RSA key, an in-memory marker store).
 */
class LogoutRevocationTest {

  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  static final String TARGET = "X-Amz-Target";
  static final String SUB = "0c6b8f2e-7777-4444-9999-aaaabbbbcccc";
  static final long NOW = TestTokens.NOW_S;
  static final long LIFETIME = 3900;
  static KeyPair keys;
  static JwksServer jwks;

  final MutableClock clock = new MutableClock(TestTokens.NOW);
  InMemoryRevocationStore markers;
  FailingStore store;
  LogoutHandler logout;

  @BeforeAll
  static void keys() throws Exception {
    keys = TestKeys.rsa2048();
    jwks = new JwksServer(TestKeys.jwksJson(TestKeys.jwk("k1", keys)));
  }

  @AfterAll
  static void stop() {
    jwks.close();
  }

  @BeforeEach
  void handler() {
    markers = new InMemoryRevocationStore(clock);
    store = new FailingStore(markers);
    JwksKeySource keySource =
        JwksKeySource.overHttp(
            jwks.url(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                jwks.issuer(), TokenUse.ACCESS, java.util.Set.of(CLIENT_ID), Duration.ofSeconds(5)),
            keySource,
            clock);
    logout =
        new LogoutHandler(
            CognitoGateway.fromEnvironment(cognito.environment()),
            Optional.of(
                new LogoutRevocation(verifier, store, Duration.ofSeconds(LIFETIME), clock)));
  }

  static Map<String, Object> claims() {
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", jwks.issuer());
    claims.put("client_id", CLIENT_ID);
    claims.put("sub", SUB);
    return claims;
  }

  static String token(Map<String, Object> claims) {
    return TestTokens.sign(TestTokens.header("k1"), claims, keys.getPrivate());
  }

  static APIGatewayProxyRequestEvent sessionLogout(String authorization) {
    APIGatewayProxyRequestEvent event =
        Events.logout(Events.json("refresh_token", "eyJj.eyJr.a.b.c"));
    if (authorization != null) {
      event.getHeaders().put("Authorization", authorization);
    }
    return event;
  }

  void revokeTokenAnswers() {
    cognito.answerAny("RevokeToken", "{}");
  }

  int cognitoCalls(String operation) {
    return cognito
        .server
        .findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AWSCognitoIdentityProviderService." + operation)))
        .size();
  }

  @Test
  void logoutWhenAccessTokenHasOriginJtiThenFamilyMarkedBeforeRevokeToken() {
    revokeTokenAnswers();
    Map<String, Object> claims = claims();

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(sessionLogout("Bearer " + token(claims)), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(markers.stored(SUB))
        .containsExactly(
            new Marker(
                SUB, Marker.Kind.FAMILY, (String) claims.get("origin_jti"), NOW, NOW + LIFETIME));
    assertThat(cognitoCalls("RevokeToken")).isEqualTo(1);
    // a sibling refreshed from the same refresh token (new jti, later exp) is revoked too
    Markers read = markers.markersFor(SUB);
    assertThat(
            read.revokes(
                new TokenRef(
                    SUB, "another-jti", (String) claims.get("origin_jti"), NOW - 60, NOW + 3000)))
        .isTrue();
  }

  @Test
  void logoutWhenAccessTokenHasNoOriginJtiThenJtiMarked() {
    revokeTokenAnswers();
    Map<String, Object> claims = TestTokens.with(claims(), "origin_jti", null);

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(sessionLogout("bearer " + token(claims)), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(markers.stored(SUB))
        .extracting(Marker::sortKey)
        .containsExactly("JTI#" + claims.get("jti"));
  }

  @Test
  void globalLogoutWhenAccessTokenValidThenUserMarkedBeforeGlobalSignOut() {
    cognito.answerAny("GlobalSignOut", "{}");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("Bearer " + token(claims())), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(markers.stored(SUB)).containsExactly(Marker.user(SUB, NOW, NOW + LIFETIME));
    assertThat(cognitoCalls("GlobalSignOut")).isEqualTo(1);
  }

  @Test
  void logoutWhenStoreWriteFailsThenServiceUnavailableAndCognitoNotCalled() {
    revokeTokenAnswers();
    cognito.answerAny("GlobalSignOut", "{}");
    store.down = true;

    APIGatewayProxyResponseEvent session =
        logout.handleRequest(sessionLogout("Bearer " + token(claims())), null);
    APIGatewayProxyResponseEvent global =
        logout.handleRequest(Events.globalLogout("Bearer " + token(claims())), null);

    assertError(session, 503, "revocation_unavailable");
    assertThat(session.getHeaders()).containsEntry("Retry-After", "1");
    assertError(global, 503, "revocation_unavailable");
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void logoutWhenCognitoFailsThenRetryableErrorAndMarkerStays() {
    cognito.failAny("RevokeToken", 500, "InternalErrorException", "boom");
    cognito.failAny("GlobalSignOut", 400, "TooManyRequestsException", "Rate exceeded");

    APIGatewayProxyResponseEvent session =
        logout.handleRequest(sessionLogout("Bearer " + token(claims())), null);
    APIGatewayProxyResponseEvent global =
        logout.handleRequest(Events.globalLogout("Bearer " + token(claims())), null);

    assertThat(session.getStatusCode()).isIn(502, 503);
    assertError(global, 429, "too_many_requests");
    assertThat(markers.stored(SUB))
        .extracting(Marker::sortKey)
        .containsExactlyInAnyOrder("FAM#" + claims().get("origin_jti"), "USER");
  }

  @Test
  void logoutWhenNoAuthorizationHeaderThenRefreshTokenStillRevokedWithoutMarker() {
    revokeTokenAnswers();

    APIGatewayProxyResponseEvent response = logout.handleRequest(sessionLogout(null), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(cognitoCalls("RevokeToken")).isEqualTo(1);
    assertThat(markers.stored(SUB)).isEmpty();
  }

  @Test
  void logoutWhenAccessTokenExpiredThenNoMarkerNeededAndRefreshTokenRevoked() {
    revokeTokenAnswers();
    String expired = token(TestTokens.with(claims(), "exp", NOW - 600));

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(sessionLogout("Bearer " + expired), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(cognitoCalls("RevokeToken")).isEqualTo(1);
    assertThat(markers.stored(SUB)).isEmpty();
  }

  @Test
  void logoutWhenAccessTokenForgedOrForeignThenInvalidTokenAndNothingRevokedOrMarked() {
    revokeTokenAnswers();
    cognito.answerAny("GlobalSignOut", "{}");
    KeyPair other = TestKeys.rsa2048();
    String forged = TestTokens.sign(TestTokens.header("k1"), claims(), other.getPrivate());
    String foreign = token(TestTokens.with(claims(), "client_id", TestTokens.OTHER_CLIENT_ID));
    String idToken = token(TestTokens.with(claims(), "token_use", "id"));

    for (String bad : new String[] {forged, foreign, idToken, "not-a-jwt"}) {
      assertError(logout.handleRequest(sessionLogout("Bearer " + bad), null), 401, "invalid_token");
    }
    assertError(
        logout.handleRequest(Events.globalLogout("Bearer " + forged), null), 401, "invalid_token");
    assertError(
        logout.handleRequest(
            Events.globalLogout("Bearer " + token(TestTokens.with(claims(), "exp", NOW - 600))),
            null),
        401,
        "invalid_token");

    assertThat(cognito.server.getAllServeEvents()).isEmpty();
    assertThat(markers.stored(SUB)).isEmpty();
  }

  @Test
  void logoutWhenJwksUnavailableThenServiceUnavailableAndCognitoNotCalled() throws Exception {
    revokeTokenAnswers();
    try (JwksServer down = new JwksServer(TestKeys.jwksJson(TestKeys.jwk("k1", keys)))) {
      down.mode(JwksServer.Mode.ERROR_500);
      JwksKeySource keySource =
          JwksKeySource.overHttp(
              down.url(),
              Duration.ofSeconds(1),
              Duration.ofSeconds(2),
              clock,
              Duration.ofSeconds(10),
              Duration.ofHours(1));
      CognitoTokenVerifier verifier =
          new CognitoTokenVerifier(
              new VerifierConfig(
                  jwks.issuer(),
                  TokenUse.ACCESS,
                  java.util.Set.of(CLIENT_ID),
                  Duration.ofSeconds(5)),
              keySource,
              clock);
      LogoutHandler handler =
          new LogoutHandler(
              CognitoGateway.fromEnvironment(cognito.environment()),
              Optional.of(
                  new LogoutRevocation(verifier, store, Duration.ofSeconds(LIFETIME), clock)));

      APIGatewayProxyResponseEvent response =
          handler.handleRequest(sessionLogout("Bearer " + token(claims())), null);

      assertError(response, 503, "revocation_unavailable");
      assertThat(cognito.server.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void logoutWhenRevocationOffThenHeaderIgnoredAsBefore() {
    revokeTokenAnswers();
    LogoutHandler off = new LogoutHandler(cognito.environment());

    APIGatewayProxyResponseEvent response =
        off.handleRequest(sessionLogout("Bearer garbage"), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(cognitoCalls("RevokeToken")).isEqualTo(1);
  }

  @Test
  void logoutWhenRevocationPathsRunThenLogLinesHoldNoPartOfAnyToken() {
    revokeTokenAnswers();
    cognito.answerAny("GlobalSignOut", "{}");
    String valid = token(claims());
    String forged =
        TestTokens.sign(TestTokens.header("k1"), claims(), TestKeys.rsa2048().getPrivate());
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      logout.handleRequest(sessionLogout("Bearer " + valid), null);
      logout.handleRequest(sessionLogout("Bearer " + forged), null);
      logout.handleRequest(Events.globalLogout("Bearer " + valid), null);
      store.down = true;
      logout.handleRequest(sessionLogout("Bearer " + valid), null);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains(
            "\"event\":\"revocation_marker_written\"",
            "\"event\":\"invalid_access_token\"",
            "\"event\":\"revocation_store_failure\"");
    for (String token : new String[] {valid, forged}) {
      for (String part : token.split("\\.")) {
        for (int i = 0; i + 16 <= part.length(); i += 16) {
          assertThat(out).doesNotContain(part.substring(i, i + 16));
        }
      }
    }
    assertThat(out).doesNotContain((String) claims().get("origin_jti")).doesNotContain("eyJj.eyJr");
  }

  /** Fails every write when {@code down}, as an unreachable table would. */
  static final class FailingStore implements RevocationStore {
    final RevocationStore delegate;
    volatile boolean down;

    FailingStore(RevocationStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Markers markersFor(String subject) {
      return delegate.markersFor(subject);
    }

    @Override
    public void put(Marker marker) {
      if (down) {
        throw new RevocationStoreException(RevocationStoreException.Reason.UNREACHABLE, null);
      }
      delegate.put(marker);
    }
  }
}
