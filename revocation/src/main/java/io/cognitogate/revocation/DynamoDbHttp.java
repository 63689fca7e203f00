package io.cognitogate.revocation;

import io.cognitogate.token.JsonScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * DynamoDB's JSON protocol ({@code POST /}, {@code X-Amz-Target: DynamoDB_20120810.<Operation>},
 * {@code application/x-amz-json-1.0}), signed with {@link SigV4}, over {@link HttpURLConnection}
 * (keep-alive, no client library). Bounded like the SDK client it replaces: connect and read timeouts
 * of one attempt, at most {@link RevocationConfig#MAX_ATTEMPTS} attempts within the call timeout,
 * retrying only what may succeed the second time (no connection, time-outs, 5xx, throttling, a body
 * whose {@code x-amz-crc32} does not match). The body is read against the attempt's deadline; only a
 * server dripping its status line and headers a byte at a time could outlast it (by one read timeout per
 * byte), which DynamoDB does not do, and a thread per call to cut it off would cost more than it saves.
 * Errors carry DynamoDB's error code and the HTTP status, never its message (it can quote the request).
 */
final class DynamoDbHttp {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  static final String TARGET_PREFIX = "DynamoDB_20120810.";
  /** A Query page is at most 1 MB of items; its JSON is a little more. */
  static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  /** A condition in a write did not hold: an answer, not a failure. */
  static final class ConditionFailed extends RuntimeException {
    ConditionFailed() {
      super("ConditionalCheckFailedException", null, false, false);
    }
  }

  private final URL url;
  private final String host;
  private final String region;
  private final AwsCredentialsSource credentials;
  private final Duration attemptTimeout;
  private final Duration callTimeout;
  private final Clock clock;

  DynamoDbHttp(URI endpoint, String region, AwsCredentialsSource credentials, Duration attemptTimeout,
      Duration callTimeout, Clock clock) {
    try {
      this.url = endpoint.resolve("/").toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("DYNAMODB_ENDPOINT must be an absolute http(s) URL");
    }
    // exactly the Host header HttpURLConnection sends: the port only when it is not the scheme's default
    this.host = url.getPort() == -1 || url.getPort() == url.getDefaultPort() ? url.getHost()
        : url.getHost() + ':' + url.getPort();
    this.region = region;
    this.credentials = credentials;
    this.attemptTimeout = attemptTimeout;
    this.callTimeout = callTimeout;
    this.clock = clock;
  }

  /** DynamoDB's public endpoint of {@code region} (China regions under amazonaws.com.cn). */
  static URI endpointOf(String region) {
    return URI.create("https://dynamodb." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
  }

  /**
   * One operation; the response body on HTTP 200.
   *
   * @throws ConditionFailed when DynamoDB answers ConditionalCheckFailedException
   * @throws RevocationStoreException for anything else that is not a 200
   */
  byte[] call(String operation, byte[] body) {
    long deadline = System.nanoTime() + callTimeout.toNanos();
    RevocationStoreException last = null;
    for (int attempt = 1; attempt <= RevocationConfig.MAX_ATTEMPTS; attempt++) {
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining <= 0) {
        break;
      }
      try {
        return attempt(operation, body, (int) Math.min(remaining, attemptTimeout.toMillis()));
      } catch (Retryable e) {
        last = e.failure;
      }
      if (attempt < RevocationConfig.MAX_ATTEMPTS) {
        // a little jitter so that a burst of containers does not retry in step; never past the deadline
        long pause = Math.min(ThreadLocalRandom.current().nextLong(10, 50), (deadline - System.nanoTime()) / 1_000_000);
        if (pause > 0) {
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    throw last != null ? last : new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, operation);
  }

  private byte[] attempt(String operation, byte[] body, int timeoutMillis) {
    AwsCredentials signing;
    try {
      signing = credentials.current();
    } catch (RevocationStoreException e) {
      throw new Retryable(e); // the credentials endpoint failed: the next attempt may fetch them
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) url.openConnection();
      c.setConnectTimeout(Math.max(1, timeoutMillis));
      c.setReadTimeout(Math.max(1, timeoutMillis));
      c.setUseCaches(false);
      c.setInstanceFollowRedirects(false);
      c.setDoOutput(true);
      c.setRequestMethod("POST");
      c.setFixedLengthStreamingMode(body.length);
      String target = TARGET_PREFIX + operation;
      c.setRequestProperty("Content-Type", CONTENT_TYPE);
      c.setRequestProperty("X-Amz-Target", target);
      Map<String, String> signed = SigV4.sign("POST", host, "/", Map.of("Content-Type", CONTENT_TYPE,
          "X-Amz-Target", target), body, signing, region, "dynamodb", clock.instant());
      for (Map.Entry<String, String> header : signed.entrySet()) {
        c.setRequestProperty(header.getKey(), header.getValue());
      }
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      byte[] response;
      // read to the end and close (not disconnect): the connection goes back to the keep-alive cache
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        response = in == null ? new byte[0] : AwsCredentialsSource.readAtMost(c, in, MAX_RESPONSE_BYTES, deadline);
      }
      String crc = c.getHeaderField("x-amz-crc32");
      if (crc != null && !crc.equals(Long.toString(crc32(response)))) {
        throw new Retryable(RevocationStoreException.Reason.ERROR, operation + " body does not match x-amz-crc32");
      }
      if (status == 200) {
        return response;
      }
      String code = errorCode(response);
      if ("ConditionalCheckFailedException".equals(code)) {
        throw new ConditionFailed();
      }
      String detail = operation + ' ' + (code == null ? "" : code + ' ') + "HTTP " + status;
      if (status >= 500 || retryableCode(code)) {
        throw new Retryable(RevocationStoreException.Reason.ERROR, detail);
      }
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, detail);
    } catch (AwsCredentialsSource.ResponseTooLarge e) {
      disconnect(c);
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, operation + " response too large");
    } catch (SocketTimeoutException e) {
      disconnect(c);
      throw new Retryable(RevocationStoreException.Reason.TIMEOUT, operation);
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      throw new Retryable(RevocationStoreException.Reason.UNREACHABLE, operation + ' ' + e.getClass().getSimpleName());
    } catch (IOException e) {
      // reset, or EOF on a kept-alive connection the server had closed
      disconnect(c);
      throw new Retryable(RevocationStoreException.Reason.UNREACHABLE, operation + ' ' + e.getClass().getSimpleName());
    }
  }

  private static void disconnect(HttpURLConnection c) {
    if (c != null) {
      c.disconnect(); // a half-read connection must not go back to the keep-alive cache
    }
  }

  static long crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length);
    return crc.getValue();
  }

  private static boolean retryableCode(String code) {
    return "ThrottlingException".equals(code) || "ProvisionedThroughputExceededException".equals(code)
        || "RequestLimitExceeded".equals(code) || "InternalServerError".equals(code);
  }

  /** The part after '#' of the body's {@code __type} ({@code com.amazonaws.dynamodb.v20120810#Code}); null if none. */
  static String errorCode(byte[] body) {
    try {
      JsonScanner scanner = new JsonScanner(body);
      if (scanner.next() != JsonScanner.START_OBJECT) {
        return null;
      }
      for (int t = scanner.next(); t == JsonScanner.NAME; t = scanner.next()) {
        String name = scanner.text();
        int value = scanner.next();
        if (value == JsonScanner.STRING && name.equals("__type")) {
          String type = scanner.text();
          String code = type.substring(type.indexOf('#') + 1);
          // a code is an identifier; anything else is not repeated in our messages
          return code.matches("[A-Za-z0-9.]{1,100}") ? code : null;
        }
        scanner.skipChildren(value);
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A failed attempt the next attempt might turn into a success. */
  private static final class Retryable extends RuntimeException {
    final RevocationStoreException failure;

    Retryable(RevocationStoreException.Reason reason, String detail) {
      this(new RevocationStoreException(reason, detail));
    }

    Retryable(RevocationStoreException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
