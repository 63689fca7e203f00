package io.cognitogate.auth.cognito;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An app client secret. {@link #toString()} is redacted so it cannot reach a log by accident. */
public final class ClientSecret {

  private final String value;
  private final SecretKeySpec key;

  public ClientSecret(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("client secret must not be empty");
    }
    this.value = value;
    this.key = new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** SECRET_HASH = Base64(HMAC-SHA256(key = secret, message = username + clientId)). */
  public String secretHash(String username, String clientId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The raw secret, for RevokeToken only (it takes the secret, not a hash). */
  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "ClientSecret[redacted]";
  }
}
