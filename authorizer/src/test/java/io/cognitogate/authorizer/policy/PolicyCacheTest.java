package io.cognitogate.authorizer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCacheTest {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items/";

  @Test
  void routeWhenSameArnAgainThenReusesParsedArnAndDocument() {
    PolicyCache cache = new PolicyCache();
    PolicyCache.Route first = cache.route(ARN + "1");
    var document = first.document(0, (arn, mask) -> List.of());

    assertThat(cache.route(ARN + "1")).isSameAs(first);
    assertThat(first.document(0, (arn, mask) -> { throw new AssertionError("rebuilt"); })).isSameAs(document);
    assertThat(first.document(1, (arn, mask) -> List.of(arn.resource("GET", "admin"))).toString())
        .contains("Deny", "abc/prod/GET/admin");
  }

  @Test
  void routeWhenDocumentReturnedThenItsStatementsAndResourcesCannotBeModified() {
    var document = new PolicyCache().route(ARN + "1").document(1, (arn, mask) -> List.of(arn.resource("GET", "admin")));
    assertThatThrownBy(() -> document.getStatement().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> document.getStatement().get(0).getResource().add("*"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void routeWhenManyDistinctPathParametersThenStaysBounded() {
    PolicyCache cache = new PolicyCache();
    for (int i = 0; i < PolicyCache.MAX_ROUTES * 3; i++) {
      cache.route(ARN + i);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(PolicyCache.MAX_ROUTES);
  }

  @Test
  void routeWhenMalformedThenThrowsAndCachesNothing() {
    PolicyCache cache = new PolicyCache();
    assertThatThrownBy(() -> cache.route("arn:aws:nope")).isInstanceOf(MalformedMethodArnException.class);
    assertThatThrownBy(() -> cache.route(null)).isInstanceOf(MalformedMethodArnException.class);
    assertThat(cache.size()).isZero();
  }
}
