package io.cognitogate.authorizer.cache;

import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.token.BearerToken;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified in this container, so a token presented again skips the RSA check. Keyed
 * by a 128-bit SipHash-1-3 of the Authorization value under a per-container random key (never the token
 * text: neither the value nor any part of it is kept). An entry is served only before the token's
 * {@code exp} (no leeway) and only while the JWKS still holds the same keys; the cache is bounded
 * and evicts when full. Only the verified claims are kept: rules and policy are evaluated per
 * request, per route. Thread-safe.
 */
public final class DecisionCache {
  /** About 1 KB per entry (claims and an immutable context map): ~10 MB at the bound. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final int maxEntries;
  private final Clock clock;
  private final JwksKeySource keys;
  private final ConcurrentHashMap<Key, Entry> entries;
  /** The SipHash key (k0, k1), drawn per container and again after a restore. */
  private volatile long[] hashKey;

  /**
   * @param keys the key source whose key-set changes invalidate entries; null when the keys never change
   */
  public DecisionCache(int maxEntries, Clock clock, JwksKeySource keys) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = keys;
    this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
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

  /** The entry for {@code key} if it may still be served now; expired or outdated entries are dropped. */
  public Entry get(Key key) {
    if (key == null) {
      return null;
    }
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.millis() >= entry.notAfterMillis || entry.keyGeneration != generation()) {
      entries.remove(key, entry);
      return null;
    }
    return entry;
  }

  /**
   * Remembers a verified token until its {@code exp}. Returns the entry (also when it is not stored
   * because the token is already at or past {@code exp}, or {@code key} is null).
   */
  public Entry put(Key key, VerifiedToken token) {
    long exp = token.expiresAt();
    Entry entry = new Entry(token, exp > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : exp * 1000, generation());
    if (key == null || clock.millis() >= entry.notAfterMillis) {
      return entry;
    }
    if (entries.size() >= maxEntries) {
      evict();
    }
    entries.put(key, entry);
    return entry;
  }

  /** Drops every entry and draws a new hash key (after a SnapStart restore: snapshots are shared). */
  public void reseed() {
    hashKey = newHashKey();
    entries.clear();
  }

  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** Expired and outdated entries first; then arbitrary ones (the key order is random) down to 3/4 of the bound. */
  private void evict() {
    long now = clock.millis();
    long current = generation();
    int target = maxEntries - Math.max(1, maxEntries / 4);
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (now >= entry.notAfterMillis || entry.keyGeneration != current) {
        it.remove();
      }
    }
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && entries.size() > target; ) {
      it.next();
      it.remove();
    }
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
    private final Map<String, Object> context;
    private final String logFields;

    Entry(VerifiedToken token, long notAfterMillis, long keyGeneration) {
      this.token = Objects.requireNonNull(token, "token");
      this.notAfterMillis = notAfterMillis;
      this.keyGeneration = keyGeneration;
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
