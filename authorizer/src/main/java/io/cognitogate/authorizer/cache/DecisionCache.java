package io.cognitogate.authorizer.cache;

import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.token.BearerToken;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Tokens already verified in this container, so a token presented again skips the RSA check. Keyed
 * by a 128-bit SipHash-1-3 of the Authorization value under a per-container random key (never the token
 * text: neither the value nor any part of it is kept). An entry is served only before the token's
 * {@code exp} (no leeway) and only while the JWKS still holds the same keys. Only the verified claims
 * are kept: rules and policy are evaluated per request, per route.
 *
 * <p>Bounded by construction: a fixed table of {@code maxEntries} slots in sets of {@link #WAYS}
 * (set-associative, as a CPU cache). A token's set is chosen by its key; a new entry takes a free,
 * expired or outdated slot of its set, else the slot whose token expires first. Nothing is allocated
 * per entry beyond the entry itself, and nothing is swept: a miss and an insert cost a few array
 * reads and two writes. A token can lose its slot before the table is full when its set is (at
 * 10,000 slots: with 1,000 live tokens the odds that any set overflows are about 1 in 4,000; with
 * 5,000, 2 % of the sets do); it is then verified again.
 *
 * <p>Thread-safe without locks: slots are plain array writes of immutable entries, whose final fields
 * (JLS 17.5) make them whole to any thread that reads them, even through a race; each entry carries
 * its full key and is served only when that key matches. A race can lose an insert or an eviction,
 * never serve one token's entry for another.
 */
public final class DecisionCache {
  /** About 1 KB per entry (claims and an immutable context map): ~10 MB when every slot is used. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** Slots per set: eight 8-byte tags are one 64-byte cache line, scanned on every lookup. */
  static final int WAYS = 8;

  private final Clock clock;
  private final JwksKeySource keys;
  private final int ways;
  private final int sets;
  /** Each slot's key, low half (0 for none): the set's tags are compared without touching an entry. */
  private final long[] tags;
  private final Entry[] slots;
  /** The SipHash key (k0, k1), drawn per container and again after a restore. */
  private volatile long[] hashKey;

  /**
   * @param maxEntries the table size (the bound), rounded down to whole sets of {@link #WAYS}
   * @param keys the key source whose key-set changes invalidate entries; null when the keys never change
   */
  public DecisionCache(int maxEntries, Clock clock, JwksKeySource keys) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = keys;
    this.ways = Math.min(WAYS, maxEntries);
    this.sets = maxEntries / ways;
    this.tags = new long[sets * ways];
    this.slots = new Entry[sets * ways];
    this.hashKey = newHashKey();
  }

  /**
   * The lookup key of an Authorization value, or null when it is not worth caching (absent or longer
   * than any token we accept). Values are hashed as ISO-8859-1 bytes: a char above 0xFF becomes '?',
   * which no verified token contains, so such a value can never meet a cached one. (Hashing the chars
   * in place, without this copy, measured slower.)
   */
  public Key key(String authorization) {
    return authorization == null || authorization.length() > BearerToken.MAX_LENGTH ? null
        : key(authorization.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** As {@link #key(String)}, from the value's ISO-8859-1 bytes (which the Bearer parse then reuses). */
  public Key key(byte[] latin1) {
    if (latin1 == null || latin1.length > BearerToken.MAX_LENGTH) {
      return null;
    }
    long[] k = hashKey;
    long[] out = new long[2];
    SipHash128.hash13(k[0], k[1], latin1, latin1.length, out);
    return new Key(out[0], out[1]);
  }

  /** The entry for {@code key} if it may still be served now; an expired or outdated entry is dropped. */
  public Entry get(Key key) {
    if (key == null) {
      return null;
    }
    int first = firstSlot(key);
    for (int slot = first, end = first + ways; slot < end; slot++) {
      if (tags[slot] == key.low) {
        Entry entry = slots[slot];
        if (entry != null && entry.keyHigh == key.high && entry.keyLow == key.low) {
          if (!servable(entry, clock.millis(), generation())) {
            slots[slot] = null;
            return null;
          }
          return entry;
        }
      }
    }
    return null;
  }

  /**
   * Remembers a verified token until its {@code exp}. Returns the entry (also when it is not stored
   * because the token is already at or past {@code exp}, or {@code key} is null).
   */
  public Entry put(Key key, VerifiedToken token) {
    long exp = token.expiresAt();
    long notAfterMillis = exp > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : exp * 1000;
    long now = clock.millis();
    long current = generation();
    Entry entry = key == null ? new Entry(token, notAfterMillis, current, 0, 0)
        : new Entry(token, notAfterMillis, current, key.high, key.low);
    if (key == null || now >= notAfterMillis) {
      return entry;
    }
    int first = firstSlot(key);
    int victim = first;
    long soonest = Long.MAX_VALUE;
    for (int slot = first, end = first + ways; slot < end; slot++) {
      Entry held = slots[slot];
      if (held == null || !servable(held, now, current)
          || (held.keyHigh == key.high && held.keyLow == key.low)) {
        victim = slot;
        break;
      }
      if (held.notAfterMillis < soonest) {
        soonest = held.notAfterMillis;
        victim = slot;
      }
    }
    slots[victim] = entry;
    tags[victim] = key.low;
    return entry;
  }

  /** Drops every entry and draws a new hash key (after a SnapStart restore: snapshots are shared). */
  public void reseed() {
    hashKey = newHashKey();
    clear();
  }

  public void clear() {
    Arrays.fill(slots, null);
  }

  /** The entries held (servable or not yet dropped); a scan of the table, for tests and benchmarks. */
  public int size() {
    int n = 0;
    for (Entry entry : slots) {
      if (entry != null) {
        n++;
      }
    }
    return n;
  }

  /** The bound: the table's slot count. */
  public int maxEntries() {
    return slots.length;
  }

  /** The key's set (from the bits the tag does not use), as its first slot: {@code (high >>> 32) * sets >>> 32}. */
  private int firstSlot(Key key) {
    return (int) (((key.high >>> 32) * sets) >>> 32) * ways;
  }

  private static boolean servable(Entry entry, long now, long generation) {
    return now < entry.notAfterMillis && entry.keyGeneration == generation;
  }

  private long generation() {
    return keys == null ? 0 : keys.generation();
  }

  private static long[] newHashKey() {
    byte[] seed = new byte[16];
    new SecureRandom().nextBytes(seed); // NativePRNG on Linux: /dev/urandom, fresh after a restore
    long k0 = 0;
    long k1 = 0;
    for (int i = 0; i < 8; i++) {
      k0 = (k0 << 8) | (seed[i] & 0xff);
      k1 = (k1 << 8) | (seed[i + 8] & 0xff);
    }
    return new long[] {k0, k1};
  }

  /** A 128-bit keyed hash of an Authorization value. */
  public static final class Key {
    private final long high;
    private final long low;

    Key(long high, long low) {
      this.high = high;
      this.low = low;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && k.high == high && k.low == low;
    }

    @Override
    public int hashCode() {
      return (int) (low ^ (low >>> 32));
    }

    @Override
    public String toString() {
      return "Key[redacted]";
    }
  }

  /** A verified token, when it stops being served, and what the responses reuse from it. */
  public static final class Entry {
    private final VerifiedToken token;
    private final long notAfterMillis;
    private final long keyGeneration;
    private final long keyHigh;
    private final long keyLow;
    private final Map<String, Object> context;
    private final String logFields;

    Entry(VerifiedToken token, long notAfterMillis, long keyGeneration, long keyHigh, long keyLow) {
      this.token = Objects.requireNonNull(token, "token");
      this.notAfterMillis = notAfterMillis;
      this.keyGeneration = keyGeneration;
      this.keyHigh = keyHigh;
      this.keyLow = keyLow;
      this.context = PolicyBuilder.immutableContext(token);
      this.logFields = DecisionLog.fields(token.subject(), token.kid());
    }

    /** The sub/kid part of this token's decision log lines, escaped once. */
    public String logFields() {
      return logFields;
    }

    public VerifiedToken token() {
      return token;
    }

    /** The response context (immutable, shared by every response for this token). */
    public Map<String, Object> context() {
      return context;
    }

    public long notAfterMillis() {
      return notAfterMillis;
    }
  }
}
