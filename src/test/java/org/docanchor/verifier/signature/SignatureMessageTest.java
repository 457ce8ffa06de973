package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The signed bytes, {@link SignedMessage}. */
class SignatureMessageTest {

    private static final Hash32 ONE = Hash32.fromHex("0x" + "00".repeat(31) + "01");

    @Test
    void bytes_areThePrefixTheDepartmentTheAlgorithmAndTheLowerCaseDigest() {
        Hash32 digest = Hash32.fromHex("0xABCDEF" + "00".repeat(29));

        assertThat(new String(SignedMessage.bytes("DEMO", digest, "sha256"), StandardCharsets.US_ASCII))
                .isEqualTo("anchor-gateway/v1\nDEMO\nsha256\n0xabcdef" + "00".repeat(29));
    }

    @Test
    void bytes_haveTheDocumentedLength() {
        byte[] bytes = SignedMessage.bytes("DEMO", ONE, "sha256");

        assertThat(bytes).hasSize(96);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '1');
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "SHA256", "sha256\n", "sha\n256", "-sha256", "sha 256", "sha256 ", "sm3\u0000",
            "abcdefghijklmnopqrstuvwxyz0123456"})
    void bytes_refuseAlgorithmNamesOutsideTheGrammar(String algorithm) {
        assertThatThrownBy(() -> SignedMessage.bytes("DEMO", ONE, algorithm))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a digest algorithm name is 1 to 32 characters from [a-z0-9-]");
    }

    @Test
    void bytes_acceptEveryDigestAlgorithmTheGatewayAccepts() {
        for (var algorithm : org.docanchor.verifier.DigestAlgorithm.values()) {
            assertThat(SignedMessage.text("DEMO", ONE, algorithm.id())).endsWith("\n" + algorithm.id() + "\n" + ONE.toHex());
        }
    }

    /** One message decodes to exactly one (department, algorithm, digest): no two inputs sign the same bytes. */
    @Property(tries = 300)
    void text_decodesBackToItsInputs(@ForAll("departments") String department, @ForAll("algorithms") String algorithm,
            @ForAll("digests") Hash32 digest) {
        String text = SignedMessage.text(department, digest, algorithm);

        assertThat(text).startsWith(SignedMessage.PREFIX);
        String[] fields = text.substring(SignedMessage.PREFIX.length()).split("\n", -1);
        assertThat(fields).containsExactly(department, algorithm, digest.toHex());
    }

    @Provide
    Arbitrary<String> departments() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-").ofMinLength(1).ofMaxLength(32)
                .filter(s -> s.charAt(0) != '-');
    }

    @org.junit.jupiter.api.Test
    void aDepartmentCodeOutsideTheGrammarIsRefused() {
        for (String bad : new String[] {"", "demo", "-DEMO", "DE\nMO", "A".repeat(33)}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignedMessage.text(bad, ONE, "sha256"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("department code");
        }
    }

    @Provide
    Arbitrary<String> algorithms() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(32)
                .filter(s -> s.charAt(0) != '-');
    }

    @Provide
    Arbitrary<Hash32> digests() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash32::new);
    }
}
