package io.cognitogate.authorizer.cache;

import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.token.BearerToken;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.VerifiedToken;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified in this container, so a token presented again skips java-jwt and the RSA
 * check. Keyed by the Authorization value itself ({@link Key}): a hit is a full comparison of the
 * whole value ({@link String#equals}), so no hash decides anything. Only tokens that passed every
 * check are ever stored, so a caller cannot fill the map with values of its choosing. An entry is
 * served only before the token's {@code exp} (no leeway) and only while the JWKS still holds the
 * same keys. Only the verified claims are kept: rules and policy are evaluated per request, per
 * route.
 *
 * <p>Bounded: at {@code maxEntries} an insert first drops the entries that can no longer be served;
 * if none can go, the map starts over (a full map of live tokens is a container serving more
 * distinct users than the bound within their token lifetime: each is then verified once more). The
 * values stay in memory only while their tokens are valid, as in API Gateway's own cache.
 */
public final class DecisionCache {
  /**
   * About 2 KB per entry (the value, the claims and an immutable context map): ~20 MB when full.
   */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final JwksKeySource keys;
  private final int maxEntries;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param keys the key source whose key-set changes invalidate entries; null when the keys never
   *     change
   */
  public DecisionCache(int maxEntries, Clock clock, JwksKeySource keys) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = keys;
  }

  /**
   * The entry for exactly this Authorization value, or null (absent, expired, or its keys changed).
   */
  public Entry get(String authorization) {
    if (authorization == null || authorization.length() > BearerToken.MAX_LENGTH) {
      return null;
    }
    Key key = new Key(authorization);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!entry.servable(clock.millis(), generation())) {
      entries.remove(key, entry);
      return null;
    }
    return entry;
  }

  /** Remembers a token that has just been verified from this Authorization value. */
  public Entry put(String authorization, VerifiedToken token) {
    Entry entry = new Entry(token, Math.multiplyExact(token.expiresAt(), 1000L), generation());
    long now = clock.millis();
    if (authorization == null
        || authorization.length() > BearerToken.MAX_LENGTH
        || now >= entry.notAfterMillis) {
      return entry; // the verifier's leeway may accept a token the cache must no longer serve
    }
    if (entries.size() >= maxEntries) {
      long generation = generation();
      entries.values().removeIf(old -> !old.servable(now, generation));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(new Key(authorization), entry);
    return entry;
  }

  /** Forgets every entry (before a SnapStart snapshot: a snapshot is shared by many containers). */
  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  public int maxEntries() {
    return maxEntries;
  }

  private long generation() {
    return keys == null ? 0 : keys.generation();
  }

  /**
   * The Authorization value as a map key: equal only to the very same value. Its hash is String's
   * hash of the last {@value #HASHED_TAIL} characters, the end of the RS256 signature (distinct for
   * every token), so a lookup does not hash the whole kilobyte (the JDK 17 String hash is a scalar
   * loop); two values sharing that tail only share a bucket, the comparison still decides.
   */
  private record Key(String value) {
    static final int HASHED_TAIL = 64;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && value.equals(key.value);
    }

    @Override
    public int hashCode() {
      int length = value.length();
      return length <= HASHED_TAIL
          ? value.hashCode()
          : value.substring(length - HASHED_TAIL).hashCode();
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

    boolean servable(long nowMillis, long generation) {
      return nowMillis < notAfterMillis && keyGeneration == generation;
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
