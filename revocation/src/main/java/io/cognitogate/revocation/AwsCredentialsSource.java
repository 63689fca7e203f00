package io.cognitogate.revocation;

import io.cognitogate.token.Environment;
import io.cognitogate.token.JsonScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The function's credentials, found as the AWS SDKs find them in Lambda: the {@code AWS_ACCESS_KEY_ID}
 * / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN} variables (an ordinary Lambda), else
 * the container credentials endpoint {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} (or {@code _TOKEN_FILE}): what Lambda gives a SnapStart
 * function, since keys in the environment would be frozen into the snapshot. Endpoint credentials are
 * kept until {@link #REFRESH_BEFORE_EXPIRY} before they expire and dropped by {@link #forget()}
 * (after a restore). Thread-safe. Errors name the variable or the HTTP status, never a value.
 */
public final class AwsCredentialsSource {
  /** Fetch new endpoint credentials this long before the old ones expire (the SDK's own margin). */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
  /** Within the refresh margin, fetch at most this often (an endpoint that hands out short-lived credentials). */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofMinutes(1);
  /** Credentials this close to expiry are not used: a request signed now must still be valid when it arrives. */
  static final Duration STALE_BEFORE_EXPIRY = Duration.ofSeconds(15);
  /** ECS's link-local endpoint, the base of {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}. */
  static final String ECS_HOST = "http://169.254.170.2";
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final AwsCredentials fixed;
  private final URI endpoint;
  private final String authorizationToken;
  private final Path authorizationTokenFile;
  private final Duration timeout;
  private final Clock clock;
  private AwsCredentials cached;
  private Instant fetchedAt;

  private AwsCredentialsSource(AwsCredentials fixed, URI endpoint, String authorizationToken,
      Path authorizationTokenFile, Duration timeout, Clock clock) {
    this.fixed = fixed;
    this.endpoint = endpoint;
    this.authorizationToken = authorizationToken;
    this.authorizationTokenFile = authorizationTokenFile;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Fixed credentials (tests, emulators). */
  public static AwsCredentialsSource of(AwsCredentials credentials) {
    return new AwsCredentialsSource(credentials, null, null, null, Duration.ZERO, Clock.systemUTC());
  }

  /**
   * From the function environment; nothing is fetched yet.
   *
   * @throws IllegalArgumentException when no source is configured or one is malformed (names the variable)
   */
  public static AwsCredentialsSource fromEnvironment(Map<String, String> env, Duration timeout, Clock clock) {
    String keyId = Environment.optional(env, "AWS_ACCESS_KEY_ID");
    String secret = Environment.optional(env, "AWS_SECRET_ACCESS_KEY");
    if (keyId != null || secret != null) {
      if (keyId == null || secret == null) {
        throw new IllegalArgumentException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
      }
      String session = Environment.optional(env, "AWS_SESSION_TOKEN");
      // they go into HTTP headers: a CR/LF would be a header injection (and the JDK's error quotes the value)
      headerSafe(keyId, "AWS_ACCESS_KEY_ID");
      headerSafe(secret, "AWS_SECRET_ACCESS_KEY");
      if (session != null) {
        headerSafe(session, "AWS_SESSION_TOKEN");
      }
      return new AwsCredentialsSource(new AwsCredentials(keyId, secret, session, null),
          null, null, null, timeout, clock);
    }
    String full = Environment.optional(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    String relative = Environment.optional(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    URI endpoint;
    if (relative != null) {
      if (!relative.startsWith("/")) {
        throw new IllegalArgumentException("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with /");
      }
      endpoint = uri(ECS_HOST + relative, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    } else if (full != null) {
      endpoint = uri(full, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
      if (!("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()) && allowedHttpHost(endpoint))) {
        // the authorization token must not travel in clear text to a host that could be anyone's
        throw new IllegalArgumentException(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or the container link-local host");
      }
    } else {
      throw new IllegalArgumentException("REVOCATION_TABLE needs AWS credentials: AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, or AWS_CONTAINER_CREDENTIALS_FULL_URI (Lambda sets one of them)");
    }
    String tokenFile = Environment.optional(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    String token = Environment.optional(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    if (token != null) {
      headerSafe(token, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
    return new AwsCredentialsSource(null, endpoint, token, tokenFile == null ? null : Path.of(tokenFile), timeout, clock);
  }

  /**
   * Credentials valid now.
   *
   * @throws RevocationStoreException when the endpoint cannot give any (and none held are still valid)
   */
  public synchronized AwsCredentials current() {
    if (fixed != null) {
      return fixed;
    }
    Instant now = clock.instant();
    if (cached != null && !refreshDue(now)) {
      return cached;
    }
    try {
      AwsCredentials fetched = fetch();
      if (fetched.expiresAt() != null && !now.isBefore(fetched.expiresAt().minus(STALE_BEFORE_EXPIRY))) {
        throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, "container credentials already expired");
      }
      cached = fetched;
      fetchedAt = now;
    } catch (RevocationStoreException e) {
      if (cached != null && now.isBefore(cached.expiresAt().minus(STALE_BEFORE_EXPIRY))) {
        fetchedAt = now; // within the refresh margin: the old ones still sign; try again in a minute
        return cached;
      }
      cached = null;
      throw e;
    }
    return cached;
  }

  private boolean refreshDue(Instant now) {
    Instant expiresAt = cached.expiresAt();
    if (expiresAt == null) {
      return false;
    }
    if (!now.isBefore(expiresAt.minus(STALE_BEFORE_EXPIRY))) {
      return true;
    }
    return !now.isBefore(expiresAt.minus(REFRESH_BEFORE_EXPIRY)) && !now.isBefore(fetchedAt.plus(MIN_REFRESH_INTERVAL));
  }

  /** Drops fetched credentials: those fetched before a SnapStart snapshot are not reused after a restore. */
  public synchronized void forget() {
    cached = null;
    fetchedAt = null;
  }

  private AwsCredentials fetch() {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) endpoint.toURL().openConnection();
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      c.setUseCaches(false);
      c.setInstanceFollowRedirects(false);
      c.setRequestProperty("Accept", "application/json");
      String token = authorizationToken();
      if (token != null) {
        if (!isHeaderSafe(token)) {
          throw new RevocationStoreException(RevocationStoreException.Reason.ERROR,
              "the container authorization token is not a header value");
        }
        c.setRequestProperty("Authorization", token);
      }
      int status = c.getResponseCode();
      if (status != 200) {
        throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, "container credentials HTTP " + status);
      }
      try (InputStream in = c.getInputStream()) {
        return parse(readAtMost(c, in, MAX_RESPONSE_BYTES, deadline));
      }
    } catch (SocketTimeoutException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, "container credentials");
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.UNREACHABLE, "container credentials");
    } catch (IOException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR,
          "container credentials " + e.getClass().getSimpleName());
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private String authorizationToken() throws IOException {
    if (authorizationTokenFile != null) {
      // re-read each time: the file is rotated under us (EKS Pod Identity)
      return Files.readString(authorizationTokenFile, StandardCharsets.UTF_8).trim();
    }
    return authorizationToken;
  }

  /** {@code {"AccessKeyId","SecretAccessKey","Token","Expiration"}}; other members are ignored. */
  static AwsCredentials parse(byte[] json) throws IOException {
    JsonScanner scanner = new JsonScanner(json);
    if (scanner.next() != JsonScanner.START_OBJECT) {
      throw new IOException("credentials are not a JSON object");
    }
    String keyId = null;
    String secret = null;
    String token = null;
    Instant expiration = null;
    for (int t = scanner.next(); t == JsonScanner.NAME; t = scanner.next()) {
      String name = scanner.text();
      int value = scanner.next();
      if (value == JsonScanner.STRING) {
        switch (name) {
          case "AccessKeyId" -> keyId = scanner.text();
          case "SecretAccessKey" -> secret = scanner.text();
          case "Token" -> token = scanner.text();
          case "Expiration" -> {
            expiration = instant(scanner.text());
          }
          default -> {
            // Code, Type, LastUpdated, RoleArn, AccountId: not needed to sign
          }
        }
      } else {
        scanner.skipChildren(value);
      }
    }
    if (scanner.next() != JsonScanner.END) {
      throw new IOException("trailing data after the credentials");
    }
    if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
      throw new IOException("credentials without AccessKeyId or SecretAccessKey");
    }
    if (!isHeaderSafe(keyId) || !isHeaderSafe(secret) || token != null && !token.isEmpty() && !isHeaderSafe(token)) {
      throw new IOException("credentials with characters a header cannot carry");
    }
    return new AwsCredentials(keyId, secret, token == null || token.isEmpty() ? null : token, expiration);
  }

  /** ISO-8601 with {@code Z} or an offset ({@code +00:00}), as the SDKs accept it. */
  private static Instant instant(String text) throws IOException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notZulu) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new IOException("credentials Expiration is not an ISO-8601 instant");
      }
    }
  }

  /** A response body over the limit: an answer we refuse, not a network failure (not retried). */
  static final class ResponseTooLarge extends IOException {
    ResponseTooLarge(int limit) {
      super("response larger than " + limit + " bytes");
    }
  }

  /**
   * The body, at most {@code limit} bytes, by {@code deadlineNanos} ({@link System#nanoTime()}): the read
   * timeout is cut to what is left before every read, so a server sending a byte at a time cannot stretch
   * the call (a socket timeout alone restarts with every byte).
   */
  static byte[] readAtMost(HttpURLConnection c, InputStream in, int limit, long deadlineNanos) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    while (true) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed while reading the body");
      }
      c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, left));
      int n = in.read(buffer);
      if (n == -1) {
        return out.toByteArray();
      }
      if (out.size() + n > limit) {
        throw new ResponseTooLarge(limit);
      }
      out.write(buffer, 0, n);
    }
  }

  /** Printable ASCII without spaces: what an access key, a secret, a session or authorization token consists of. */
  static boolean isHeaderSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return !value.isEmpty();
  }

  private static void headerSafe(String value, String name) {
    if (!isHeaderSafe(value)) {
      throw new IllegalArgumentException(name + " must be printable ASCII without spaces");
    }
  }

  private static boolean allowedHttpHost(URI uri) {
    String host = uri.getHost();
    if (host.equals("169.254.170.2") || host.equals("169.254.170.23") || host.equals("[fd00:ec2::23]")) {
      return true;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static URI uri(String value, String name) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
    }
  }

  @Override
  public String toString() {
    return fixed != null ? "AwsCredentialsSource[fixed]" : "AwsCredentialsSource[endpoint]";
  }
}
