package org.docanchor.verifier.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.docanchor.verifier.ProofDocument;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.VerificationResult;
import org.docanchor.verifier.receipt.MalformedReceiptException;
import org.docanchor.verifier.receipt.ReceiptExpectations;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptKeySet;
import org.docanchor.verifier.receipt.ReceiptVerification;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every entry of docs/vectors/receipt-vectors.json through the Java core: {@link ReceiptJws} on its own, and, for
 * the entries with a proof or a document, {@link ProofVerifier} given the receipt (check {@code receipt}). The
 * JavaScript library walks the same file (src/main/web/test/receipt-vectors.test.mjs).
 */
class ReceiptVectorsTest {

    static final Path FILE = Path.of("docs/vectors/receipt-vectors.json");

    /** Every answer a receipt verifier gives: the file must hold at least one vector of each. */
    static final Set<String> CODES = Set.of("receipt-valid", "receipt-algorithm-refused", "receipt-key-unknown",
            "receipt-signature-invalid", "receipt-leaf-mismatch", "receipt-mismatch", "malformed");

    private static final JsonNode VECTORS = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ReceiptKeySet trusted() throws MalformedReceiptException {
        return ReceiptKeySet.parse(VECTORS.get("keys").toString());
    }

    @TestFactory
    Stream<DynamicTest> receipts() {
        List<DynamicTest> tests = new ArrayList<>();
        VECTORS.get("vectors").forEach(v -> tests.add(DynamicTest.dynamicTest(v.get("desc").asText(), () -> run(v))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> keySets() {
        List<DynamicTest> tests = new ArrayList<>();
        VECTORS.get("keySets").forEach(v -> tests.add(DynamicTest.dynamicTest(v.get("desc").asText(),
                () -> assertThatThrownBy(() -> ReceiptKeySet.parse(v.get("jwks").toString()))
                        .isInstanceOf(MalformedReceiptException.class))));
        return tests.stream();
    }

    @Test
    void theFileHoldsEveryAnswer_andNoDescriptionTwice() {
        Set<String> codes = new TreeSet<>();
        List<String> descriptions = new ArrayList<>();
        VECTORS.get("vectors").forEach(v -> {
            descriptions.add(v.get("desc").asText());
            codes.add(v.has("wantErr") ? v.get("wantErr").asText() : v.get("expect").get("code").asText());
        });
        assertThat(codes).isEqualTo(new TreeSet<>(CODES));
        assertThat(descriptions).doesNotHaveDuplicates();
        assertThat(VECTORS.get("keySets").size()).isPositive();
    }

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() throws Exception {
        assertThat(new ReceiptVectorGenerator().file()).as("regenerate: ./mvnw -q test-compile exec:java "
                + "-Dexec.mainClass=org.docanchor.verifier.vectors.ReceiptVectorGenerator -Dexec.classpathScope=test")
                .isEqualTo(VECTORS);
    }

    private static void run(JsonNode vector) throws Exception {
        String jws = vector.get("receipt").asText();
        ReceiptExpectations expected = ReceiptExpectations.none();
        ProofDocument proof = null;
        if (vector.has("proof")) {
            proof = ProofParser.parse(vector.get("proof").toString());
            expected = ReceiptExpectations.of(proof);
        }
        byte[] document = vector.has("document") ? vector.get("document").asText().getBytes(StandardCharsets.UTF_8)
                : null;
        if (document != null) {
            expected = expected.withDocument(document);
        }
        if (vector.has("wantErr")) {
            ReceiptExpectations given = expected;
            assertThatThrownBy(() -> ReceiptJws.verify(jws, trusted(), given))
                    .isInstanceOf(MalformedReceiptException.class);
            return;
        }
        ReceiptVerification answer = ReceiptJws.verify(jws, trusted(), expected);
        JsonNode expect = vector.get("expect");
        assertThat(answer.result() + " " + answer.code()).as(answer.detail())
                .isEqualTo(expect.get("result").asText() + " " + expect.get("code").asText());
        if (proof != null) {
            // The same receipt through the proof verifier: its check "receipt" decides the same way.
            VerificationOptions options = VerificationOptions.none().withReceipt(jws, trusted());
            VerificationResult result = ProofVerifier.verify(proof, document == null ? options
                    : options.withDocument(document));
            VerificationResult.Check check = result.check("receipt").orElseThrow();
            if (answer.valid()) {
                assertThat(check.outcome()).isEqualTo(VerificationResult.Outcome.PASSED);
                assertThat(result.result()).isEqualTo(VerificationResult.Verdict.PENDING);
            } else {
                assertThat(check.code()).isEqualTo(answer.code());
                assertThat(result.result()).isEqualTo(VerificationResult.Verdict.INVALID);
            }
        }
    }
}
