package io.cognitogate.authorizer.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SipHash-1-3 with a 128-bit output (Aumasson and Bernstein): a keyed pseudorandom function built
 * for hash tables fed by attackers. With a secret per-container key nobody can aim a token at another
 * token's cache entry (and nobody ever sees a hash). 1-3 is the variant Rust's and Python's hash
 * tables use (half the rounds per word of the conservative 2-4; measured: the 2-4 variant costs more
 * than the rest of a cache hit). Published SipHash128-1-3 test vectors pin it down (the tests). Plain
 * arithmetic: no JCA provider on the cold-start path.
 */
final class SipHash128 {
  /** Little-endian 8-byte reads from a byte[] (a JIT intrinsic; the JDK's SHA-2 uses the same). */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private SipHash128() {
  }

  /**
   * The 128-bit SipHash-1-3 of {@code bytes[0, length)} under key (k0, k1), first word (bytes 0-7 of
   * the reference output, little-endian) in {@code out[0]}. One compression and three finalization
   * rounds, written out: a generic method with the round counts as parameters was too large to inline,
   * so its counts stayed loop variables (~370 against ~270 ns for a 1 KB value).
   */
  static void hash13(long k0, long k1, byte[] bytes, int length, long[] out) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL ^ 0xeeL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int end = length & ~7;
    for (int i = 0; i < end; i += 8) {
      long m = (long) LONGS.get(bytes, i);
      v3 ^= m;
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      v0 ^= m;
    }
    long last = ((long) length) << 56;
    for (int i = length - 1; i >= end; i--) {
      last |= (bytes[i] & 0xffL) << ((i - end) * 8);
    }
    v3 ^= last;
    v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
    v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
    v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
    v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    v0 ^= last;
    v2 ^= 0xeeL;
    for (int r = 0; r < 3; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    out[0] = v0 ^ v1 ^ v2 ^ v3;
    v1 ^= 0xddL;
    for (int r = 0; r < 3; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    out[1] = v0 ^ v1 ^ v2 ^ v3;
  }
}
