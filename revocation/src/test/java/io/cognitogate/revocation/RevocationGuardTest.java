package io.cognitogate.revocation;

import static io.cognitogate.revocation.MarkersTest.LATER;
import static io.cognitogate.revocation.MarkersTest.NOW;
import static io.cognitogate.revocation.MarkersTest.SUB;
import static io.cognitogate.revocation.MarkersTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cognitogate.revocation.RevocationConfig.FailureMode;
import io.cognitogate.revocation.RevocationGuard.Verdict;
import io.cognitogate.token.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationGuardTest {
  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
  final FlakyStore store = new FlakyStore(new InMemoryRevocationStore(clock));

  RevocationGuard guard(FailureMode mode) {
    return new RevocationGuard(store, mode, Duration.ofSeconds(5), clock);
  }

  @Test
  void checkWhenNotRevokedThenOneReadPerSubjectWithinTheCacheTime() {
    RevocationGuard guard = guard(FailureMode.CLOSED);

    assertThat(guard.check(token("j1", "f1", NOW - 10))).isEqualTo(Verdict.NOT_REVOKED);
    assertThat(guard.check(token("j2", "f2", NOW - 10))).isEqualTo(Verdict.NOT_REVOKED);
    assertThat(store.reads).isEqualTo(1);

    clock.advance(Duration.ofMillis(5000));
    guard.check(token("j1", "f1", NOW - 10));
    assertThat(store.reads).isEqualTo(2);
  }

  @Test
  void checkWhenMarkerWrittenAfterANotRevokedAnswerThenRevokedOnceTheCacheTimeHasPassed() {
    RevocationGuard guard = guard(FailureMode.CLOSED);
    TokenRef token = token("j1", "f1", NOW - 10);
    assertThat(guard.check(token)).isEqualTo(Verdict.NOT_REVOKED);

    store.put(Marker.session(token, NOW, LATER));
    clock.advance(Duration.ofMillis(4999));
    assertThat(guard.check(token)).as("stale within the cache time").isEqualTo(Verdict.NOT_REVOKED);
    clock.advance(Duration.ofMillis(1));
    assertThat(guard.check(token)).isEqualTo(Verdict.REVOKED);
  }

  @Test
  void checkWhenRevokedThenStaysRevokedUntilExpWithoutFurtherReads() {
    RevocationGuard guard = guard(FailureMode.CLOSED);
    TokenRef token = token("j1", "f1", NOW - 10);
    store.put(Marker.session(token, NOW, LATER));
    assertThat(guard.check(token)).isEqualTo(Verdict.REVOKED);
    int reads = store.reads;
    store.down = true;

    clock.advance(Duration.ofMillis(3000_000));
    assertThat(guard.check(token)).isEqualTo(Verdict.REVOKED);
    assertThat(store.reads).isEqualTo(reads);
  }

  @Test
  void checkWhenStoreDownAndClosedThenThrowsUnavailableNeverAnAnswer() {
    RevocationGuard guard = guard(FailureMode.CLOSED);
    store.down = true;

    RevocationUnavailableException e =
        catchThrowableOfType(
            RevocationUnavailableException.class, () -> guard.check(token("j1", "f1", NOW - 10)));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT);
    assertThat(e.getMessage()).doesNotContain(SUB);
  }

  @Test
  void checkWhenStoreDownAndOpenThenUncheckedButKnownRevocationsStillRevoke() {
    RevocationGuard guard = new RevocationGuard(store, FailureMode.OPEN, Duration.ZERO, clock);
    TokenRef loggedOut = token("j1", "f1", NOW - 10);
    TokenRef other = token("j2", "f2", NOW - 10);
    store.put(Marker.session(loggedOut, NOW, LATER));
    assertThat(guard.check(other)).isEqualTo(Verdict.NOT_REVOKED); // markers of SUB now known
    store.down = true;

    assertThat(guard.check(loggedOut)).as("known from the last read").isEqualTo(Verdict.REVOKED);
    assertThat(guard.check(other)).isEqualTo(Verdict.UNCHECKED);
    assertThat(guard.check(new TokenRef("another-sub", "j", "f", NOW, NOW + 60)))
        .isEqualTo(Verdict.UNCHECKED);
  }

  @Test
  void checkWhenOpenAndUncheckedThenListenerHearsTheReasonOncePerCheck() {
    java.util.List<RevocationStoreException.Reason> heard = new java.util.ArrayList<>();
    RevocationGuard guard =
        new RevocationGuard(store, FailureMode.OPEN, Duration.ofSeconds(5), clock, heard::add);
    store.down = true;

    guard.check(token("j1", "f1", NOW - 10));
    guard.check(token("j2", "f2", NOW - 10));

    assertThat(heard)
        .containsExactly(
            RevocationStoreException.Reason.TIMEOUT, RevocationStoreException.Reason.TIMEOUT);
  }

  @Test
  void clearWhenRestoredThenNothingReadBeforeIsBelieved() {
    RevocationGuard guard = guard(FailureMode.CLOSED);
    guard.check(token("j1", "f1", NOW - 10));
    guard.clear();

    guard.check(token("j1", "f1", NOW - 10));

    assertThat(store.reads).isEqualTo(2);
    assertThat(store.credentialsForgotten)
        .as("credentials fetched before a snapshot are not reused")
        .isEqualTo(1);
  }

  @Test
  void checkWhenCacheTimeZeroThenEveryCheckReads() {
    RevocationGuard guard = new RevocationGuard(store, FailureMode.CLOSED, Duration.ZERO, clock);

    guard.check(token("j1", "f1", NOW - 10));
    guard.check(token("j1", "f1", NOW - 10));

    assertThat(store.reads).isEqualTo(2);
  }

  @Test
  void checkWhenGlobalSignOutThenOldSessionsRevokedAndNewLoginNot() {
    RevocationGuard guard = new RevocationGuard(store, FailureMode.CLOSED, Duration.ZERO, clock);
    store.put(Marker.user(SUB, NOW, LATER));

    assertThat(guard.check(token("j1", "f1", NOW - 10))).isEqualTo(Verdict.REVOKED);
    assertThat(guard.check(token("j2", "f2", NOW + 1))).isEqualTo(Verdict.NOT_REVOKED);
  }

  /** Counts reads; {@code down} makes every call time out, as a hanging store would. */
  static final class FlakyStore implements RevocationStore {
    final RevocationStore delegate;
    volatile boolean down;
    int reads;
    int credentialsForgotten;

    FlakyStore(RevocationStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized Markers markersFor(String subject) {
      reads++;
      if (down) {
        throw new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, null);
      }
      return delegate.markersFor(subject);
    }

    @Override
    public void put(Marker marker) {
      delegate.put(marker);
    }

    @Override
    public void forgetCredentials() {
      credentialsForgotten++;
    }
  }
}
