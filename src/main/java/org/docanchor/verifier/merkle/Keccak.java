package org.docanchor.verifier.merkle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), written for the inputs this
 * project hashes by the million: 64-byte node pairs, 32-byte values and the two-block leaf encoding.
 *
 * <p>The state is 25 {@code long} lanes; input bytes are read straight into lanes (little-endian, as Keccak
 * defines them) from the caller's array at an offset, so no hash copies or allocates its input. The permutation
 * keeps the lanes in local variables for all 24 rounds. {@code KeccakTest} checks it against
 * Bouncy Castle's {@code KeccakDigest}.
 */
public final class Keccak {

    /** Bytes absorbed per permutation: (1600 - 2 * 256) / 8. */
    static final int RATE = 136;
    /** Lanes absorbed per permutation. */
    static final int RATE_LANES = RATE / 8;
    /** The first padding bit (0x01) and the last one (0x80 in byte 135, the top byte of lane 16). */
    static final long PAD_LAST = 0x8000000000000000L;

    static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long[] RC = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    private Keccak() {
    }

    /** Returns keccak256 of the concatenation of the given byte arrays. */
    public static byte[] hash(byte[]... parts) {
        byte[] input;
        if (parts.length == 1) {
            input = parts[0];
        } else {
            int length = 0;
            for (byte[] part : parts) {
                length += part.length;
            }
            input = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, input, at, part.length);
                at += part.length;
            }
        }
        byte[] out = new byte[32];
        hash(input, 0, input.length, out, 0);
        return out;
    }

    /** Writes keccak256 of {@code in[offset, offset + length)} to {@code out[outOffset, outOffset + 32)}. */
    public static void hash(byte[] in, int offset, int length, byte[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(offset, length, in.length);
        java.util.Objects.checkFromIndexSize(outOffset, 32, out.length);
        long[] state = new long[25];
        while (length >= RATE) {
            for (int i = 0; i < RATE_LANES; i++) {
                state[i] ^= (long) LE.get(in, offset + 8 * i);
            }
            permute(state);
            offset += RATE;
            length -= RATE;
        }
        int lanes = length >>> 3;
        for (int i = 0; i < lanes; i++) {
            state[i] ^= (long) LE.get(in, offset + 8 * i);
        }
        long last = 0;
        int rest = length & 7;
        for (int k = 0; k < rest; k++) {
            last |= (in[offset + 8 * lanes + k] & 0xFFL) << (8 * k);
        }
        state[lanes] ^= last | 0x01L << (8 * rest);
        state[RATE_LANES - 1] ^= PAD_LAST;
        permute(state);
        squeeze(state, out, outOffset);
    }

    /**
     * Writes keccak256 of the 64 bytes {@code a || b} to {@code out[outOffset, outOffset + 32)}, where {@code a}
     * and {@code b} are 32-byte values at offsets of {@code in}. {@code state} is 25 lanes of scratch space.
     */
    static void hash64(byte[] in, int a, int b, byte[] out, int outOffset, long[] state) {
        state[0] = (long) LE.get(in, a);
        state[1] = (long) LE.get(in, a + 8);
        state[2] = (long) LE.get(in, a + 16);
        state[3] = (long) LE.get(in, a + 24);
        state[4] = (long) LE.get(in, b);
        state[5] = (long) LE.get(in, b + 8);
        state[6] = (long) LE.get(in, b + 16);
        state[7] = (long) LE.get(in, b + 24);
        state[8] = 0x01L;
        for (int i = 9; i < 25; i++) {
            state[i] = 0;
        }
        state[RATE_LANES - 1] = PAD_LAST;
        permute(state);
        squeeze(state, out, outOffset);
    }

    /** Writes the first 32 bytes of the state (the digest) to {@code out} at {@code outOffset}. */
    static void squeeze(long[] state, byte[] out, int outOffset) {
        LE.set(out, outOffset, state[0]);
        LE.set(out, outOffset + 8, state[1]);
        LE.set(out, outOffset + 16, state[2]);
        LE.set(out, outOffset + 24, state[3]);
    }

    /**
     * Keccak-f[1600]: 24 rounds of theta, rho and pi (unrolled along the pi cycle, one rotation a lane), chi and
     * iota, on lanes held in locals. Local {@code aNN} is lane {@code state[NN]}, the lane at x = NN % 5,
     * y = NN / 5.
     */
    static void permute(long[] state) {
        long a00 = state[0], a01 = state[1], a02 = state[2], a03 = state[3], a04 = state[4];
        long a05 = state[5], a06 = state[6], a07 = state[7], a08 = state[8], a09 = state[9];
        long a10 = state[10], a11 = state[11], a12 = state[12], a13 = state[13], a14 = state[14];
        long a15 = state[15], a16 = state[16], a17 = state[17], a18 = state[18], a19 = state[19];
        long a20 = state[20], a21 = state[21], a22 = state[22], a23 = state[23], a24 = state[24];

        for (int round = 0; round < 24; round++) {
            // theta: every lane takes the parity of the column to its left and of the rotated column to its right
            long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0;
            a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1;
            a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2;
            a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3;
            a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4;

            // rho and pi: walk the pi cycle backwards from lane 1, so each lane is read before it is overwritten
            long t = Long.rotateLeft(a01, 1);
            a01 = Long.rotateLeft(a06, 44);
            a06 = Long.rotateLeft(a09, 20);
            a09 = Long.rotateLeft(a22, 61);
            a22 = Long.rotateLeft(a14, 39);
            a14 = Long.rotateLeft(a20, 18);
            a20 = Long.rotateLeft(a02, 62);
            a02 = Long.rotateLeft(a12, 43);
            a12 = Long.rotateLeft(a13, 25);
            a13 = Long.rotateLeft(a19, 8);
            a19 = Long.rotateLeft(a23, 56);
            a23 = Long.rotateLeft(a15, 41);
            a15 = Long.rotateLeft(a04, 27);
            a04 = Long.rotateLeft(a24, 14);
            a24 = Long.rotateLeft(a21, 2);
            a21 = Long.rotateLeft(a08, 55);
            a08 = Long.rotateLeft(a16, 45);
            a16 = Long.rotateLeft(a05, 36);
            a05 = Long.rotateLeft(a03, 28);
            a03 = Long.rotateLeft(a18, 21);
            a18 = Long.rotateLeft(a17, 15);
            a17 = Long.rotateLeft(a11, 10);
            a11 = Long.rotateLeft(a07, 6);
            a07 = Long.rotateLeft(a10, 3);
            a10 = t;

            // chi, one row of five lanes at a time
            long b0 = a00, b1 = a01;
            a00 ^= ~b1 & a02;
            a01 ^= ~a02 & a03;
            a02 ^= ~a03 & a04;
            a03 ^= ~a04 & b0;
            a04 ^= ~b0 & b1;
            b0 = a05; b1 = a06;
            a05 ^= ~b1 & a07;
            a06 ^= ~a07 & a08;
            a07 ^= ~a08 & a09;
            a08 ^= ~a09 & b0;
            a09 ^= ~b0 & b1;
            b0 = a10; b1 = a11;
            a10 ^= ~b1 & a12;
            a11 ^= ~a12 & a13;
            a12 ^= ~a13 & a14;
            a13 ^= ~a14 & b0;
            a14 ^= ~b0 & b1;
            b0 = a15; b1 = a16;
            a15 ^= ~b1 & a17;
            a16 ^= ~a17 & a18;
            a17 ^= ~a18 & a19;
            a18 ^= ~a19 & b0;
            a19 ^= ~b0 & b1;
            b0 = a20; b1 = a21;
            a20 ^= ~b1 & a22;
            a21 ^= ~a22 & a23;
            a22 ^= ~a23 & a24;
            a23 ^= ~a24 & b0;
            a24 ^= ~b0 & b1;

            // iota
            a00 ^= RC[round];
        }

        state[0] = a00; state[1] = a01; state[2] = a02; state[3] = a03; state[4] = a04;
        state[5] = a05; state[6] = a06; state[7] = a07; state[8] = a08; state[9] = a09;
        state[10] = a10; state[11] = a11; state[12] = a12; state[13] = a13; state[14] = a14;
        state[15] = a15; state[16] = a16; state[17] = a17; state[18] = a18; state[19] = a19;
        state[20] = a20; state[21] = a21; state[22] = a22; state[23] = a23; state[24] = a24;
    }
}
