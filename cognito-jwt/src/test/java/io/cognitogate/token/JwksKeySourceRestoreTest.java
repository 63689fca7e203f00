package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a SnapStart restore and a key-set change do to the held keys (real JWKS over HTTP). */
class JwksKeySourceRestoreTest {
  static final KeyPair KEY_1 = TestKeys.rsa2048();
  static final KeyPair KEY_2 = TestKeys.rsa2048();
  static final Duration WINDOW = Duration.ofSeconds(10);

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
    return JwksKeySource.overHttp(
        server.url(),
        Duration.ofMillis(500),
        Duration.ofMillis(500),
        clock,
        WINDOW,
        Duration.ofHours(1));
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

  static String token(KeyPair key) {
    return TestTokens.sign(TestTokens.header("key-1"), TestTokens.accessClaims(), key.getPrivate());
  }

  @Test
  void markStaleWhenKeysOlderThanTheWindowThenNextUseRefetchesOnce() {
    JwksKeySource keys = source();
    keys.refresh();
    clock.advance(Duration.ofMinutes(30)); // the snapshot sat in storage (the token is still valid)

    assertThat(keys.markStaleIfOlderThanWindow()).isTrue();
    assertThat(keys.stale()).isTrue();
    assertThat(server.requests()).as("nothing fetched during the restore itself").isEqualTo(1);

    verifier(keys).verify(token(KEY_1));
    verifier(keys).verify(token(KEY_1));
    assertThat(server.requests()).isEqualTo(2);
    assertThat(keys.stale()).isFalse();
  }

  @Test
  void markStaleWhenKeysFetchedWithinTheWindowThenKeepsThem() {
    JwksKeySource keys = source();
    keys.refresh();
    clock.advance(WINDOW.minusSeconds(1));

    assertThat(keys.markStaleIfOlderThanWindow()).isFalse();
    verifier(keys).verify(token(KEY_1));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void markStaleWhenRefetchShowsRotatedKeyThenOldKeyIsGoneAndNewOneWorks() {
    JwksKeySource keys = source();
    keys.refresh();
    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_2)));
    clock.advance(Duration.ofMinutes(5));
    keys.markStaleIfOlderThanWindow();

    assertThat(ReasonOf.call(() -> verifier(keys).verify(token(KEY_1))))
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(ReasonOf.call(() -> verifier(keys).verify(token(KEY_2)))).isNull();
  }

  @Test
  void markStaleWhenEndpointDownAfterRestoreThenHeldKeysStillVerifyAndRetryWaitsForTheWindow() {
    JwksKeySource keys = source();
    keys.refresh();
    server.mode(JwksServer.Mode.ERROR_500);
    clock.advance(Duration.ofMinutes(5));
    keys.markStaleIfOlderThanWindow();

    assertThat(ReasonOf.call(() -> verifier(keys).verify(token(KEY_1)))).isNull();
    assertThat(ReasonOf.call(() -> verifier(keys).verify(token(KEY_1)))).isNull();
    assertThat(server.requests()).as("one attempt per window").isEqualTo(2);
    assertThat(keys.stale()).isTrue();

    server.mode(JwksServer.Mode.OK);
    clock.advance(WINDOW);
    verifier(keys).verify(token(KEY_1));
    assertThat(server.requests()).isEqualTo(3);
    assertThat(keys.stale()).isFalse();
  }

  @Test
  void generationWhenRefetchBringsSameKeysThenUnchangedAndWhenKeysChangeThenBumped() {
    JwksKeySource keys = source();
    keys.refresh();
    long first = keys.generation();

    keys.refresh();
    assertThat(keys.generation()).as("same keys").isEqualTo(first);

    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_1), TestKeys.jwk("key-2", KEY_2)));
    keys.refresh();
    assertThat(keys.generation()).as("a key added").isNotEqualTo(first);

    long second = keys.generation();
    server.serve(TestKeys.jwksJson(TestKeys.jwk("key-1", KEY_2), TestKeys.jwk("key-2", KEY_2)));
    keys.refresh();
    assertThat(keys.generation()).as("a key replaced under the same kid").isNotEqualTo(second);
  }

  /** The rejection reason of a call, or null when it passed. */
  static final class ReasonOf {
    static Reason call(Runnable call) {
      try {
        call.run();
        return null;
      } catch (TokenRejectedException e) {
        return e.reason();
      }
    }
  }
}
