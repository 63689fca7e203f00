package io.cognitogate.revocation;

import static io.cognitogate.revocation.MarkersTest.LATER;
import static io.cognitogate.revocation.MarkersTest.NOW;
import static io.cognitogate.revocation.MarkersTest.SUB;
import static io.cognitogate.revocation.MarkersTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.token.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest {
  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
  final InMemoryRevocationStore store = new InMemoryRevocationStore(clock);

  @Test
  void markersForWhenSessionMarkedThenThatFamilyIsRevokedOnlyForThatSubject() {
    store.put(Marker.session(token("jti-a", "fam-1", NOW - 10), NOW, LATER));

    assertThat(store.markersFor(SUB).revokes(token("jti-b", "fam-1", NOW - 10))).isTrue();
    assertThat(store.markersFor("someone-else").isEmpty()).isTrue();
  }

  @Test
  void markersForWhenMarkerExpiredThenStillStoredButIgnored() {
    store.put(Marker.session(token("jti-a", "", NOW - 10), NOW, NOW + 60));

    clock.set(Instant.ofEpochSecond(NOW + 60));

    assertThat(store.stored(SUB)).hasSize(1);
    assertThat(store.markersFor(SUB).revokes(token("jti-a", "", NOW - 10))).isFalse();
  }

  @Test
  void putWhenOlderUserMarkerArrivesLastThenSignOutTimeDoesNotMoveBack() {
    store.put(Marker.user(SUB, NOW, LATER));
    store.put(Marker.user(SUB, NOW - 100, LATER - 100));

    assertThat(store.markersFor(SUB).signedOutAt()).isEqualTo(NOW);
  }
}
