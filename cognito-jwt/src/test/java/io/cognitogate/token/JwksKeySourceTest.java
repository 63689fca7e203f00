package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwk.Jwk;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key source against a real JWKS endpoint over HTTP (JDK HttpServer on a free port). */
class JwksKeySourceTest {
  static final KeyPair KEY_1 = TestKeys.rsa2048();
  static final KeyPair KEY_2 = TestKeys.rsa2048();
  static final Duration WINDOW = Duration.ofSeconds(10);

  /** Shorter than the test tokens' hour, so a token outlives its key's trust. */
  static final Duration LIFETIME = Duration.ofMinutes(30);

  static final Duration CONNECT = Duration.ofMillis(500);
  static final Duration READ = Duration.ofMillis(400);

  JwksServer server;
  MutableClock clock;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_1)));
    clock = new MutableClock(TestTokens.NOW);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  JwksKeySource source() {
    return JwksKeySource.overHttp(server.url(), CONNECT, READ, clock, WINDOW, LIFETIME);
  }

  CognitoTokenVerifier verifier(KeySource keys) {
    return new CognitoTokenVerifier(
        new VerifierConfig(
            TestTokens.ISSUER,
            TokenUse.ACCESS,
            Set.of(TestTokens.CLIENT_ID),
            Duration.ofSeconds(5)),
        keys,
        clock);
  }

  static String token(String kid, KeyPair key) {
    return TestTokens.sign(TestTokens.header(kid), TestTokens.accessClaims(), key.getPrivate());
  }

  static Reason reasonOf(Runnable call) {
    try {
      call.run();
      return null;
    } catch (TokenRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void refreshWhenEndpointHealthyThenFetchesOnceAndServesEveryRequestFromMemory() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    String token = token("key-1", KEY_1);

    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify(token).kid()).isEqualTo("key-1");
    }
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void keyForWhenKeyRotatedRightAfterInitThenNewKidAcceptedAfterExactlyOneRefetch() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_1), TestKeys.jwk("key-2", KEY_2)));
    // no time passes: the init fetch succeeded, so it does not hold back the refetch

    assertThat(verifier.verify(token("key-2", KEY_2)).kid()).isEqualTo("key-2");
    assertThat(verifier.verify(token("key-2", KEY_2)).kid()).isEqualTo("key-2");
    assertThat(verifier.verify(token("key-1", KEY_1)).kid()).isEqualTo("key-1");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void keyForWhenUnknownKidFloodsThenAtMostOneRefetchPerWindow() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);

    for (int i = 0; i < 500; i++) {
      String forged = token("no-such-kid-" + i, KEY_2);
      assertThat(reasonOf(() -> verifier.verify(forged))).isEqualTo(Reason.UNKNOWN_KID);
    }
    assertThat(server.requests())
        .as("the first unknown kid refetched, the failure closed the window")
        .isEqualTo(2);

    clock.advance(WINDOW);
    for (int i = 0; i < 500; i++) {
      String forged = token("other-kid-" + i, KEY_2);
      assertThat(reasonOf(() -> verifier.verify(forged))).isEqualTo(Reason.UNKNOWN_KID);
      clock.advance(Duration.ofMillis(10)); // 5 s in all: still the same window
    }
    assertThat(server.requests()).isEqualTo(3);

    clock.advance(WINDOW);
    assertThat(reasonOf(() -> verifier.verify(token("late-kid", KEY_2))))
        .isEqualTo(Reason.UNKNOWN_KID);
    assertThat(server.requests()).isEqualTo(4);
  }

  @Test
  void keyForWhenUnknownKidRefetchFailedThenRotatedKidWaitsForTheWindow() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    assertThat(reasonOf(() -> verifier.verify(token("forged", KEY_2))))
        .isEqualTo(Reason.UNKNOWN_KID);
    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_1), TestKeys.jwk("key-2", KEY_2)));

    assertThat(reasonOf(() -> verifier.verify(token("key-2", KEY_2))))
        .isEqualTo(Reason.UNKNOWN_KID);
    clock.advance(WINDOW);
    assertThat(verifier.verify(token("key-2", KEY_2)).kid()).isEqualTo("key-2");
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void keyForWhenKeysOutliveTheirLifetimeThenRefetchedOnNextUseAndARemovedKeyStopsWorking() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    assertThat(verifier.verify(token("key-1", KEY_1)).kid()).isEqualTo("key-1");
    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-2", KEY_2)));

    clock.advance(LIFETIME.minusSeconds(1));
    assertThat(verifier.verify(token("key-1", KEY_1)).kid())
        .as("within its lifetime")
        .isEqualTo("key-1");
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(reasonOf(() -> verifier.verify(token("key-1", KEY_1))))
        .isEqualTo(Reason.UNKNOWN_KID);
    assertThat(verifier.verify(token("key-2", KEY_2)).kid()).isEqualTo("key-2");
    assertThat(server.requests()).as("one refetch at the end of the lifetime").isEqualTo(2);
  }

  @Test
  void keyForWhenKeysExpiredAndEndpointDownThenNothingIsTrusted() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    server.mode(JwksServer.Mode.ERROR_500);
    clock.advance(LIFETIME);

    assertThatThrownBy(() -> verifier.verify(token("key-1", KEY_1)))
        .isInstanceOf(JwksUnavailableException.class);
    assertThatThrownBy(() -> verifier.verify(token("key-1", KEY_1)))
        .isInstanceOf(JwksUnavailableException.class);
    assertThat(server.requests()).as("one attempt per window").isEqualTo(2);

    server.mode(JwksServer.Mode.OK);
    clock.advance(WINDOW);
    assertThat(verifier.verify(token("key-1", KEY_1)).kid()).isEqualTo("key-1");
  }

  @Test
  void refreshWhenEndpointDownThenFailsFastAsUnavailableAndNeverRejectsAsUnauthorized() {
    server.close();
    JwksKeySource keys = source();
    long start = System.nanoTime();
    assertThatThrownBy(keys::refresh).isInstanceOf(JwksUnavailableException.class);
    assertThatThrownBy(() -> verifier(keys).verify(token("key-1", KEY_1)))
        .isInstanceOf(JwksUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void refreshWhenEndpointAnswers500ThenUnavailable() {
    server.mode(JwksServer.Mode.ERROR_500);
    JwksKeySource keys = source();
    assertThatThrownBy(keys::refresh).isInstanceOf(JwksUnavailableException.class);
    assertThat(keys.size()).isZero();
  }

  @Test
  void refreshWhenEndpointAnswersGarbageThenUnavailable() {
    server.mode(JwksServer.Mode.GARBAGE);
    assertThatThrownBy(source()::refresh).isInstanceOf(JwksUnavailableException.class);
  }

  @Test
  void refreshWhenEndpointStallsThenGivesUpAfterTheReadTimeout() {
    server.slowMillis(3_000);
    server.mode(JwksServer.Mode.SLOW);
    JwksKeySource keys = source();
    long start = System.nanoTime();
    assertThatThrownBy(keys::refresh).isInstanceOf(JwksUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void keyForWhenInitFetchFailedThenRetriesOncePerWindowAndRecovers() {
    server.mode(JwksServer.Mode.ERROR_500);
    JwksKeySource keys = source();
    assertThatThrownBy(keys::refresh).isInstanceOf(JwksUnavailableException.class);
    CognitoTokenVerifier verifier = verifier(keys);
    String token = token("key-1", KEY_1);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(JwksUnavailableException.class);
    }
    assertThat(server.requests())
        .as("no fetch per request while the window is closed")
        .isEqualTo(1);

    server.mode(JwksServer.Mode.OK);
    clock.advance(WINDOW);
    assertThat(verifier.verify(token).kid()).isEqualTo("key-1");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void keyForWhenRefetchFailsAfterHealthyStartThenKnownKeysStillWorkAndUnknownKidIsOurFailure() {
    JwksKeySource keys = source();
    keys.refresh();
    CognitoTokenVerifier verifier = verifier(keys);
    server.mode(JwksServer.Mode.ERROR_500);

    assertThatThrownBy(() -> verifier.verify(token("key-2", KEY_2)))
        .isInstanceOf(JwksUnavailableException.class);
    assertThatThrownBy(() -> verifier.verify(token("key-3", KEY_2)))
        .isInstanceOf(JwksUnavailableException.class);
    assertThat(verifier.verify(token("key-1", KEY_1)).kid()).isEqualTo("key-1");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void refreshWhenJwksHoldsOnlyUnusableKeysThenUnavailable() {
    server.serve(
        TestKeys.jwksJson(
            TestKeys.jwk("enc", KEY_1, Map.of("use", "enc")),
            TestKeys.jwk("rs512", KEY_1, Map.of("alg", "RS512"))));
    assertThatThrownBy(source()::refresh).isInstanceOf(JwksUnavailableException.class);
  }

  @Test
  void usableKeysWhenJwksMixesKeyTypesThenKeepsOnlyRs256SigningKeysOf2048BitsOrMore() {
    Map<String, Object> ec =
        Map.of(
            "kty",
            "EC",
            "kid",
            "ec",
            "crv",
            "P-256",
            "x",
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y",
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    List<Jwk> jwks =
        List.of(
            Jwk.fromValues(TestKeys.jwk("good", KEY_1)),
            Jwk.fromValues(
                TestKeys.jwk(
                    "no-use-no-alg",
                    KEY_2,
                    java.util.Collections.unmodifiableMap(nulls("use", "alg")))),
            Jwk.fromValues(TestKeys.jwk("enc", KEY_1, Map.of("use", "enc"))),
            Jwk.fromValues(TestKeys.jwk("rs384", KEY_1, Map.of("alg", "RS384"))),
            Jwk.fromValues(TestKeys.jwk("small", TestKeys.rsa(1024))),
            Jwk.fromValues(ec));

    assertThat(JwksKeySource.usableKeys(jwks).keySet())
        .containsExactlyInAnyOrder("good", "no-use-no-alg");
  }

  @Test
  void usableKeysWhenModulusOrExponentIsNotAnRs256KeyThenThatEntryAloneIsSkipped() {
    java.math.BigInteger n =
        ((java.security.interfaces.RSAPublicKey) KEY_1.getPublic()).getModulus();
    List<Jwk> jwks =
        List.of(
            Jwk.fromValues(TestKeys.jwk("good", KEY_1)),
            Jwk.fromValues(TestKeys.jwk("e-is-1", KEY_1, Map.of("e", "AQ"))),
            Jwk.fromValues(TestKeys.jwk("n-not-base64url", KEY_1, Map.of("n", "not base64!"))),
            Jwk.fromValues(TestKeys.jwk("n-a-number", KEY_1, Map.of("n", 12345))),
            Jwk.fromValues(TestKeys.jwk("no-e", KEY_1, nulls("e"))));

    Map<String, java.security.interfaces.RSAPublicKey> usable = JwksKeySource.usableKeys(jwks);

    assertThat(usable.keySet()).containsExactly("good");
    assertThat(usable.get("good").getModulus()).isEqualTo(n);
    assertThat(usable.get("good").getPublicExponent())
        .isEqualTo(java.math.BigInteger.valueOf(65537));
  }

  private static Map<String, Object> nulls(String... names) {
    Map<String, Object> map = new java.util.HashMap<>();
    for (String name : names) {
      map.put(name, null);
    }
    return map;
  }
}
