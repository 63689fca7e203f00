package io.cognitogate.token;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * One RSA signing key of the pool, checked once at fetch time: the modulus and public exponent that
 * {@link Rs256} verifies with (no JCA key object, no KeyFactory, per request or at all). A value that
 * is not an RS256 key is refused here, so a JWKS entry holding one is skipped.
 *
 * @param modulus n: odd, {@value #MIN_BITS} to {@value #MAX_BITS} bits (RFC 7518 section 3.3 asks
 *     2048 or more; 16384 is the JDK's own limit)
 * @param exponent e: odd, at least 3, at most 64 bits (e = 1 would make any block its own signature;
 *     the JDK caps e at 64 bits for large moduli)
 * @param jwkAlg the JWK's {@code alg}, or null when the JWK does not name one
 */
public record VerificationKey(String kid, BigInteger modulus, BigInteger exponent, String jwkAlg) {
  public static final int MIN_BITS = 2048;
  public static final int MAX_BITS = 16384;

  public VerificationKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(modulus, "modulus");
    Objects.requireNonNull(exponent, "exponent");
    if (modulus.signum() <= 0 || !modulus.testBit(0) || modulus.bitLength() < MIN_BITS
        || modulus.bitLength() > MAX_BITS) {
      throw new IllegalArgumentException("not an RS256 modulus");
    }
    if (exponent.signum() <= 0 || !exponent.testBit(0) || exponent.bitLength() < 2 || exponent.bitLength() > 64) {
      throw new IllegalArgumentException("not an RS256 public exponent");
    }
  }

  /** From a JCA public key (tests, benchmarks, keys made in-process). */
  public VerificationKey(String kid, RSAPublicKey key, String jwkAlg) {
    this(kid, key.getModulus(), key.getPublicExponent(), jwkAlg);
  }

  /** k, the modulus length in bytes: the length of every signature by this key. */
  public int length() {
    return (modulus.bitLength() + 7) >>> 3;
  }

  /** The same RSA key (modulus and exponent), whatever the kid and alg. */
  public boolean sameKey(VerificationKey other) {
    return modulus.equals(other.modulus) && exponent.equals(other.exponent);
  }
}
