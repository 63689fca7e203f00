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
  /** SHA-256's block size in bytes (HMAC pads the key to it). */
  private static final int BLOCK = 64;

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
    // one digest for the whole signature: each MessageDigest.getInstance is a reflective construction,
    // and past 15 of those the JDK generates accessor bytecode (measured on the cold path)
    MessageDigest sha256 = sha256();
    canonical.append('\n').append(names).append('\n').append(hex(sha256.digest(payload)));

    String scope = date + '/' + region + '/' + service + "/aws4_request";
    String toSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + hex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(sha256, ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(sha256, key, region);
    key = hmac(sha256, key, service);
    key = hmac(sha256, key, "aws4_request");
    String signature = hex(hmac(sha256, key, toSign));

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
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * HMAC-SHA256 (RFC 2104) over the JVM's SHA-256 digest. Not {@code javax.crypto.Mac}: its first
   * {@code getInstance} loads the JCE policy files and every provider up to SunJCE (about 90 classes,
   * measured in the authorizer's cold start); SigV4Test checks this against {@code Mac}.
   */
  static byte[] hmac(byte[] key, String data) {
    return hmac(sha256(), key, data);
  }

  private static byte[] hmac(MessageDigest sha256, byte[] key, String data) {
    if (key.length > BLOCK) {
      key = sha256.digest(key);
    }
    byte[] pad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
    }
    sha256.update(pad);
    byte[] inner = sha256.digest(data.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < BLOCK; i++) {
      pad[i] ^= 0x36 ^ 0x5c;
    }
    sha256.update(pad);
    return sha256.digest(inner);
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
