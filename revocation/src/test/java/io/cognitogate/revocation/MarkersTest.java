package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkersTest {
  static final String SUB = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final long NOW = 1_795_687_200L;
  static final long LATER = NOW + 3900;

  static TokenRef token(String jti, String originJti, long authTime) {
    return new TokenRef(SUB, jti, originJti, authTime, NOW + 3600);
  }

  @Test
  void revokesWhenFamilyMarkedThenEveryTokenOfThatSessionIsRevoked() {
    Markers markers =
        Markers.of(List.of(new Marker(SUB, Marker.Kind.FAMILY, "fam-1", NOW, LATER)), NOW);

    assertThat(markers.revokes(token("jti-a", "fam-1", NOW - 100))).isTrue();
    assertThat(markers.revokes(token("jti-b", "fam-1", NOW - 100))).isTrue();
    assertThat(markers.revokes(token("jti-c", "fam-2", NOW - 100))).isFalse();
  }

  @Test
  void revokesWhenJtiMarkedThenOnlyThatTokenIsRevoked() {
    Markers markers =
        Markers.of(List.of(new Marker(SUB, Marker.Kind.TOKEN, "jti-a", NOW, LATER)), NOW);

    assertThat(markers.revokes(token("jti-a", "", NOW - 100))).isTrue();
    assertThat(markers.revokes(token("jti-b", "", NOW - 100))).isFalse();
    assertThat(markers.revokes(token("", "", NOW - 100))).isFalse();
  }

  @Test
  void revokesWhenFamilyIdEqualsAJtiThenKindsAreNotConfused() {
    Markers markers =
        Markers.of(List.of(new Marker(SUB, Marker.Kind.FAMILY, "same-id", NOW, LATER)), NOW);

    assertThat(markers.revokes(token("same-id", "other", NOW - 100))).isFalse();
  }

  @Test
  void revokesWhenAuthTimeAtOrBeforeSignOutThenRevokedAndAfterItNot() {
    Markers markers = Markers.of(List.of(Marker.user(SUB, NOW, LATER)), NOW);

    assertThat(markers.revokes(token("j", "f", NOW - 1))).isTrue();
    assertThat(markers.revokes(token("j", "f", NOW))).as("same second: fail closed").isTrue();
    assertThat(markers.revokes(token("j", "f", NOW + 1)))
        .as("a login after the sign-out")
        .isFalse();
  }

  @Test
  void revokesWhenTokenHasNoAuthTimeAndUserSignedOutThenRevoked() {
    Markers markers = Markers.of(List.of(Marker.user(SUB, NOW, LATER)), NOW);

    assertThat(markers.revokes(token("j", "f", TokenRef.NO_AUTH_TIME))).isTrue();
    assertThat(Markers.NONE.revokes(token("j", "f", TokenRef.NO_AUTH_TIME))).isFalse();
  }

  @Test
  void ofWhenMarkersExpiredThenIgnored() {
    List<Marker> stored =
        List.of(
            Marker.user(SUB, NOW - 5000, NOW - 1),
            new Marker(SUB, Marker.Kind.FAMILY, "fam-1", NOW - 5000, NOW),
            new Marker(SUB, Marker.Kind.TOKEN, "jti-a", NOW - 5000, NOW - 10));

    Markers markers = Markers.of(stored, NOW);

    assertThat(markers.isEmpty()).isTrue();
    assertThat(markers.revokes(token("jti-a", "fam-1", NOW - 6000))).isFalse();
  }

  @Test
  void ofWhenOneMarkerExpiresInASecondThenStillInForceAndEarliestExpiryIsIt() {
    Markers markers =
        Markers.of(
            List.of(
                new Marker(SUB, Marker.Kind.FAMILY, "fam-1", NOW - 3000, NOW + 1),
                new Marker(SUB, Marker.Kind.TOKEN, "jti-a", NOW, LATER)),
            NOW);

    assertThat(markers.revokes(token("x", "fam-1", NOW - 4000))).isTrue();
    assertThat(markers.earliestExpiry()).isEqualTo(NOW + 1);
  }

  @Test
  void ofWhenSeveralUserMarkersThenLatestSignOutCounts() {
    Markers markers =
        Markers.of(List.of(Marker.user(SUB, NOW - 100, LATER), Marker.user(SUB, NOW, LATER)), NOW);

    assertThat(markers.signedOutAt()).isEqualTo(NOW);
    assertThat(markers.revokes(token("j", "f", NOW - 50))).isTrue();
  }

  @Test
  void sessionWhenTokenHasOriginJtiThenFamilyMarkerElseJtiMarker() {
    assertThat(Marker.session(token("jti-a", "fam-1", NOW), NOW, LATER).sortKey())
        .isEqualTo("FAM#fam-1");
    assertThat(Marker.session(token("jti-a", "", NOW), NOW, LATER).sortKey())
        .isEqualTo("JTI#jti-a");
    assertThat(Marker.user(SUB, NOW, LATER).sortKey()).isEqualTo("USER");
    assertThatThrownBy(() -> Marker.session(token("", "", NOW), NOW, LATER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromItemWhenSortKeyUnknownThenIgnoredAndKnownKeysRoundTrip() {
    assertThat(Marker.fromItem(SUB, "SOMETHING#else", NOW, LATER)).isNull();
    assertThat(Marker.fromItem(SUB, "FAM#", NOW, LATER)).isNull();
    assertThat(Marker.fromItem(SUB, "FAM#fam-1", NOW, LATER))
        .isEqualTo(new Marker(SUB, Marker.Kind.FAMILY, "fam-1", NOW, LATER));
    assertThat(Marker.fromItem(SUB, "JTI#a#b", NOW, LATER).id()).isEqualTo("a#b");
    assertThat(Marker.fromItem(SUB, "USER", NOW, LATER)).isEqualTo(Marker.user(SUB, NOW, LATER));
  }
}
