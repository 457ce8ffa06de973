package org.docanchor.verifier.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The leaf hash through precomputed templates against the obvious computation: Bouncy Castle's Keccak-256 twice
 * over {@code abi.encode(bytes32, string, string)}.
 */
class LeafEncodingTest {

    @Property(tries = 500)
    void leafHashIsKeccakOfKeccakOfTheAbiEncoding(@ForAll("digests") Hash32 digest, @ForAll("names") String algorithm,
            @ForAll("names") String department) {
        byte[] encoded = LeafEncoding.abiEncode(digest.bytes(), algorithm, department);
        Hash32 expected = new Hash32(KeccakTest.bouncyCastle(KeccakTest.bouncyCastle(encoded)));

        assertThat(LeafEncoding.leafHash(digest, algorithm, department)).isEqualTo(expected);
    }

    @Property(tries = 50)
    void leafHashesInBulkAreTheLeafHashesOneByOne(@ForAll("values") List<LeafEncoding.Value> values) {
        for (Parallelism parallelism : Parallelism.values()) {
            byte[] bulk = LeafEncoding.leafHashes(values, parallelism);

            assertThat(bulk).hasSize(32 * values.size());
            for (int i = 0; i < values.size(); i++) {
                LeafEncoding.Value v = values.get(i);
                assertThat(new Hash32(Arrays.copyOfRange(bulk, 32 * i, 32 * i + 32)))
                        .isEqualTo(LeafEncoding.leafHash(v.digest(), v.algorithm(), v.department()));
            }
        }
    }

    @Provide
    Arbitrary<Hash32> digests() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash32::new);
    }

    /** Empty, short, exactly 32 bytes, multi-block, and non-ASCII names (UTF-8 is longer than the string). */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("教育部é-AZ").ofMaxLength(200),
                Arbitraries.of("", "sha256", "MINISTRY-OF-JUSTICE", "x".repeat(31), "x".repeat(32), "x".repeat(33),
                        "y".repeat(300)));
    }

    /** Up to a few thousand values from a few names, so that the bulk path splits and reuses templates. */
    @Provide
    Arbitrary<List<LeafEncoding.Value>> values() {
        return Arbitraries.integers().between(0, 6000).flatMap(n -> Arbitraries.longs().map(seed -> {
            java.util.Random random = new java.util.Random(seed);
            String[] algorithms = {"sha256", "sm3", ""};
            String[] departments = {"DEMO", "Ville de Genève", "教育部", "z".repeat(120)};
            List<LeafEncoding.Value> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                values.add(new LeafEncoding.Value(new Hash32(digest), algorithms[random.nextInt(algorithms.length)],
                        departments[random.nextInt(departments.length)]));
            }
            return values;
        }));
    }
}
