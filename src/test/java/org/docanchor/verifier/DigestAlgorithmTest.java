package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Known answers for "abc" from each algorithm's standard, and the JDK where it has the algorithm. */
class DigestAlgorithmTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        // FIPS 180-2, appendix B.1
        "sha256, 0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        // FIPS 180-4 example (SHA-512/256 has its own initial values; truncated SHA-512 would give 0xddaf35a1...)
        "sha512-256, 0x53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        // FIPS 202 example
        "sha3-256, 0x3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        // Keccak-256 as Ethereum uses it (original padding)
        "keccak256, 0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        // GB/T 32905-2016, appendix A, example 1
        "sm3, 0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    })
    void abc_knownAnswer(String id, String expected) throws Exception {
        DigestAlgorithm algorithm = DigestAlgorithm.fromId(id).orElseThrow();

        assertThat(algorithm.hash(ABC)).isEqualTo(Hash32.fromHex(expected));
        assertThat(algorithm.hash(new ByteArrayInputStream(ABC))).isEqualTo(Hash32.fromHex(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:SHA-256", "sha512-256:SHA-512/256", "sha3-256:SHA3-256"})
    void largeInput_matchesJdk(String pair) throws Exception {
        String[] parts = pair.split(":");
        byte[] input = new byte[200_003];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31);
        }
        byte[] jdk = MessageDigest.getInstance(parts[1]).digest(input);

        assertThat(DigestAlgorithm.fromId(parts[0]).orElseThrow().hash(new ByteArrayInputStream(input)))
                .isEqualTo(new Hash32(jdk));
    }
}
