package io.cognitogate.revocation;

import io.cognitogate.token.Environment;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revocation settings from the function environment. Revocation is on only when {@code
 * REVOCATION_TABLE} is set; an empty value means unset. Errors name the variable, never its value.
 * Credentials are not configuration: the SDK finds the function's own (see {@link
 * DynamoDbClients}).
 *
 * @param endpoint {@code DYNAMODB_ENDPOINT}, an endpoint override for emulators (dynalite): https,
 *     or http to a loopback host only (the requests carry signed credentials)
 * @param attemptTimeout {@code REVOCATION_ATTEMPT_TIMEOUT_MS} per attempt (and connect/socket
 *     timeout)
 * @param callTimeout {@code REVOCATION_TIMEOUT_MS} for the whole call, both attempts and the
 *     backoff included
 * @param failureMode {@code REVOCATION_FAILURE_MODE} (reader): what an unavailable store means
 * @param notRevokedCacheTime {@code REVOCATION_CACHE_SECONDS} (reader): how long "not revoked" is
 *     believed
 * @param markerLifetime {@code REVOCATION_MARKER_TTL_SECONDS} (writer): the longest token validity
 *     plus a margin
 */
public record RevocationConfig(
    String table,
    Optional<URI> endpoint,
    String region,
    Duration attemptTimeout,
    Duration callTimeout,
    FailureMode failureMode,
    Duration notRevokedCacheTime,
    Duration markerLifetime) {

  /** What the reader does when the store cannot answer in time. */
  public enum FailureMode {
    /**
     * Fail the authorization (API Gateway 500, remapped to 503): never an Allow, never a cached
     * Deny.
     */
    CLOSED,
    /**
     * Allow, unless the cache already knows the token is revoked; log a metric line to alarm on.
     */
    OPEN
  }

  public static final int MAX_ATTEMPTS = 2;

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  /** Empty when {@code REVOCATION_TABLE} is unset: revocation off. */
  public static Optional<RevocationConfig> fromEnvironment(Map<String, String> env) {
    String table = Environment.optional(env, "REVOCATION_TABLE");
    if (table == null) {
      return Optional.empty();
    }
    if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException("REVOCATION_TABLE must be a DynamoDB table name");
    }
    Optional<URI> endpoint =
        Optional.ofNullable(Environment.optional(env, "DYNAMODB_ENDPOINT"))
            .map(RevocationConfig::endpoint);
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
      throw new IllegalArgumentException(
          "REVOCATION_TIMEOUT_MS must be at least REVOCATION_ATTEMPT_TIMEOUT_MS");
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
    return Optional.of(
        new RevocationConfig(
            table,
            endpoint,
            region,
            Duration.ofMillis(attempt),
            Duration.ofMillis(call),
            failureMode,
            Duration.ofSeconds(Environment.integer(env, "REVOCATION_CACHE_SECONDS", 5, 0, 300)),
            Duration.ofSeconds(
                Environment.integer(env, "REVOCATION_MARKER_TTL_SECONDS", 3900, 60, 2 * 86_400))));
  }

  private static URI endpoint(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("DYNAMODB_ENDPOINT must be an absolute http(s) URL");
    }
    // requests go to "/" (DynamoDB's JSON protocol): a path or query would be silently dropped
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "DYNAMODB_ENDPOINT must be an absolute http(s) URL without a path");
    }
    if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
      // signed requests in clear text may only stay on this machine (an emulator)
      throw new IllegalArgumentException(
          "DYNAMODB_ENDPOINT must be https unless its host is loopback (127.0.0.0/8, ::1, localhost)");
    }
    return uri;
  }

  /**
   * A loopback literal or the name localhost; any other name is not resolved (what it resolves to
   * can change).
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      try {
        // an IPv6 literal (java.net.URI checked its syntax): parsed, never looked up
        return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    Matcher ipv4 = IPV4.matcher(host);
    if (!ipv4.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(ipv4.group(i)) > 255) {
        return false;
      }
    }
    return ipv4.group(1).equals("127");
  }
}
