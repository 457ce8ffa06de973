package org.docanchor.verifier.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.docanchor.verifier.DepartmentKeyList;
import org.docanchor.verifier.MalformedProofException;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.TrustedValidators;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.VerificationResult;
import org.docanchor.verifier.chain.JsonRpcChainReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector and every malformed entry of docs/vectors/proof-vectors.json through the Java core (ProofParser,
 * ProofVerifier, JsonRpcChainReader), on the recorded chain replayed on a fresh anvil by {@link VectorChain}.
 */
class ProofVectorsTest {

    /**
     * Vectors this surface does not run, with the reason. The core takes every input a vector can name (a node or
     * none, a trusted registry, validators, department keys, the document), so none.
     */
    static final Map<String, String> SKIPPED = Map.of();

    private static JsonNode file;
    private static VectorChain chain;
    private static String unreachable;

    @BeforeAll
    static void replay() {
        file = ProofVectors.read();
        chain = VectorChain.replay(file);
        unreachable = ProofVectors.unreachableUrl();
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> vectors() {
        return ProofVectors.list(file, "vectors").stream()
                .filter(v -> !SKIPPED.containsKey(v.get("id").asText()))
                .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> run(v)));
    }

    @TestFactory
    Stream<DynamicTest> malformed() {
        return ProofVectors.list(file, "malformed").stream()
                .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> refuse(v)));
    }

    @Test
    void everyVectorRuns_orIsSkippedWithAReason() {
        List<String> ids = ProofVectors.list(file, "vectors").stream().map(v -> v.get("id").asText()).toList();
        System.out.println("ProofVectorsTest: " + ids.size() + " vectors, " + ProofVectors.list(file, "malformed").size()
                + " malformed; skipped: " + (SKIPPED.isEmpty() ? "none" : SKIPPED));

        assertThat(ids).as("the file has vectors").isNotEmpty().doesNotHaveDuplicates();
        assertThat(ids).as("skipped ids name vectors of the file").containsAll(SKIPPED.keySet());
    }

    private static void run(JsonNode vector) throws Exception {
        String id = vector.get("id").asText();
        VerificationOptions options = VerificationOptions.none();
        JsonNode trust = vector.path("trust");
        if (trust.has("registry")) {
            options = options.withTrustedRegistry(trust.get("registry").asText());
        }
        if (trust.has("validators")) {
            options = options.withTrustedValidators(TrustedValidators.parse(trust.get("validators").toString()));
        }
        if (trust.has("departmentKeys")) {
            options = options.withDepartmentKeys(DepartmentKeyList.parse(trust.get("departmentKeys").toString()));
        }
        if (vector.has("document")) {
            options = options.withDocument(Base64.getDecoder().decode(vector.get("document").asText()));
        }
        String url = ProofVectors.nodeUrl(vector, chain.rpcUrl(), unreachable);
        VerificationResult result;
        if (url == null) {
            result = ProofVerifier.verify(ProofParser.parse(vector.get("proof").toString()), options);
        } else {
            try (JsonRpcChainReader node = new JsonRpcChainReader(URI.create(url))) {
                result = ProofVerifier.verify(ProofParser.parse(vector.get("proof").toString()), options.withChain(node));
            }
        }
        assertMatches(id, vector, result.result().name(), result.code(), codes(result));
        assertThat(ProofVectors.detailMismatches(vector, ProofVectors.JSON.valueToTree(result)))
                .as("%s: issuer, revocation and signature details (answer %s)", id, result).isEmpty();
    }

    static Map<String, String> codes(VerificationResult result) {
        Map<String, String> codes = new LinkedHashMap<>();
        result.checks().forEach(c -> codes.put(c.name(), c.code()));
        return codes;
    }

    /** The vector's expected result, code and listed check codes, each printed with what was computed. */
    static void assertMatches(String id, JsonNode vector, String result, String code, Map<String, String> checks) {
        JsonNode expect = vector.get("expect");
        String computed = result + " " + code + " " + checks;
        assertThat(result).as("%s: result (computed %s)", id, computed).isEqualTo(expect.get("result").asText());
        assertThat(code).as("%s: code (computed %s)", id, computed).isEqualTo(expect.get("code").asText());
        ProofVectors.expectedChecks(vector).forEach((name, expectedCode) -> assertThat(checks)
                .as("%s: check %s (computed %s)", id, name, computed).containsEntry(name, expectedCode));
    }

    private static void refuse(JsonNode entry) {
        String id = entry.get("id").asText();
        MalformedProofException e = catchThrowableOfType(MalformedProofException.class,
                () -> ProofParser.parse(entry.get("proof").toString()));
        assertThat(e).as("%s is refused as malformed", id).isNotNull();
        List<String> pointers = new ArrayList<>();
        e.problems().forEach(p -> pointers.add(p.pointer()));
        assertThat(pointers).as("%s: pointers reported (%s)", id, e.problems())
                .contains(entry.get("expect").get("pointer").asText());
    }
}
