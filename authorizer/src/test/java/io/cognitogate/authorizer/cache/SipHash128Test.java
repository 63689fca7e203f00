package io.cognitogate.authorizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SipHash128-1-3 against published test vectors (Rooterberg, test_vectors/mac/sip_hash128_1_3.json:
 * key, message and 16-byte MAC in hex, the MAC as the reference prints it, little-endian words),
 * across the 8-byte word boundaries and the tail handling.
 */
class SipHash128Test {

  static byte[] bytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static long littleEndian(byte[] bytes, int from) {
    long word = 0;
    for (int i = 7; i >= 0; i--) {
      word = (word << 8) | (bytes[from + i] & 0xff);
    }
    return word;
  }

  static String hex(long[] out) {
    StringBuilder text = new StringBuilder();
    for (long word : out) {
      for (int i = 0; i < 8; i++) {
        text.append(String.format("%02x", (word >>> (8 * i)) & 0xff));
      }
    }
    return text.toString();
  }

  @ParameterizedTest(name = "tcId {0}")
  @CsvSource({
      "1,  00000000000000000000000000000000, 0000000000000000, d6eee854ee2748ec5f3c18a2ccabdc9d",
      "2,  000102030405060708090a0b0c0d0e0f, 0001020304050607, aa12fee1d5e3dab4724f16ab35f9c799",
      "3,  ffffffffffffffffffffffffffffffff, ffffffffffffffff, c7a7ec1b48dbc033a35990e501ab2d8c",
      "4,  ca8b83071bb672cdedcacb0f18886d0d, '', 76d18d6327317ed1a7f79fe7e93ae55f",
      "5,  ef3983fea1a3aeea480d98825d415ac2, e7, 3a3df4593f9d6382a726d31704e27aed",
      "11, 9f5d59c0ac25854c13d8fbd63766f1fb, 06e743990e1c07, 1323ba348490b631910c9b6470080c68",
      "13, ae91498413dfa8c17478d7ff11c3f889, 122210339d7d3613ed, 018d9bf667c6431ed3b8969e1c83ef99",
      "19, 90333ea734ca1a9cb2206b15322cc073, 516dcc738e153b0ab161fe2d39c276, 37f6db9b8c149b243d6aef979556964a",
      "20, f124ec4fae1f086986a644d0109064c9, 96cda6fed91ad9c11cb51d5eda1669f7, 52a7d2949930f88e618e6bbf922c7cb1",
      "39, 47f49511fee3e536c5751dd06f1dd6a5, c5d56293a9bdb9fb8ef3568994aa11e360d215ee996af74e50040794d05757b02effffd73b24159c6811cfeb3a30db3cd5918526116b537fd7d8001a2cea190c, e29180324a085c765d7e22de331596c0",
      "41, c3ad37069cc9744b93392631680be45b, 05477a92cdf27f77e4e176d6d7dd691747299bb4717ed3fd8d13b03658cc3ee04941f0b0185846ab25957bf51b07fe2e6ad45c472091ffb14a8d1ebbf8a9cb08fe770b87433690a19360fc89bf740421, 2dae2d2adf1971b60e1ffb92c43ea294"})
  void hash13WhenPublishedVectorsThenMatchesThem(int tcId, String key, String message, String mac) {
    byte[] k = bytes(key);
    byte[] m = bytes(message);
    long[] out = new long[2];
    SipHash128.hash13(littleEndian(k, 0), littleEndian(k, 8), m, m.length, out);
    assertThat(hex(out)).isEqualTo(mac);
  }

  @Test
  void hash13WhenTrailingZeroBytesDifferInNumberThenOutputDiffers() {
    // the same bytes, hashed as 9 and as 10 of them: the length is part of the last word
    byte[] message = bytes("00000000000000000000");
    long[] nine = new long[2];
    long[] ten = new long[2];
    SipHash128.hash13(1, 2, message, 9, nine);
    SipHash128.hash13(1, 2, message, 10, ten);
    assertThat(nine).isNotEqualTo(ten);
  }

  @Test
  void hash13WhenKeyDiffersThenOutputDiffers() {
    byte[] message = "Bearer eyJ.eyJ.sig".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long[] a = new long[2];
    long[] b = new long[2];
    SipHash128.hash13(1, 2, message, message.length, a);
    SipHash128.hash13(1, 3, message, message.length, b);
    assertThat(a).isNotEqualTo(b);
  }
}
