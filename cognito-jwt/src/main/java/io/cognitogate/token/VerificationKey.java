package io.cognitogate.token;

import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * One RSA signing key of the pool, built once at fetch time (no KeyFactory per request).
 *
 * @param jwkAlg the JWK's {@code alg}, or null when the JWK does not name one
 */
public record VerificationKey(String kid, RSAPublicKey publicKey, String jwkAlg) {
  public VerificationKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
