package io.cognitogate.token;

/** Resolves a token's {@code kid} to a signing key of the pool. */
public interface KeySource {
  /**
   * @throws TokenRejectedException with {@link Reason#UNKNOWN_KID} when the (healthy) JWKS has no such key
   * @throws JwksUnavailableException when no key set can be had at all (our fault)
   */
  VerificationKey keyFor(String kid);
}
