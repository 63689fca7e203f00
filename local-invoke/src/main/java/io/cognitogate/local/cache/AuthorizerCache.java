package io.cognitogate.local.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's TOKEN authorizer cache: a successful authorizer result is kept per (authorizer,
 * token) for {@code resultTtlInSeconds} and applied to every later route called with that token.
 * Errors (Unauthorized, 500) are not kept. Keys hold a SHA-256 of the token, never its text.
 */
public final class AuthorizerCache {

  /**
   * Far above any laptop session; only a bound against a script hammering the stack with fresh
   * tokens.
   */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(String result, Instant expiresAt) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public AuthorizerCache(Clock clock) {
    this.clock = clock;
  }

  /** The cached result (the authorizer's serialized output) for this token, if still fresh. */
  public Optional<String> get(String authorizer, String token) {
    String key = key(authorizer, token);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.result());
  }

  /** Keeps a successful result; a TTL of 0 means caching is off, as in API Gateway. */
  public void put(String authorizer, String token, String result, int ttlSeconds) {
    if (ttlSeconds <= 0) {
      return;
    }
    Instant now = clock.instant();
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(
        key(authorizer, token), new Entry(result, now.plus(Duration.ofSeconds(ttlSeconds))));
  }

  public int size() {
    return entries.size();
  }

  private static String key(String authorizer, String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return authorizer + '\u0000' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
