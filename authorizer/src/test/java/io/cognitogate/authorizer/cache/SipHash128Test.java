package io.cognitogate.authorizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The reference vectors of SipHash-2-4 with 128-bit output (key 00..0f, message 00..len-1): they pin
 * down the round function, the padding and the 128-bit finalization that the cache's 1-3 variant shares.
 */
class SipHash128Test {
  static final long K0 = 0x0706050403020100L;
  static final long K1 = 0x0f0e0d0c0b0a0908L;

  static String hex(int length) {
    byte[] message = new byte[length];
    for (int i = 0; i < length; i++) {
      message[i] = (byte) i;
    }
    long[] out = new long[2];
    SipHash128.hash(K0, K1, message, length, out, 2, 4);
    StringBuilder text = new StringBuilder();
    for (long word : out) {
      for (int i = 0; i < 8; i++) {
        text.append(String.format("%02x", (word >>> (8 * i)) & 0xff)); // little-endian bytes, as the reference prints them
      }
    }
    return text.toString();
  }

  @Test
  void hashWhenReferenceVectorsThenMatchesThemAcrossWordBoundaries() {
    assertThat(hex(0)).isEqualTo("a3817f04ba25a8e66df67214c7550293");
    assertThat(hex(1)).isEqualTo("da87c1d86b99af44347659119b22fc45");
    assertThat(hex(7)).isEqualTo("a1f1ebbed8dbc153c0b84aa61ff08239");
    assertThat(hex(8)).isEqualTo("3b62a9ba6258f5610f83e264f31497b4");
    assertThat(hex(15)).isEqualTo("5493e99933b0a8117e08ec0f97cfc3d9");
    assertThat(hex(63)).isEqualTo("5150d1772f50834a503e069a973fbd7c");
  }

  @Test
  void hash13WhenAnyLengthThenEqualsTheGenericOneThree() {
    java.util.Random random = new java.util.Random(7);
    for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1037, 8192}) {
      byte[] message = new byte[length];
      random.nextBytes(message);
      long k0 = random.nextLong();
      long k1 = random.nextLong();
      long[] generic = new long[2];
      long[] written = new long[2];
      SipHash128.hash(k0, k1, message, length, generic, 1, 3);
      SipHash128.hash13(k0, k1, message, length, written);
      assertThat(written).as("length %d", length).isEqualTo(generic);
    }
  }

  @Test
  void hashWhenKeyDiffersThenOutputDiffers() {
    byte[] message = "Bearer eyJ.eyJ.sig".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long[] a = new long[2];
    long[] b = new long[2];
    SipHash128.hash(1, 2, message, message.length, a, 1, 3);
    SipHash128.hash(1, 3, message, message.length, b, 1, 3);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void hashWhenRoundsDifferThenOutputDiffers() {
    byte[] message = new byte[40];
    long[] a = new long[2];
    long[] b = new long[2];
    SipHash128.hash(K0, K1, message, message.length, a, 1, 3);
    SipHash128.hash(K0, K1, message, message.length, b, 2, 4);
    assertThat(a).isNotEqualTo(b);
  }
}
