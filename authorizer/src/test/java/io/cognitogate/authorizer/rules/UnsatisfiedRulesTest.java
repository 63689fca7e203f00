package io.cognitogate.authorizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnsatisfiedRulesTest {

  @Test
  void ofWhenSamePositionsInAnyOrderThenEqualWithTheSameHashCode() {
    assertThat(UnsatisfiedRules.of(3, 70, 0))
        .isEqualTo(UnsatisfiedRules.of(0, 3, 70))
        .hasSameHashCodeAs(UnsatisfiedRules.of(70, 0, 3, 3));
    assertThat(UnsatisfiedRules.of(3))
        .isNotEqualTo(UnsatisfiedRules.of(67))
        .isNotEqualTo(UnsatisfiedRules.of(3, 4));
  }

  @Test
  void ofWhenNoPositionsThenIsTheEmptySet() {
    assertThat(UnsatisfiedRules.of())
        .isSameAs(UnsatisfiedRules.NONE)
        .isSameAs(UnsatisfiedRules.of(0L, null));
    assertThat(UnsatisfiedRules.of().isEmpty()).isTrue();
    assertThat(UnsatisfiedRules.of(0).isEmpty()).isFalse();
    // trailing zero words do not make a different set
    assertThat(UnsatisfiedRules.of(1L, new long[] {0L, 0L})).isEqualTo(UnsatisfiedRules.of(0));
    assertThat(UnsatisfiedRules.of(0L, new long[] {4L, 0L})).isEqualTo(UnsatisfiedRules.of(66));
  }

  @Test
  void containsWhenBeyondSixtyFourRulesThenTracksEachPosition() {
    UnsatisfiedRules set = UnsatisfiedRules.of(0, 63, 64, 199);

    for (int position : new int[] {0, 63, 64, 199}) {
      assertThat(set.contains(position)).as("position %d", position).isTrue();
    }
    for (int position : new int[] {1, 62, 65, 198, 200, 100_000, -1}) {
      assertThat(set.contains(position)).as("position %d", position).isFalse();
    }
    assertThat(set).hasToString("UnsatisfiedRules[0, 63, 64, 199]");
  }

  @Test
  void equalsWhenUsedAsAMapKeyThenFindsTheSameEntryFromAnEqualSet() {
    Map<Object, String> policies = new HashMap<>();
    policies.put(UnsatisfiedRules.of(1, 65), "policy A");

    assertThat(policies.get(UnsatisfiedRules.of(65, 1))).isEqualTo("policy A");
    assertThat(policies.get(UnsatisfiedRules.of(1))).isNull();
  }

  @Test
  void unsatisfiedWhenTheSameTokenAgainThenTheSameSetComesBackWithoutANewObject() {
    RouteRules rules = RouteRules.parse("GET /a=group:a;GET /b=group:b;GET /c=group:c");
    var token = RouteRulesTest.token(java.util.List.of("b"), "");

    UnsatisfiedRules first = rules.unsatisfied(token);
    assertThat(first).isEqualTo(UnsatisfiedRules.of(0, 2));
    assertThat(rules.unsatisfied(token)).isSameAs(first);
    assertThat(rules.unsatisfied(RouteRulesTest.token(java.util.List.of("a", "b", "c"), "")))
        .isSameAs(UnsatisfiedRules.NONE);
  }

  @Test
  void ofWhenNegativePositionThenRefuses() {
    assertThatThrownBy(() -> UnsatisfiedRules.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
