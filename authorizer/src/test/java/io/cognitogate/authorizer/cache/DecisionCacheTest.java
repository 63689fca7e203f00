package io.cognitogate.authorizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwk.Jwk;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The decision cache on its own: expiry, bound, exact keying, key-set changes. */
class DecisionCacheTest {
  final MutableClock clock = new MutableClock(TestTokens.NOW);

  static VerifiedToken token(String sub, long exp) {
    return new VerifiedToken(
        sub,
        "alice",
        TestTokens.CLIENT_ID,
        TokenUse.ACCESS,
        "openid",
        List.of("users"),
        exp,
        "key-1");
  }

  static String header(int i) {
    return "Bearer eyJraWQiOiJrZXktMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ"
        + i
        + "In0.c2lnbmF0dXJl"
        + Integer.toHexString(i * 7919);
  }

  @Test
  void getWhenTokenExpiresThenServedUpToExpAndNeverAfter() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    cache.put(header(1), token("a", TestTokens.NOW_S + 60));

    clock.advance(Duration.ofSeconds(59).plusMillis(999));
    assertThat(cache.get(header(1))).isNotNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get(header(1))).as("at exp: not served (no leeway)").isNull();
    assertThat(cache.size()).as("dropped").isZero();
  }

  @Test
  void putWhenTokenAlreadyAtOrPastExpThenNotStored() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    // the verifier accepts up to exp + leeway; the cache never goes past exp
    cache.put(header(1), token("a", TestTokens.NOW_S - 2));
    cache.put(header(2), token("b", TestTokens.NOW_S));
    assertThat(cache.size()).isZero();
  }

  @Test
  void putWhenFullThenStaysWithinTheBound() {
    DecisionCache cache = new DecisionCache(64, clock, null);
    for (int i = 0; i < 1_000; i++) {
      cache.put(header(i), token("sub-" + i, TestTokens.NOW_S + 3600));
      assertThat(cache.size()).isLessThanOrEqualTo(64);
    }
    assertThat(cache.get(header(999))).as("the newest entry is always kept").isNotNull();
  }

  @Test
  void putWhenFullThenExpiredEntriesGoFirstAndLiveOnesStay() {
    DecisionCache cache = new DecisionCache(4, clock, null);
    cache.put(header(1), token("short-1", TestTokens.NOW_S + 10));
    cache.put(header(2), token("short-2", TestTokens.NOW_S + 10));
    cache.put(header(3), token("long-3", TestTokens.NOW_S + 3600));
    cache.put(header(4), token("long-4", TestTokens.NOW_S + 3600));
    clock.advance(Duration.ofSeconds(10));

    cache.put(header(5), token("new-5", TestTokens.NOW_S + 3600));

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get(header(3))).isNotNull();
    assertThat(cache.get(header(4))).isNotNull();
    assertThat(cache.get(header(5))).isNotNull();
  }

  @Test
  void putWhenSameTokenAgainThenOneEntryNotTwo() {
    DecisionCache cache = new DecisionCache(10, clock, null);
    cache.put(header(1), token("a", TestTokens.NOW_S + 60));
    cache.put(header(1), token("a", TestTokens.NOW_S + 60));
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void getWhenValueDiffersInOneCharacterThenNeverAnotherTokensEntry() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    String value = header(7);
    cache.put(value, token("seven", TestTokens.NOW_S + 60));

    for (int i = 0; i < value.length(); i++) {
      String other = value.substring(0, i) + (char) (value.charAt(i) ^ 1) + value.substring(i + 1);
      assertThat(cache.get(other)).as("changed at %d", i).isNull();
    }
    assertThat(cache.get(value + " ")).isNull();
    assertThat(cache.get(value).token().subject()).isEqualTo("seven");
  }

  @Test
  void getWhenTwoValuesShareTheirLastCharactersThenEachGetsOnlyItsOwnEntry() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    String tail = "x".repeat(200);
    cache.put("Bearer a." + tail, token("first", TestTokens.NOW_S + 60));
    cache.put("Bearer b." + tail, token("second", TestTokens.NOW_S + 60));

    assertThat(cache.get("Bearer a." + tail).token().subject()).isEqualTo("first");
    assertThat(cache.get("Bearer b." + tail).token().subject()).isEqualTo("second");
    assertThat(cache.get("Bearer c." + tail)).isNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void getWhenThreadsRaceThenEachValueGetsOnlyItsOwnEntry() throws Exception {
    DecisionCache cache = new DecisionCache(32, clock, null);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t * 1_000;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  int n = offset + i % 50;
                  cache.put(header(n), token("sub-" + n, TestTokens.NOW_S + 3600));
                  DecisionCache.Entry entry = cache.get(header(n));
                  if (entry != null && !entry.token().subject().equals("sub-" + n)) {
                    wrong.add(header(n));
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(cache.size()).isLessThanOrEqualTo(32);
  }

  @Test
  void getWhenHeaderLongerThanAnyAcceptedTokenThenNotCached() {
    DecisionCache cache = new DecisionCache(10, clock, null);
    String huge = "Bearer " + "a".repeat(9000);
    cache.put(huge, token("a", TestTokens.NOW_S + 60));
    assertThat(cache.size()).isZero();
    assertThat(cache.get(huge)).isNull();
    assertThat(cache.get(null)).isNull();
  }

  @Test
  void getWhenJwksKeySetChangesThenEntriesOfTheOldSetAreNotServed() {
    BadTokens keysOwner = new BadTokens();
    List<Map<String, Object>> served = new ArrayList<>(keysOwner.jwks());
    JwksKeySource keys =
        new JwksKeySource(
            () -> served.stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    DecisionCache cache = new DecisionCache(10, clock, keys);
    cache.put(header(1), token("a", TestTokens.NOW_S + 60));

    keys.refresh();
    assertThat(cache.get(header(1))).as("same keys fetched again").isNotNull();

    served.set(0, TestKeys.jwk(BadTokens.KID, keysOwner.attacker));
    keys.refresh();
    assertThat(cache.get(header(1))).isNull();
  }

  @Test
  void clearWhenCalledThenNothingIsServed() {
    DecisionCache cache = new DecisionCache(10, clock, null);
    cache.put(header(1), token("a", TestTokens.NOW_S + 60));
    cache.clear();
    assertThat(cache.get(header(1))).isNull();
    assertThat(cache.size()).isZero();
  }
}
