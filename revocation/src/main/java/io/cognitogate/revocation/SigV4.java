package io.cognitogate.revocation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for a request without a query string (all the revocation store sends): the
 * canonical request, the string to sign, the derived key and the {@code Authorization} header. The
 * AWS SDK's signer is the oracle of its tests (SigV4Test, DynamoDbHttpTest); the SDK itself is not
 * on the authorizer's cold-start path (4,000 classes, 7 MB of jar).
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SigV4() {
  }

  /**
   * The headers to add to a request: {@code X-Amz-Date}, {@code X-Amz-Security-Token} (session
   * credentials only) and {@code Authorization}. Signs {@code host}, those two and every header in
   * {@code headers} (names compared case-insensitively, values trimmed with inner spaces collapsed).
   *
   * @param host the Host header exactly as it will be sent (with {@code :port} when not the default)
   * @param path the absolute path, already URI-encoded ("/" for the JSON protocols)
   */
  static Map<String, String> sign(String method, String host, String path, Map<String, String> headers,
      byte[] payload, AwsCredentials credentials, String region, String service, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> signed = new TreeMap<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      signed.put(header.getKey().toLowerCase(Locale.ROOT), canonicalValue(header.getValue()));
    }
    signed.put("host", canonicalValue(host));
    signed.put("x-amz-date", amzDate);
    if (credentials.sessionToken() != null) {
      signed.put("x-amz-security-token", canonicalValue(credentials.sessionToken()));
    }
    StringBuilder canonical = new StringBuilder(512)
        .append(method).append('\n').append(path).append('\n').append('\n');
    StringBuilder names = new StringBuilder(128);
    for (Map.Entry<String, String> header : signed.entrySet()) {
      canonical.append(header.getKey()).append(':').append(header.getValue()).append('\n');
      if (names.length() > 0) {
        names.append(';');
      }
      names.append(header.getKey());
    }
    canonical.append('\n').append(names).append('\n').append(hex(sha256(payload)));

    String scope = date + '/' + region + '/' + service + "/aws4_request";
    String toSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));

    Map<String, String> add = new LinkedHashMap<>(4);
    add.put("X-Amz-Date", amzDate);
    if (credentials.sessionToken() != null) {
      add.put("X-Amz-Security-Token", credentials.sessionToken());
    }
    add.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
        + ", SignedHeaders=" + names + ", Signature=" + signature);
    return add;
  }

  /** Trimmed, each run of whitespace collapsed to one space (SigV4's canonical header value, as the SDK does it). */
  static String canonicalValue(String value) {
    String trimmed = value.trim();
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c <= ' ' && (c != ' ' || i + 1 < trimmed.length() && trimmed.charAt(i + 1) <= ' ')) {
        return trimmed.replaceAll("\\s+", " "); // rare: our header values are constants and tokens
      }
    }
    return trimmed;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
