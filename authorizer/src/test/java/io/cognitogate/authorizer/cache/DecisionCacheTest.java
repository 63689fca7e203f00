package io.cognitogate.authorizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifiedToken;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision cache on its own: expiry, bound, keying, and what it keeps in memory. */
class DecisionCacheTest {
  final MutableClock clock = new MutableClock(TestTokens.NOW);

  static VerifiedToken token(String sub, long exp) {
    return new VerifiedToken(sub, "alice", TestTokens.CLIENT_ID, TokenUse.ACCESS, "openid", List.of("users"), exp, "key-1");
  }

  static String header(int i) {
    return "Bearer eyJraWQiOiJrZXktMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ" + i + "In0.c2lnbmF0dXJl" + Integer.toHexString(i * 7919);
  }

  @Test
  void getWhenTokenExpiresThenServedUpToExpAndNeverAfter() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    DecisionCache.Key key = cache.key(header(1));
    cache.put(key, token("a", TestTokens.NOW_S + 60));

    clock.advance(Duration.ofSeconds(59).plusMillis(999));
    assertThat(cache.get(key)).isNotNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get(key)).as("at exp: not served (no leeway)").isNull();
    assertThat(cache.size()).as("dropped").isZero();
  }

  @Test
  void putWhenTokenAlreadyAtOrPastExpThenNotStored() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    // the verifier accepts up to exp + leeway; the cache never goes past exp
    cache.put(cache.key(header(1)), token("a", TestTokens.NOW_S - 2));
    cache.put(cache.key(header(2)), token("b", TestTokens.NOW_S));
    assertThat(cache.size()).isZero();
  }

  @Test
  void putWhenFullThenEvictsAndStaysWithinTheBound() {
    DecisionCache cache = new DecisionCache(64, clock, null);
    for (int i = 0; i < 1_000; i++) {
      cache.put(cache.key(header(i)), token("sub-" + i, TestTokens.NOW_S + 3600));
      assertThat(cache.size()).isLessThanOrEqualTo(64);
    }
    assertThat(cache.get(cache.key(header(999)))).as("the newest entry is there").isNotNull();
  }

  @Test
  void putWhenFullThenExpiredEntriesGoFirst() {
    DecisionCache cache = new DecisionCache(8, clock, null);
    for (int i = 0; i < 4; i++) {
      cache.put(cache.key(header(i)), token("short-" + i, TestTokens.NOW_S + 10));
    }
    for (int i = 4; i < 8; i++) {
      cache.put(cache.key(header(i)), token("long-" + i, TestTokens.NOW_S + 3600));
    }
    clock.advance(Duration.ofSeconds(11));
    cache.put(cache.key(header(8)), token("new", TestTokens.NOW_S + 3600));

    for (int i = 4; i <= 8; i++) {
      assertThat(cache.get(cache.key(header(i)))).as("live entry %s kept", i).isNotNull();
    }
  }

  @Test
  void putWhenSetFullOfLiveTokensThenTheOneExpiringFirstMakesRoom() {
    DecisionCache cache = new DecisionCache(8, clock, null); // one set of eight
    for (int i = 0; i < 8; i++) {
      // exp in s from now: 1000, 1750, 1100, 1850, ... (not in insertion order); i = 0 expires first
      cache.put(cache.key(header(i)), token("sub-" + i, TestTokens.NOW_S + 1000 + (i % 2) * 700 + i * 50));
    }
    cache.put(cache.key(header(8)), token("new", TestTokens.NOW_S + 3600));

    assertThat(cache.get(cache.key(header(0)))).as("expires first: replaced").isNull();
    for (int i = 1; i <= 8; i++) {
      assertThat(cache.get(cache.key(header(i)))).as("entry %s kept", i).isNotNull();
    }
    assertThat(cache.size()).isEqualTo(8);
  }

  @Test
  void putWhenSameTokenAgainThenOneSlotNotTwo() {
    DecisionCache cache = new DecisionCache(8, clock, null);
    for (int i = 0; i < 3; i++) {
      cache.put(cache.key(header(1)), token("a", TestTokens.NOW_S + 3600));
    }
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void maxEntriesWhenNotWholeSetsThenRoundedDownNeverUp() {
    assertThat(new DecisionCache(20, clock, null).maxEntries()).isEqualTo(16);
    assertThat(new DecisionCache(5, clock, null).maxEntries()).isEqualTo(5);
    assertThat(new DecisionCache(DecisionCache.DEFAULT_MAX_ENTRIES, clock, null).maxEntries())
        .isEqualTo(DecisionCache.DEFAULT_MAX_ENTRIES);
  }

  @Test
  void getWhenThreadsRaceOnOneSetThenNeverAnotherTokensEntry() throws Exception {
    DecisionCache cache = new DecisionCache(8, clock, null); // every token competes for the same eight slots
    int threads = 4;
    java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 1_000;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int round = 0; round < 200; round++) {
          for (int i = offset; i < offset + 12; i++) {
            DecisionCache.Key key = cache.key(header(i));
            DecisionCache.Entry entry = cache.get(key);
            if (entry == null) {
              cache.put(key, token("sub-" + i, TestTokens.NOW_S + 3600 + i % 7)); // varied exp: varied victims
            } else if (entry.token().subject().equals("sub-" + i)) {
              hits.incrementAndGet();
            } else {
              wrong.incrementAndGet();
            }
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(wrong.get()).isZero();
    assertThat(cache.size()).isLessThanOrEqualTo(8);
    assertThat(hits.get()).as("the race still served entries").isPositive();
  }

  @Test
  void getWhenDifferentTokenThenNeverAnotherTokensEntry() {
    DecisionCache cache = new DecisionCache(10_000, clock, null);
    // 500 tokens over 1,250 sets of eight: a set overflows with odds below one in a million
    for (int i = 0; i < 500; i++) {
      cache.put(cache.key(header(i)), token("sub-" + i, TestTokens.NOW_S + 3600));
    }
    for (int i = 0; i < 500; i++) {
      assertThat(cache.get(cache.key(header(i))).token().subject()).isEqualTo("sub-" + i);
      // one character changed, one appended, the scheme spelled differently: all misses
      String h = header(i);
      assertThat(cache.get(cache.key(h.substring(0, h.length() - 1) + (h.endsWith("A") ? "B" : "A")))).isNull();
      assertThat(cache.get(cache.key(h + "x"))).isNull();
    }
    assertThat(cache.get(cache.key("bearer" + header(1).substring(6)))).isNull();
    assertThat(cache.key((String) null)).isNull();
    assertThat(cache.key((byte[]) null)).isNull();
    // the bytes a caller hashes are the value's ISO-8859-1 bytes: both forms give one key
    assertThat(cache.key(header(2).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isEqualTo(cache.key(header(2)));
    assertThat(cache.get(null)).isNull();
  }

  @Test
  void keyWhenReseededThenSameTokenMapsElsewhereAndEntriesAreGone() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    DecisionCache.Key before = cache.key(header(1));
    cache.put(before, token("a", TestTokens.NOW_S + 3600));
    assertThat(cache.key(header(1))).isEqualTo(before);

    cache.reseed();

    assertThat(cache.key(header(1))).isNotEqualTo(before);
    assertThat(cache.size()).isZero();
    assertThat(cache.get(before)).isNull();
  }

  @Test
  void keyWhenTwoContainersThenTheirKeysDiffer() {
    assertThat(new DecisionCache(1, clock, null).key(header(1))).isNotEqualTo(new DecisionCache(1, clock, null).key(header(1)));
  }

  @Test
  void keyWhenHeaderLongerThanAnyAcceptedTokenThenNotCached() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    assertThat(cache.key("Bearer " + "a".repeat(9_000))).isNull();
  }

  @Test
  void getWhenCharAboveLatin1ThenNeverMeetsALatin1Lookalike() {
    DecisionCache cache = new DecisionCache(100, clock, null);
    String h = header(1);
    cache.put(cache.key(h), token("a", TestTokens.NOW_S + 3600));
    // U+014A and 'J' (0x4A) share their low byte
    assertThat(cache.get(cache.key(h.replace('J', '\u014a')))).isNull();
  }

  @Test
  void memoryWhenTokensCachedThenNoPartOfAnyTokenTextIsKept() throws Exception {
    DecisionCache cache = new DecisionCache(100, clock, null);
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String h = header(i) + "-unique-signature-text-" + i;
      headers.add(h);
      DecisionCache.Entry entry = cache.put(cache.key(h), token("sub-" + i, TestTokens.NOW_S + 3600));
      entry.context(); // what responses share
    }

    List<String> texts = new ArrayList<>();
    collectTexts(cache, texts, new IdentityHashMap<>());

    assertThat(texts).as("the walk reached the claims").contains("sub-7", "alice");
    for (String h : headers) {
      String jwt = h.substring(7);
      for (int i = 0; i + 16 <= jwt.length(); i++) {
        String piece = jwt.substring(i, i + 16);
        assertThat(texts).as("a 16-char piece of a token").noneMatch(text -> text.contains(piece));
      }
    }
  }

  /** Every String (and byte/char array as text) reachable from {@code root}: our objects by their fields, JDK collections through their API. */
  static void collectTexts(Object root, List<String> texts, IdentityHashMap<Object, Boolean> seen) throws IllegalAccessException {
    if (root == null || seen.put(root, Boolean.TRUE) != null) {
      return;
    }
    if (root instanceof String s) {
      texts.add(s);
    } else if (root instanceof byte[] bytes) {
      texts.add(new String(bytes, StandardCharsets.ISO_8859_1));
    } else if (root instanceof char[] chars) {
      texts.add(new String(chars));
    } else if (root instanceof Object[] array) {
      for (Object element : array) {
        collectTexts(element, texts, seen);
      }
    } else if (root instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        collectTexts(e.getKey(), texts, seen);
        collectTexts(e.getValue(), texts, seen);
      }
    } else if (root instanceof Collection<?> collection) {
      for (Object element : collection) {
        collectTexts(element, texts, seen);
      }
    } else if (root.getClass().getName().startsWith("io.cognitogate.")) {
      for (Class<?> type = root.getClass(); type != null && type.getName().startsWith("io.cognitogate."); type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
            continue;
          }
          field.setAccessible(true);
          collectTexts(field.get(root), texts, seen);
        }
      }
    }
  }
}
