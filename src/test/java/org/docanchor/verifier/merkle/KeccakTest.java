package org.docanchor.verifier.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** The hand-written Keccak-256 against Bouncy Castle's {@code KeccakDigest}, the implementation it replaced. */
class KeccakTest {

    /** Every length from 0 to 300 bytes (empty, one block, the 135/136/137 padding edges, two blocks, three). */
    @Property(tries = 1500)
    void agreesWithBouncyCastleOnEveryLengthUpTo300(@ForAll("lengths") int length, @ForAll long seed) {
        byte[] input = random(length, seed);

        assertThat(hex(Keccak.hash(input))).isEqualTo(hex(bouncyCastle(input)));
    }

    /** Each try hashes random inputs of every length from 0 to 300 in turn. */
    @Property(tries = 30)
    void agreesWithBouncyCastleOnRandomInputsOfEachLength(@ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        for (int length = 0; length <= 300; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertThat(hex(Keccak.hash(input))).as("length %d", length).isEqualTo(hex(bouncyCastle(input)));
        }
    }

    @Property(tries = 300)
    void hashesASliceOfALargerArrayInPlace(@ForAll("lengths") int length, @ForAll @IntRange(max = 40) int before,
            @ForAll @IntRange(max = 40) int outAt, @ForAll long seed) {
        byte[] padded = random(before + length + 17, seed);
        byte[] out = new byte[outAt + 32 + 5];

        Keccak.hash(padded, before, length, out, outAt);

        assertThat(hex(Arrays.copyOfRange(out, outAt, outAt + 32)))
                .isEqualTo(hex(bouncyCastle(Arrays.copyOfRange(padded, before, before + length))));
        assertThat(Arrays.copyOfRange(out, 0, outAt)).isEqualTo(new byte[outAt]);
    }

    @Property(tries = 300)
    void concatenatesItsParts(@ForAll("lengths") int a, @ForAll("lengths") int b, @ForAll long seed) {
        byte[] x = random(a, seed);
        byte[] y = random(b, ~seed);
        byte[] both = new byte[a + b];
        System.arraycopy(x, 0, both, 0, a);
        System.arraycopy(y, 0, both, a, b);

        assertThat(hex(Keccak.hash(x, y))).isEqualTo(hex(bouncyCastle(both)));
    }

    @Property(tries = 500)
    void hashesA64BytePairFromTwoOffsets(@ForAll @IntRange(max = 200) int a, @ForAll @IntRange(max = 200) int b,
            @ForAll long seed) {
        byte[] nodes = random(232, seed);
        byte[] pair = new byte[64];
        System.arraycopy(nodes, a, pair, 0, 32);
        System.arraycopy(nodes, b, pair, 32, 32);
        byte[] out = new byte[32];
        long[] dirty = new long[25];
        Arrays.fill(dirty, seed);

        Keccak.hash64(nodes, a, b, out, 0, dirty);

        assertThat(hex(out)).isEqualTo(hex(bouncyCastle(pair)));
    }

    /** Known answers: keccak256("") and keccak256("abc"), as published for Ethereum's Keccak-256. */
    @Test
    void knownAnswers() {
        assertThat(hex(Keccak.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(hex(Keccak.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, 300).edgeCases(c -> c.add(135, 136, 137, 271, 272, 273));
    }

    static byte[] bouncyCastle(byte[] input) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
