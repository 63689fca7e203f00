package io.cognitogate.authorizer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCacheTest {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items/";

  /** A policy that denies {@code callers} as a path: enough to tell the cached policies apart. */
  static final RoutePolicies<String> DENY_CALLERS =
      (arn, callers) ->
          new RoutePolicy(
              new PolicyStatements(
                      List.of(arn.allRoutesResource()), List.of(arn.resource("GET", callers)))
                  .document(),
              RoutePolicy.Verdict.VERIFIED_WITH_DENIED_ROUTES);

  @Test
  void routeWhenSameArnAgainThenReusesParsedArnAndPolicy() {
    PolicyCache cache = new PolicyCache();
    PolicyCache.Route first = cache.route(ARN + "1");
    RoutePolicy policy = first.policy("admin", DENY_CALLERS);

    assertThat(cache.route(ARN + "1")).isSameAs(first);
    assertThat(
            first.policy(
                "admin",
                (arn, callers) -> {
                  throw new AssertionError("rebuilt");
                }))
        .isSameAs(policy);
    assertThat(first.policy("reports", DENY_CALLERS).document().toString())
        .contains("Deny", "abc/prod/GET/reports")
        .doesNotContain("GET/admin");
  }

  @Test
  void routeWhenPolicyReturnedThenItsStatementsAndResourcesCannotBeModified() {
    var document = new PolicyCache().route(ARN + "1").policy("admin", DENY_CALLERS).document();
    assertThatThrownBy(() -> document.getStatement().clear())
        .isInstanceOf(UnsupportedOperationException.class);
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
  void routeWhenManyClassesOfCallersThenKeepsABoundedNumberOfPolicies() {
    PolicyCache.Route route = new PolicyCache().route(ARN + "1");
    for (int i = 0; i < PolicyCache.MAX_POLICIES_PER_ROUTE * 3; i++) {
      route.policy("group" + i, DENY_CALLERS);
    }
    assertThat(route.size()).isBetween(1, PolicyCache.MAX_POLICIES_PER_ROUTE);
  }

  @Test
  void routeWhenMalformedThenThrowsAndCachesNothing() {
    PolicyCache cache = new PolicyCache();
    assertThatThrownBy(() -> cache.route("arn:aws:nope"))
        .isInstanceOf(MalformedMethodArnException.class);
    assertThatThrownBy(() -> cache.route(null)).isInstanceOf(MalformedMethodArnException.class);
    assertThat(cache.size()).isZero();
  }
}
