package io.cognitogate.token;

import java.security.interfaces.RSAPublicKey;

/** Resolves a token's {@code kid} to an RS256 signing key of the pool. */
public interface KeySource {
  /**
   * @throws TokenRejectedException with {@link Reason#MISSING_KID} for a null or empty kid, {@link
   *     Reason#UNKNOWN_KID} when the (healthy) JWKS has no such key
   * @throws JwksUnavailableException when no trustworthy key set can be had (our fault)
   */
  RSAPublicKey keyFor(String kid);
}
