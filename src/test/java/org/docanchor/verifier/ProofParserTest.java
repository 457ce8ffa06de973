package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading proof documents: the schemas of docs/, and the strictness they cannot express. */
class ProofParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String H = "0x" + "ab".repeat(32);

    /** A well-formed version 2 anchored proof (values need not verify). */
    static ObjectNode anchored() {
        ObjectNode p = JSON.createObjectNode();
        p.put("version", 2);
        p.put("status", "ANCHORED");
        p.put("digest", H);
        p.put("algorithm", "sha256");
        p.put("department", "DEMO");
        p.putArray("leafEncoding").add("bytes32").add("string").add("string");
        p.put("leaf", H);
        p.putArray("path").add(H).add(H);
        p.put("root", H);
        p.put("batchId", 42);
        p.put("chainId", 1337);
        p.put("registry", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        p.put("txHash", H);
        p.put("blockNumber", 1234);
        p.put("blockHash", H);
        p.put("blockTime", "2026-11-23T10:15:34Z");
        p.put("consensus", "ibft2");
        p.put("blockHeader", "0xc0");
        ObjectNode anchorProof = p.putObject("anchorProof");
        anchorProof.putArray("accountProof").add("0xc0");
        anchorProof.putArray("storageProof").add("0xc1c0");
        return p;
    }

    static ObjectNode pending() {
        ObjectNode p = JSON.createObjectNode();
        p.put("version", 2);
        p.put("status", "PENDING");
        p.put("digest", H);
        p.put("algorithm", "sm3");
        p.put("department", "DEMO");
        p.put("leaf", H);
        p.put("receivedAt", "2026-11-23T10:15:34.123Z");
        p.put("expectedAnchoringBy", "2026-11-23T10:15:36Z");
        return p;
    }

    private static List<String> pointers(String json) {
        MalformedProofException e = catchThrowableOfType(MalformedProofException.class, () -> ProofParser.parse(json));
        assertThat(e).as("malformed: %s", json).isNotNull();
        return e.problems().stream().map(MalformedProofException.Problem::pointer).toList();
    }

    @Test
    void anchoredV2_isRead() throws Exception {
        ProofDocument p = ProofParser.parse(anchored().toString());

        assertThat(p.version()).isEqualTo(BigInteger.TWO);
        assertThat(p.status()).isEqualTo(ProofDocument.Status.ANCHORED);
        assertThat(p.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(p.path()).hasSize(2);
        assertThat(p.batchId()).isEqualTo(42);
        assertThat(p.blockTime()).isEqualTo(Instant.parse("2026-11-23T10:15:34Z"));
        assertThat(p.blockHeader()).containsExactly(0xc0);
        assertThat(p.anchorProof().storageProof().get(0)).containsExactly(0xc1, 0xc0);
        assertThat(p.registry()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat(p.ignoredFields()).isEmpty();
    }

    @Test
    void pendingV2_isRead() throws Exception {
        ProofDocument p = ProofParser.parse(pending().toString());

        assertThat(p.status()).isEqualTo(ProofDocument.Status.PENDING);
        assertThat(p.receivedAt()).isEqualTo(Instant.parse("2026-11-23T10:15:34.123Z"));
        assertThat(p.root()).isNull();
    }

    @Test
    void v1_isRead_withItsUncheckedFieldsListed() throws Exception {
        ObjectNode v1 = anchored();
        v1.put("version", 1);
        v1.remove(List.of("consensus", "blockHeader", "anchorProof"));
        v1.put("departmentName", "Demo department");
        v1.put("receivedAt", "2026-11-23T11:15:34+01:00");
        v1.put("blockTime", "2026-11-23T11:15:34.000+01:00");

        ProofDocument p = ProofParser.parse(v1.toString());

        assertThat(p.version()).isEqualTo(BigInteger.ONE);
        assertThat(p.ignoredFields()).containsExactly("departmentName", "receivedAt");
        assertThat(p.blockTime()).isEqualTo(Instant.parse("2026-11-23T10:15:34Z"));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "9007199254740992", "100000000000000000000000000000"})
    void versionBelowOneOrBeyondSafeIntegers_isMalformed(String version) {
        String json = anchored().toString().replace("\"version\":2", "\"version\":" + version);
        assertThat(pointers(json)).contains("/version");
    }

    @ParameterizedTest
    @CsvSource({"3", "9007199254740991"})
    void laterVersion_isNotMalformed(String version) throws Exception {
        String json = "{\"version\": " + version + ", \"digest\": \"" + H + "\", \"anything\": [1.5]}";

        ProofDocument p = ProofParser.parse(json);

        assertThat(p.version()).isEqualTo(new BigInteger(version));
        assertThat(p.supportedVersion()).isFalse();
        assertThat(p.digest().toHex()).isEqualTo(H);
    }

    @Test
    void versionNotAnInteger_isMalformedAtVersion() {
        for (String version : List.of("\"2\"", "2.0", "2e0", "null", "true")) {
            ObjectNode p = anchored();
            String json = p.toString().replace("\"version\":2", "\"version\":" + version);
            assertThat(pointers(json)).as(version).contains("/version");
        }
        ObjectNode missing = anchored();
        missing.remove("version");
        assertThat(pointers(missing.toString())).contains("/version");
    }

    @Test
    void fractionForAnInteger_isMalformed() {
        String json = anchored().toString().replace("\"batchId\":42", "\"batchId\":42.0");
        assertThat(pointers(json)).contains("/batchId");
        String exponent = anchored().toString().replace("\"blockNumber\":1234", "\"blockNumber\":1.234e3");
        assertThat(pointers(exponent)).contains("/blockNumber");
    }

    @Test
    void integerBeyondTwoToThe53_isMalformed() {
        String json = anchored().toString().replace("\"blockNumber\":1234", "\"blockNumber\":9007199254740992");
        assertThat(pointers(json)).contains("/blockNumber");
    }

    @Test
    void duplicateKey_isMalformedAtTheKey() {
        String json = anchored().toString().replace("\"batchId\":42", "\"batchId\":42,\"batchId\":43");
        MalformedProofException e = catchThrowableOfType(MalformedProofException.class, () -> ProofParser.parse(json));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/batchId");
            assertThat(problem.message()).contains("the key \"batchId\" appears twice");
        });
    }

    @Test
    void duplicateKeyInNestedObject_isMalformed() {
        String json = anchored().toString().replace("\"accountProof\":", "\"accountProof\":[\"0xc0\"],\"accountProof\":");
        assertThat(pointers(json)).containsExactly("/anchorProof/accountProof");
    }

    @Test
    void trailingContent_isMalformed() {
        assertThat(pointers(anchored() + " {}")).containsExactly("");
        assertThat(pointers(anchored() + " x")).containsExactly("");
        assertThatCode(() -> ProofParser.parse(anchored() + "  \n")).doesNotThrowAnyException();
    }

    @Test
    void jsonErrors_nameNeitherTheLibraryNorJavaTypes() {
        for (String json : List.of(anchored() + " {}", "{\"version\": 2,", "{\"version\": 2, \"a\": \"\u0001\"}", "{'a': 1}",
                "{\"version\": 2, \"version\": 2}", "[1,", "{\"a\": tru}", "{\"a\": 1e999999999}", "\"text\"")) {
            MalformedProofException e = catchThrowableOfType(MalformedProofException.class, () -> ProofParser.parse(json));
            assertThat(e).as(json).isNotNull();
            assertThat(e.getMessage().toLowerCase()).as(json).doesNotContain("jackson", "java.", "exception", "feature",
                    "`");
        }
    }

    @Test
    void notAnObject_orNotJson_isMalformedAtTheDocument() {
        assertThat(pointers("[]")).containsExactly("");
        assertThat(pointers("")).containsExactly("");
        assertThat(pointers("{\"version\": 2,")).hasSize(1);
        MalformedProofException e = catchThrowableOfType(MalformedProofException.class,
                () -> ProofParser.parse(new byte[] {'{', (byte) 0xff, '}'}));
        assertThat(e.problems().get(0).message()).contains("UTF-8");
    }

    @Test
    void unknownField_isMalformedAtTheField() {
        ObjectNode p = anchored();
        p.put("departmentName", "Demo");
        assertThat(pointers(p.toString())).containsExactly("/departmentName");
    }

    @Test
    void missingRequiredField_isMalformedAtTheField() {
        ObjectNode p = anchored();
        p.remove("root");
        assertThat(pointers(p.toString())).containsExactly("/root");
    }

    @Test
    void upperCaseHash_isMalformed_upperCaseRegistryIsNot() throws Exception {
        ObjectNode p = anchored();
        p.put("digest", H.toUpperCase().replace("0X", "0x"));
        assertThat(pointers(p.toString())).containsExactly("/digest");
        ProofParser.parse(anchored().toString());
    }

    @Test
    void impossibleDate_isMalformed_byTheFormatAssertion() {
        ObjectNode p = anchored();
        p.put("blockTime", "2026-02-30T10:15:34Z");
        assertThat(pointers(p.toString())).containsExactly("/blockTime");
    }

    @Test
    void anchoringFieldsInAPendingProof_areMalformed() {
        ObjectNode p = pending();
        p.putArray("path");
        p.put("blockNumber", 5);
        assertThat(pointers(p.toString())).contains("/path", "/blockNumber");
    }

    @Test
    void dependentField_pointsAtTheMissingOne() {
        ObjectNode anchored = anchored();
        anchored.remove(List.of("blockHeader", "consensus"));
        assertThat(pointers(anchored.toString())).containsExactly("/blockHeader");
        ObjectNode pending = pending();
        pending.put("registry", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat(pointers(pending.toString())).containsExactly("/chainId");
    }

    @Test
    void revokedWithoutRevocation_isMalformed() {
        ObjectNode p = anchored();
        p.put("status", "REVOKED");
        assertThat(pointers(p.toString())).contains("/revocation");
    }

    @Test
    void nestedProblems_pointIntoArraysAndObjects() {
        ObjectNode p = anchored();
        p.withArray("path").set(1, JSON.getNodeFactory().textNode("0x12"));
        ((ObjectNode) p.get("anchorProof")).withArray("accountProof").set(0, JSON.getNodeFactory().textNode("0xc"));
        assertThat(pointers(p.toString())).contains("/path/1", "/anchorProof/accountProof/0");
    }

    @Test
    void everyProblemIsReported_inPointerOrder() {
        ObjectNode p = anchored();
        p.put("status", "DONE");
        p.put("digest", "0x12");
        p.put("chainId", 0);
        List<String> pointers = pointers(p.toString());
        assertThat(pointers).contains("/chainId", "/digest", "/status");
        assertThat(pointers).isSorted();
    }

    @Test
    void problemMessages_doNotRepeatThePointer() {
        ObjectNode p = anchored();
        p.put("chainId", 0);
        MalformedProofException e = catchThrowableOfType(MalformedProofException.class,
                () -> ProofParser.parse(p.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/chainId");
            assertThat(problem.message()).doesNotStartWith("/chainId").contains("1");
        });
        assertThat(e.getMessage()).startsWith("malformed proof: /chainId: ");
    }
}
