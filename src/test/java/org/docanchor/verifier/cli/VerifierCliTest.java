package org.docanchor.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.testing.SyntheticAnchoring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's options, usage errors, trust files, exit codes and output, run in-process through
 * {@link VerifierCli#run} on proofs of the synthetic anchoring (no node; runs against a real node and the packaged
 * jar are in {@code VerifierCliIT}).
 */
class VerifierCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyntheticAnchoring NONE = SyntheticAnchoring.build("none", 0);
    private static final SyntheticAnchoring IBFT2 = SyntheticAnchoring.build("ibft2", 3);

    @TempDir
    Path dir;

    /** One run: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifierCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // Whatever happens: no stack trace, and a failure is one line.
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        if (!run.err().isEmpty()) {
            assertThat(run.err().strip()).doesNotContain("\n");
        }
        return run;
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void help_printsUsage_exit0() {
        Run run = run("", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--proof FILE|-", "--department-keys", "exit codes: 0 VALID, 1 INVALID");
    }

    @Test
    void usageErrors_exit2_withOneLine() {
        assertThat(run("").err()).contains("no proof given");
        assertThat(run("", "--proof").err()).contains("--proof needs a value");
        assertThat(run("", "--proof", "a", "--proof", "b").err()).contains("--proof is given twice");
        assertThat(run("", "--frobnicate").err()).contains("unknown option --frobnicate");
        assertThat(run("", "proof.json").err()).contains("unexpected argument proof.json");
        for (String[] args : List.of(new String[] {}, new String[] {"--proof"}, new String[] {"--frobnicate"},
                new String[] {"--proof", "x.json", "--registry", "0x12"},
                new String[] {"--proof", "x.json", "--rpc", "ftp://example.org"})) {
            assertThat(run("", args).exit()).as(String.join(" ", args)).isEqualTo(2);
        }
    }

    @Test
    void unreadableFiles_exit2_namingTheOption() throws Exception {
        Path proof = write("proof.json", NONE.proof(0).toString());

        assertThat(run("", "--proof", dir.resolve("missing.json").toString()).err())
                .contains("--proof: cannot read", "no such file");
        assertThat(run("", "--proof", proof.toString(), "--file", dir.resolve("nope.pdf").toString()).err())
                .contains("--file: cannot read");
        assertThat(run("", "--proof", proof.toString(), "--validators", write("v.json", "{").toString()).err())
                .contains("the validator set is not JSON");
        assertThat(run("", "--proof", proof.toString(), "--validators",
                write("v2.json", "{\"consensus\":\"none\",\"validators\":[]}").toString()).exit()).isEqualTo(2);
        assertThat(run("", "--proof", proof.toString(), "--department-keys",
                write("k.json", "{\"DEMO\":[\"md5:00\"]}").toString()).err()).contains("not sha256:");
    }

    @Test
    void malformedProof_exit2_pointersOnOneLine_andInTheJson() throws Exception {
        ObjectNode proof = NONE.proof(0);
        proof.put("version", "2");
        proof.put("digest", "0xABC");
        Path file = write("bad.json", proof.toString());

        Run human = run("", "--proof", file.toString());
        Run json = run("", "--proof", file.toString(), "--json");

        assertThat(human.exit()).isEqualTo(2);
        assertThat(human.err()).startsWith("anchor-verifier: malformed proof: /digest: ").contains("/version: ");
        assertThat(json.exit()).isEqualTo(2);
        JsonNode answer = JSON.readTree(json.out());
        assertThat(answer.get("error").asText()).isEqualTo("malformed-proof");
        List<String> pointers = new ArrayList<>();
        answer.get("errors").forEach(p -> pointers.add(p.get("pointer").asText()));
        assertThat(pointers).contains("/digest", "/version");
    }

    @Test
    void manyProblems_areCutOnTheLine_butAllInTheJson() throws Exception {
        Path file = write("empty-object.json", "{\"version\": 2}");

        Run human = run("", "--proof", file.toString());
        Run json = run("", "--proof", file.toString(), "--json");

        assertThat(human.err()).contains("more (--json lists them all)");
        assertThat(JSON.readTree(json.out()).get("errors").size()).isGreaterThan(5);
    }

    @Test
    void offlineProof_exit3_humanOutputMarksEveryCheck() throws Exception {
        Run run = run("", "--proof", write("p.json", NONE.proof(0).toString()).toString());

        assertThat(run.exit()).isEqualTo(3);
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("UNDETERMINED (offline): ");
        assertThat(run.out()).containsPattern("passed +version +offline +v2: proof format version 2")
                .containsPattern("skipped +network +on chain +no-node: ");
        assertThat(run.out().lines().filter(l -> l.startsWith("  "))).hasSize(10);
    }

    @Test
    void json_isTheCoresAnswer() throws Exception {
        String proof = IBFT2.proof(1).toString();
        Path validators = write("validators.json", "{\"consensus\":\"ibft2\",\"validators\":"
                + JSON.writeValueAsString(IBFT2.validators().validators()) + "}");

        Run run = run("", "--proof", write("p.json", proof).toString(), "--validators", validators.toString(), "--json");

        assertThat(run.exit()).isEqualTo(3);
        String expected = JSON.writeValueAsString(ProofVerifier.verify(ProofParser.parse(proof),
                VerificationOptions.none().withTrustedValidators(IBFT2.validators())));
        assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(expected));
        assertThat(JSON.readTree(run.out()).get("code").asText()).isEqualTo("revocation-unchecked");
    }

    @Test
    void proofFromStandardInput_andTheDocumentFile() throws Exception {
        Path document = dir.resolve("document.bin");
        Files.write(document, SyntheticAnchoring.document(2));

        Run run = run(NONE.proof(2).toString(), "--proof", "-", "--file", document.toString(), "--json");

        assertThat(JSON.readTree(run.out()).get("checks").get(1).get("code").asText()).isEqualTo("digest-matches");
    }

    @Test
    void documentFromStandardInput_butNotTogetherWithTheProof() throws Exception {
        Path proof = write("p.json", NONE.proof(1).toString());
        String document = new String(SyntheticAnchoring.document(1), StandardCharsets.UTF_8);

        Run run = run(document, "--proof", proof.toString(), "--file", "-", "--json");
        Run both = run(document, "--proof", "-", "--file", "-");

        assertThat(JSON.readTree(run.out()).get("checks").get(1).get("code").asText()).isEqualTo("digest-matches");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--proof and --file cannot both come from standard input");
    }

    @Test
    void exitCodes_followTheVerdict() throws Exception {
        Path wrongDocument = write("other.txt", "not the document");
        assertThat(run("", "--proof", write("a.json", NONE.proof(0).toString()).toString(), "--file",
                wrongDocument.toString()).exit()).as("INVALID").isEqualTo(1);

        ObjectNode pending = JSON.createObjectNode();
        pending.put("version", 2);
        pending.put("status", "PENDING");
        pending.put("digest", NONE.docs.get(0).digest().toHex());
        pending.put("algorithm", "sha256");
        pending.put("department", "DEMO");
        pending.put("leaf", NONE.docs.get(0).leaf().toHex());
        pending.put("receivedAt", "2026-11-23T10:15:34Z");
        Run run = run("", "--proof", write("pending.json", pending.toString()).toString());
        assertThat(run.exit()).as("PENDING").isEqualTo(5);
        assertThat(run.out()).contains("The gateway says (nothing on chain backs this yet): received at "
                + "2026-11-23T10:15:34Z");

        ObjectNode future = NONE.proof(0);
        future.put("version", 3);
        assertThat(run("", "--proof", write("v3.json", future.toString()).toString()).exit()).as("UNDETERMINED")
                .isEqualTo(3);

        assertThat(run("", "--proof", write("b.json", NONE.proof(0).toString()).toString(), "--registry",
                "0x" + "12".repeat(20)).exit()).as("INVALID registry-untrusted").isEqualTo(1);
    }

    @Test
    void optionsWithEqualsSign_areAccepted() throws Exception {
        Path proof = write("p.json", NONE.proof(0).toString());

        Run run = run("", "--proof=" + proof, "--registry=" + SyntheticAnchoring.REGISTRY, "--json");

        assertThat(JSON.readTree(run.out()).get("checks").get(5).get("code").asText()).isEqualTo("trusted");
    }

    @Test
    void exitCode_coversEveryVerdict() {
        assertThat(VerifierCli.exitCode(org.docanchor.verifier.VerificationResult.Verdict.VALID)).isZero();
        assertThat(VerifierCli.exitCode(org.docanchor.verifier.VerificationResult.Verdict.INVALID)).isEqualTo(1);
        assertThat(VerifierCli.exitCode(org.docanchor.verifier.VerificationResult.Verdict.UNDETERMINED)).isEqualTo(3);
        assertThat(VerifierCli.exitCode(org.docanchor.verifier.VerificationResult.Verdict.REVOKED)).isEqualTo(4);
        assertThat(VerifierCli.exitCode(org.docanchor.verifier.VerificationResult.Verdict.PENDING)).isEqualTo(5);
    }

    @Test
    void aReceiptOnItsOwn_andWithTheProofThatNamesIt() throws Exception {
        com.fasterxml.jackson.databind.JsonNode vectors = JSON.readTree(Files.readString(
                Path.of("docs/vectors/receipt-vectors.json")));
        Path jwks = write("jwks.json", vectors.get("keys").toString());
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byDesc = new java.util.HashMap<>();
        vectors.get("vectors").forEach(v -> byDesc.put(v.get("desc").asText(), v));
        Path valid = write("valid.jws", byDesc.get("a receipt signed with the signing key").get("receipt").asText()
                + "\n");

        Run ok = run("", "--receipt", valid.toString(), "--jwks", jwks.toString());
        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        assertThat(ok.out()).startsWith("VALID (receipt-valid)");
        Run none = run(byDesc.get("alg none with an empty signature").get("receipt").asText(), "--receipt", "-",
                "--jwks", jwks.toString(), "--json");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(JSON.readTree(none.out()).get("code").asText()).isEqualTo("receipt-algorithm-refused");
        Run malformed = run("a.b", "--receipt", "-", "--jwks", jwks.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("not a signed receipt");
        Run document = run("Birth certificate 2026/0002", "--receipt", valid.toString(), "--jwks", jwks.toString(),
                "--file", "-");
        assertThat(document.exit()).isEqualTo(1);
        assertThat(document.out()).startsWith("INVALID (receipt-mismatch)");
        assertThat(run("", "--receipt", valid.toString()).exit()).isEqualTo(2);
        assertThat(run("", "--receipt", valid.toString(), "--jwks", valid.toString()).err()).contains("--jwks");

        com.fasterxml.jackson.databind.JsonNode named = byDesc.get("the pending proof that names this receipt");
        Path proof = write("proof.json", named.get("proof").toString());
        Run withProof = run("", "--proof", proof.toString(), "--receipt", valid.toString(), "--jwks",
                jwks.toString(), "--json");
        assertThat(withProof.exit()).as(withProof.err()).isEqualTo(5);
        assertThat(withProof.out()).contains("\"name\":\"receipt\",\"outcome\":\"passed\"");
        Path other = write("other.json", byDesc.get("a proof that names another receipt").get("proof").toString());
        Run mismatch = run("", "--proof", other.toString(), "--receipt", valid.toString(), "--jwks", jwks.toString());
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).startsWith("INVALID (receipt-mismatch)");
    }
}
