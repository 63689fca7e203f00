package io.cognitogate.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * The function's AWS credentials. {@code sessionToken} is null for long-term keys, {@code expiresAt}
 * null when they do not expire. Never printed: {@link #toString()} names no value.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  @Override
  public String toString() {
    return "AwsCredentials[redacted" + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "]";
  }
}
