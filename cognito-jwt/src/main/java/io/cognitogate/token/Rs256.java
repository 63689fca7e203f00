package io.cognitogate.token;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * RS256: RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 section 8.2.2), by encoding and
 * comparing. The signature is raised to e mod n ({@link BigInteger#modPow}, the arithmetic the JDK's
 * own RSA provider runs) and the whole k-byte block must equal EMSA-PKCS1-v1_5 of the message's
 * SHA-256 byte for byte. Nothing in the block is parsed, so there is no length or trailing data to
 * be lenient about (the Bleichenbacher 2006 forgeries live there). It accepts exactly what the JDK's
 * {@code SHA256withRSA} accepts: the DigestInfo with, and without, the NULL parameters (the tests
 * compare the two on valid, tampered, random and hand-built blocks).
 *
 * <p>Not JCA's {@code Signature}: the same modPow, without the provider, key-factory and DER
 * decoding around it, which cost ~18 ms of a cold start and ~1.5 % of each warm verify.
 */
final class Rs256 {
  /** DER DigestInfo up to the digest: SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.2.1, NULL }, OCTET STRING (32) }. */
  private static final byte[] DIGEST_INFO = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65,
      0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  /** The same without the NULL parameters (RFC 8017 section 9.2, note 2: verifiers may accept it). */
  private static final byte[] DIGEST_INFO_NO_NULL = {0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01,
      0x65, 0x03, 0x04, 0x02, 0x01, 0x04, 0x20};
  /** PKCS #1 v1.5 asks at least eight bytes of 0xFF padding. */
  private static final int MIN_PADDING = 8;

  private static final ThreadLocal<MessageDigest> SHA256 = new PerThreadSha256();

  /** A named class rather than {@code ThreadLocal.withInitial(lambda)}: no lambda spun on the cold-start path. */
  private static final class PerThreadSha256 extends ThreadLocal<MessageDigest> {
    @Override
    protected MessageDigest initialValue() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("JDK without SHA-256", e);
      }
    }
  }

  private Rs256() {
  }

  /**
   * Whether {@code signature[sigOffset, sigOffset + sigLength)} is {@code key}'s RS256 signature of
   * {@code message[offset, offset + length)}.
   */
  static boolean verify(VerificationKey key, byte[] message, int offset, int length, byte[] signature, int sigOffset,
      int sigLength) {
    int k = key.length();
    if (sigLength != k) {
      return false; // step 1: the signature is exactly k bytes
    }
    BigInteger s = new BigInteger(1, signature, sigOffset, sigLength); // OS2IP
    if (s.compareTo(key.modulus()) >= 0) {
      return false; // RSAVP1 step 1: the representative is below n
    }
    // RSAVP1 and I2OSP: toByteArray drops the block's leading 0x00 (and shortens a block it does not start)
    byte[] block = s.modPow(key.exponent(), key.modulus()).toByteArray();
    MessageDigest sha256 = SHA256.get();
    sha256.update(message, offset, length);
    byte[] digest = sha256.digest();
    return encodes(block, k, DIGEST_INFO, digest) || encodes(block, k, DIGEST_INFO_NO_NULL, digest);
  }

  /** {@code block} (the k-byte EM without its 0x00) is 0x01, 0xFF..., 0x00, digestInfo, digest. */
  private static boolean encodes(byte[] block, int k, byte[] digestInfo, byte[] digest) {
    int padding = k - 3 - digestInfo.length - digest.length;
    if (padding < MIN_PADDING || block.length != k - 1 || block[0] != 0x01) {
      return false;
    }
    for (int i = 1; i <= padding; i++) {
      if (block[i] != (byte) 0xFF) {
        return false;
      }
    }
    int at = padding + 1;
    return block[at] == 0x00
        && Arrays.equals(block, at + 1, at + 1 + digestInfo.length, digestInfo, 0, digestInfo.length)
        && Arrays.equals(block, k - 1 - digest.length, k - 1, digest, 0, digest.length);
  }
}
