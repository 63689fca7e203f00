package io.cognitogate.revocation;

import io.cognitogate.token.Environment;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Revocation settings from the function environment. Revocation is on only when
 * {@code REVOCATION_TABLE} is set; an empty value means unset. Errors name the variable, never its value.
 *
 * @param endpoint {@code DYNAMODB_ENDPOINT}, an endpoint override for emulators (dynalite)
 * @param attemptTimeout {@code REVOCATION_ATTEMPT_TIMEOUT_MS} per attempt (and connect/socket timeout)
 * @param callTimeout {@code REVOCATION_TIMEOUT_MS} for the whole call, both attempts and the backoff included
 * @param failureMode {@code REVOCATION_FAILURE_MODE} (reader): what an unavailable store means
 * @param notRevokedCacheTime {@code REVOCATION_CACHE_SECONDS} (reader): how long "not revoked" is believed
 * @param markerLifetime {@code REVOCATION_MARKER_TTL_SECONDS} (writer): the longest token validity plus a margin
 * @param credentials the function's AWS credentials ({@link AwsCredentialsSource}: the variables Lambda sets)
 */
public record RevocationConfig(String table, Optional<URI> endpoint, String region, Duration attemptTimeout,
    Duration callTimeout, FailureMode failureMode, Duration notRevokedCacheTime, Duration markerLifetime,
    AwsCredentialsSource credentials) {

  /** What the reader does when the store cannot answer in time. */
  public enum FailureMode {
    /** Fail the authorization (API Gateway 500, remapped to 503): never an Allow, never a cached Deny. */
    CLOSED,
    /** Allow, unless the cache already knows the token is revoked; log a metric line to alarm on. */
    OPEN
  }

  public static final int MAX_ATTEMPTS = 2;

  /** Empty when {@code REVOCATION_TABLE} is unset: revocation off. */
  public static Optional<RevocationConfig> fromEnvironment(Map<String, String> env) {
    String table = Environment.optional(env, "REVOCATION_TABLE");
    if (table == null) {
      return Optional.empty();
    }
    if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException("REVOCATION_TABLE must be a DynamoDB table name");
    }
    Optional<URI> endpoint = Optional.ofNullable(Environment.optional(env, "DYNAMODB_ENDPOINT")).map(RevocationConfig::url);
    String region = Environment.optional(env, "AWS_REGION");
    if (region == null) {
      region = Environment.optional(env, "AWS_DEFAULT_REGION");
    }
    if (region == null) {
      throw new IllegalArgumentException("AWS_REGION is required when REVOCATION_TABLE is set");
    }
    if (!region.matches("[a-z]{2}(-[a-z0-9]+){2,3}")) {
      // it becomes the endpoint's host name and the signing scope
      throw new IllegalArgumentException("AWS_REGION must be a region name such as eu-west-1");
    }
    long attempt = Environment.integer(env, "REVOCATION_ATTEMPT_TIMEOUT_MS", 500, 10, 10_000);
    long call = Environment.integer(env, "REVOCATION_TIMEOUT_MS", 1200, 10, 20_000);
    if (call < attempt) {
      throw new IllegalArgumentException("REVOCATION_TIMEOUT_MS must be at least REVOCATION_ATTEMPT_TIMEOUT_MS");
    }
    String mode = Environment.optional(env, "REVOCATION_FAILURE_MODE");
    FailureMode failureMode;
    if (mode == null || mode.equals("closed")) {
      failureMode = FailureMode.CLOSED;
    } else if (mode.equals("open")) {
      failureMode = FailureMode.OPEN;
    } else {
      throw new IllegalArgumentException("REVOCATION_FAILURE_MODE must be 'closed' or 'open'");
    }
    return Optional.of(new RevocationConfig(table, endpoint, region, Duration.ofMillis(attempt),
        Duration.ofMillis(call), failureMode,
        Duration.ofSeconds(Environment.integer(env, "REVOCATION_CACHE_SECONDS", 5, 0, 300)),
        Duration.ofSeconds(Environment.integer(env, "REVOCATION_MARKER_TTL_SECONDS", 3900, 60, 2 * 86_400)),
        AwsCredentialsSource.fromEnvironment(env, Duration.ofMillis(attempt), Clock.systemUTC())));
  }

  private static URI url(String value) {
    try {
      URI uri = new URI(value);
      // requests go to "/" (DynamoDB's JSON protocol): a path or query would be silently dropped
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
        throw new IllegalArgumentException("DYNAMODB_ENDPOINT must be an absolute http(s) URL without a path");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("DYNAMODB_ENDPOINT must be an absolute http(s) URL");
    }
  }
}
