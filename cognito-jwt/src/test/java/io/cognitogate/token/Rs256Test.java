package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our RS256 check against the JDK's {@code SHA256withRSA} as the oracle: every case must get the
 * same answer from both, and the answer the case names. The hand-built blocks are signed with the
 * raw private operation (m^d mod n), so each one differs from a valid EMSA-PKCS1-v1_5 block in
 * exactly the way its name says.
 */
class Rs256Test {
  static final KeyPair KEY_2048 = TestKeys.rsa2048();
  static final KeyPair KEY_3072 = TestKeys.rsa(3072);
  static final KeyPair KEY_E3 = rsaWithExponent(2048, RSAKeyGenParameterSpec.F0);
  static final byte[] MESSAGE = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
  static final String SHA256_NULL = "3031300d060960864801650304020105000420";
  static final String SHA256_NO_NULL = "302f300b0609608648016503040201" + "0420";
  static final String SHA1_NULL = "3021300906052b0e03021a05000414";

  static KeyPair rsaWithExponent(int bits, BigInteger e) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, e));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static VerificationKey key(KeyPair pair) {
    return new VerificationKey("k", (RSAPublicKey) pair.getPublic(), "RS256");
  }

  static boolean ours(KeyPair pair, byte[] message, byte[] signature) {
    return Rs256.verify(key(pair), message, 0, message.length, signature, 0, signature.length);
  }

  static boolean jca(KeyPair pair, byte[] message, byte[] signature) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(pair.getPublic());
      rsa.update(message);
      return rsa.verify(signature);
    } catch (SignatureException e) {
      return false; // e.g. a signature of the wrong length: the verifier's answer is the same, false
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sign(KeyPair pair, byte[] message) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(pair.getPrivate());
      rsa.update(message);
      return rsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static int length(KeyPair pair) {
    return (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() + 7) / 8;
  }

  /** 0x00, blockType, padding bytes up to k, 0x00, digestInfo, digest: a k-byte block as the caller builds it. */
  static byte[] block(int k, int blockType, int paddingByte, String digestInfo, byte[] digest) {
    byte[] info = HexFormat.of().parseHex(digestInfo);
    byte[] block = new byte[k];
    block[1] = (byte) blockType;
    int padding = k - 3 - info.length - digest.length;
    Arrays.fill(block, 2, 2 + padding, (byte) paddingByte);
    System.arraycopy(info, 0, block, 3 + padding, info.length);
    System.arraycopy(digest, 0, block, 3 + padding + info.length, digest.length);
    return block;
  }

  /** The raw private operation on {@code block}: its "signature", whatever the block holds. */
  static byte[] rawSign(KeyPair pair, byte[] block) {
    RSAPrivateKey key = (RSAPrivateKey) pair.getPrivate();
    return i2osp(new BigInteger(1, block).modPow(key.getPrivateExponent(), key.getModulus()), length(pair));
  }

  static byte[] i2osp(BigInteger value, int k) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[k];
    int copy = Math.min(bytes.length, k);
    System.arraycopy(bytes, bytes.length - copy, out, k - copy, copy);
    return out;
  }

  static Arguments handBuilt(String name, boolean valid, java.util.function.Function<KeyPair, byte[]> signature) {
    return Arguments.of(name, valid, signature);
  }

  static List<Arguments> signatures() {
    byte[] digest = sha256(MESSAGE);
    List<Arguments> cases = new ArrayList<>();
    cases.add(handBuilt("JCA's own signature", true, pair -> sign(pair, MESSAGE)));
    cases.add(handBuilt("the standard block, built by hand", true,
        pair -> rawSign(pair, block(length(pair), 1, 0xFF, SHA256_NULL, digest))));
    cases.add(handBuilt("DigestInfo without the NULL parameters (RFC 8017 9.2 note 2)", true,
        pair -> rawSign(pair, block(length(pair), 1, 0xFF, SHA256_NO_NULL, digest))));
    cases.add(handBuilt("another message's signature", false,
        pair -> sign(pair, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ".getBytes(StandardCharsets.US_ASCII))));
    cases.add(handBuilt("block type 2 (encryption padding)", false,
        pair -> rawSign(pair, block(length(pair), 2, 0xFF, SHA256_NULL, digest))));
    cases.add(handBuilt("padding of 0xFE", false,
        pair -> rawSign(pair, block(length(pair), 1, 0xFE, SHA256_NULL, digest))));
    cases.add(handBuilt("one padding byte not 0xFF", false, pair -> {
      byte[] block = block(length(pair), 1, 0xFF, SHA256_NULL, digest);
      block[40] = 0x7F;
      return rawSign(pair, block);
    }));
    cases.add(handBuilt("no 0x00 after the padding", false, pair -> {
      byte[] block = block(length(pair), 1, 0xFF, SHA256_NULL, digest);
      block[length(pair) - 52] = (byte) 0xFF;
      return rawSign(pair, block);
    }));
    cases.add(handBuilt("first byte not 0x00", false, pair -> {
      byte[] block = block(length(pair), 1, 0xFF, SHA256_NULL, digest);
      block[0] = 0x01; // still below n: the generated moduli have exactly k * 8 bits
      return rawSign(pair, block);
    }));
    cases.add(handBuilt("SHA-1 DigestInfo around the SHA-256 digest", false,
        pair -> rawSign(pair, block(length(pair), 1, 0xFF, SHA1_NULL, digest))));
    cases.add(handBuilt("short padding with the digest and garbage after it (Bleichenbacher 2006)", false, pair -> {
      byte[] info = HexFormat.of().parseHex(SHA256_NULL);
      byte[] block = new byte[length(pair)];
      block[1] = 1;
      Arrays.fill(block, 2, 10, (byte) 0xFF);
      System.arraycopy(info, 0, block, 11, info.length);
      System.arraycopy(digest, 0, block, 11 + info.length, digest.length);
      Arrays.fill(block, 11 + info.length + digest.length, block.length, (byte) 0x5A);
      return rawSign(pair, block);
    }));
    cases.add(handBuilt("DigestInfo with a longer OCTET STRING length", false, pair -> rawSign(pair,
        block(length(pair), 1, 0xFF, SHA256_NULL.substring(0, SHA256_NULL.length() - 2) + "21", Arrays.copyOf(digest, 33)))));
    cases.add(handBuilt("signature one byte short", false, pair -> Arrays.copyOf(sign(pair, MESSAGE), length(pair) - 1)));
    cases.add(handBuilt("signature with a leading zero byte", false, pair -> {
      byte[] valid = sign(pair, MESSAGE);
      byte[] longer = new byte[valid.length + 1];
      System.arraycopy(valid, 0, longer, 1, valid.length);
      return longer;
    }));
    cases.add(handBuilt("representative 0", false, pair -> new byte[length(pair)]));
    cases.add(handBuilt("representative 1", false, pair -> i2osp(BigInteger.ONE, length(pair))));
    cases.add(handBuilt("representative n - 1", false,
        pair -> i2osp(((RSAPublicKey) pair.getPublic()).getModulus().subtract(BigInteger.ONE), length(pair))));
    cases.add(handBuilt("representative n", false, pair -> i2osp(((RSAPublicKey) pair.getPublic()).getModulus(), length(pair))));
    cases.add(handBuilt("valid signature plus n (the same value mod n)", false, pair -> {
      BigInteger n = ((RSAPublicKey) pair.getPublic()).getModulus();
      BigInteger sum = new BigInteger(1, sign(pair, MESSAGE)).add(n);
      return i2osp(sum.bitLength() <= length(pair) * 8 ? sum : n.add(BigInteger.ONE), length(pair));
    }));
    cases.add(handBuilt("all 0xFF", false, pair -> {
      byte[] ff = new byte[length(pair)];
      Arrays.fill(ff, (byte) 0xFF);
      return ff;
    }));
    return cases;
  }

  static List<Arguments> keysAndSignatures() {
    List<Arguments> all = new ArrayList<>();
    for (KeyPair pair : List.of(KEY_2048, KEY_3072, KEY_E3)) {
      for (Arguments c : signatures()) {
        Object[] args = c.get();
        all.add(Arguments.of(bits(pair) + " bits, e=" + ((RSAPublicKey) pair.getPublic()).getPublicExponent() + ": " + args[0],
            pair, args[1], args[2]));
      }
    }
    return all;
  }

  static int bits(KeyPair pair) {
    return ((RSAPublicKey) pair.getPublic()).getModulus().bitLength();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysAndSignatures")
  void verifyWhenSignatureIsThisCaseThenSameAnswerAsJca(String name, KeyPair pair, boolean valid,
      java.util.function.Function<KeyPair, byte[]> make) {
    byte[] signature = make.apply(pair);

    assertThat(jca(pair, MESSAGE, signature)).as("the JDK's answer").isEqualTo(valid);
    assertThat(ours(pair, MESSAGE, signature)).as("ours").isEqualTo(valid);
  }

  @Test
  void verifyWhenMessageOrSignatureChangesAnywhereThenFalse() {
    byte[] signature = sign(KEY_2048, MESSAGE);
    assertThat(ours(KEY_2048, MESSAGE, signature)).isTrue();
    for (int i = 0; i < MESSAGE.length; i++) {
      byte[] changed = MESSAGE.clone();
      changed[i] ^= 0x01;
      assertThat(ours(KEY_2048, changed, signature)).as("message byte %s", i).isFalse();
    }
    for (int i = 0; i < signature.length; i++) {
      byte[] changed = signature.clone();
      changed[i] ^= (byte) 0x80;
      assertThat(ours(KEY_2048, MESSAGE, changed)).as("signature byte %s", i).isFalse();
    }
    assertThat(ours(KEY_3072, MESSAGE, signature)).as("another key").isFalse();
  }

  @Test
  void verifyWhenRandomSignaturesThenAgreesWithJcaOnEveryOne() {
    Random random = new Random(20261126);
    for (int i = 0; i < 300; i++) {
      byte[] signature = new byte[256];
      random.nextBytes(signature);
      assertThat(ours(KEY_2048, MESSAGE, signature)).isEqualTo(jca(KEY_2048, MESSAGE, signature)).isFalse();
    }
  }

  @Test
  void verifyWhenMessageIsASliceOfALargerArrayThenOnlyTheSliceIsSigned() {
    byte[] signature = sign(KEY_2048, MESSAGE);
    byte[] framed = new byte[MESSAGE.length + 20];
    Arrays.fill(framed, (byte) '.');
    System.arraycopy(MESSAGE, 0, framed, 7, MESSAGE.length);
    byte[] framedSignature = new byte[signature.length + 9];
    System.arraycopy(signature, 0, framedSignature, 5, signature.length);

    assertThat(Rs256.verify(key(KEY_2048), framed, 7, MESSAGE.length, framedSignature, 5, signature.length)).isTrue();
    assertThat(Rs256.verify(key(KEY_2048), framed, 6, MESSAGE.length, framedSignature, 5, signature.length)).isFalse();
    assertThat(Rs256.verify(key(KEY_2048), framed, 7, MESSAGE.length, framedSignature, 4, signature.length)).isFalse();
  }
}
