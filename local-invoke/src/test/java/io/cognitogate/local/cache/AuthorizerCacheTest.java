package io.cognitogate.local.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.token.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizerCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final AuthorizerCache cache = new AuthorizerCache(clock);

  @Test
  void getWhenWithinTtlThenCachedResult() {
    cache.put("authorizer", "Bearer a", "{\"principalId\":\"a\"}", 300);
    clock.advance(Duration.ofSeconds(299));

    assertThat(cache.get("authorizer", "Bearer a")).contains("{\"principalId\":\"a\"}");
  }

  @Test
  void getWhenTtlReachedThenEmptyAndEntryDropped() {
    cache.put("authorizer", "Bearer a", "r", 300);
    clock.advance(Duration.ofSeconds(300));

    assertThat(cache.get("authorizer", "Bearer a")).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void putWhenTtlZeroThenNothingKept() {
    cache.put("authorizer", "Bearer a", "r", 0);

    assertThat(cache.get("authorizer", "Bearer a")).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void getWhenOtherTokenOrOtherAuthorizerThenSeparateEntries() {
    cache.put("authorizer", "Bearer a", "r", 300);

    assertThat(cache.get("authorizer", "Bearer b")).isEmpty();
    assertThat(cache.get("otherAuthorizer", "Bearer a")).isEmpty();
  }

  @Test
  void putWhenFullThenStaysBounded() {
    for (int i = 0; i < AuthorizerCache.MAX_ENTRIES + 5; i++) {
      cache.put("authorizer", "Bearer " + i, "r", 300);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(AuthorizerCache.MAX_ENTRIES);
    assertThat(cache.get("authorizer", "Bearer " + (AuthorizerCache.MAX_ENTRIES + 4)))
        .contains("r");
  }
}
