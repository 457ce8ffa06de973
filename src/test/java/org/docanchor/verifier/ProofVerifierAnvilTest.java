package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.docanchor.verifier.VerificationResult.Verdict;
import org.docanchor.verifier.chain.JsonRpcChainReader;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.testing.AnvilRegistry;
import org.docanchor.verifier.testing.AnvilRegistry.Doc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier against a real node: anvil with the compiled AnchorRegistry, batches anchored and documents revoked
 * through it, proofs written from what the node answers, and every on-chain check asked over JSON-RPC.
 */
class ProofVerifierAnvilTest {

    private static AnvilRegistry anvil;
    private static JsonRpcChainReader reader;
    private static final List<Doc> BATCH_1 = List.of(
            new Doc(DigestAlgorithm.SHA256.hash(bytes("licence 1")), "sha256", "DEMO"),
            new Doc(DigestAlgorithm.SM3.hash(bytes("licence 2")), "sm3", "DEMO"),
            new Doc(DigestAlgorithm.SHA512_256.hash(bytes("permit 7")), "sha512-256", "TRANSPORT"));
    private static final List<Doc> BATCH_2 = List.of(
            new Doc(DigestAlgorithm.KECCAK256.hash(bytes("contract 9")), "keccak256", "DEMO"));
    private static ObjectNode proof0;
    private static ObjectNode proofOfBatch2;

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void anchor() {
        anvil = AnvilRegistry.start();
        reader = new JsonRpcChainReader(URI.create(anvil.rpcUrl()));
        proof0 = anvil.anchorAndProve(anvil.registry(), 1, BATCH_1, 0);
        proofOfBatch2 = anvil.anchorAndProve(anvil.registry(), 2, BATCH_2, 0);
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    private static VerificationResult verify(ObjectNode proof, VerificationOptions options) throws Exception {
        return ProofVerifier.verify(ProofParser.parse(proof.toString()), options);
    }

    @Test
    void anchoredProof_isValid_everyCheckPassing() throws Exception {
        VerificationResult result = verify(proof0, VerificationOptions.none().withChain(reader)
                .withTrustedRegistry(anvil.registry()).withDocument(bytes("licence 1")));

        assertThat(result.result()).as("%s", result.reasons()).isEqualTo(Verdict.VALID);
        assertThat(result.checks()).extracting(VerificationResult.Check::code).containsExactly("v2", "digest-matches",
                "leaf-matches", "unsigned", "path-leads-to-root", "trusted", "header-matches", "no-seals",
                "anchor-proven", "chain-id-matches", "included", "anchor-matches", "block-matches",
                "transaction-matches", "no-issuer-registry", "not-revoked");
    }

    @Test
    void secondBatch_isValid() throws Exception {
        assertThat(verify(proofOfBatch2, VerificationOptions.none().withChain(reader)).result()).isEqualTo(Verdict.VALID);
    }

    @Test
    void withoutNode_isOffline_afterTheStateProofPassed() throws Exception {
        VerificationResult result = verify(proof0, VerificationOptions.none());

        assertThat(result.code()).isEqualTo("offline");
        assertThat(result.check("state-proof").orElseThrow().code()).isEqualTo("anchor-proven");
    }

    @Test
    void unreachableNode_isChainUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (JsonRpcChainReader nobody = new JsonRpcChainReader(URI.create("http://127.0.0.1:" + port))) {
            VerificationResult result = verify(proof0, VerificationOptions.none().withChain(nobody));

            assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
            assertThat(result.code()).isEqualTo("chain-unreachable");
            assertThat(result.check("network").orElseThrow().outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
        }
    }

    @Test
    void registryAddressWithoutCode_isRegistryMissing() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("registry", AnvilRegistry.ACCOUNT);
        proof.remove("anchorProof");

        assertThat(verify(proof, VerificationOptions.none().withChain(reader)).code()).isEqualTo("registry-missing");
    }

    @Test
    void anotherRegistry_thatNeverAnchoredTheRoot_isRootNotAnchored() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("registry", anvil.deployRegistry());
        proof.remove("anchorProof");

        assertThat(verify(proof, VerificationOptions.none().withChain(reader)).code()).isEqualTo("root-not-anchored");
    }

    @Test
    void stateProofOfAnotherRegistry_isStateProofInvalid() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("registry", anvil.deployRegistry());

        assertThat(verify(proof, VerificationOptions.none().withChain(reader)).code()).isEqualTo("state-proof-invalid");
    }

    @Test
    void txHashOfAnotherTransaction_isTransactionMismatch() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("txHash", proofOfBatch2.get("txHash").textValue());

        VerificationResult result = verify(proof, VerificationOptions.none().withChain(reader));

        assertThat(result.code()).isEqualTo("transaction-mismatch");
        assertThat(result.check("transaction").orElseThrow().detail()).contains("is not among the");
    }

    @Test
    void txHashThatTheNodeDoesNotKnow_isTransactionMismatch() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("txHash", "0x" + "42".repeat(32));

        assertThat(verify(proof, VerificationOptions.none().withChain(reader)).code()).isEqualTo("transaction-mismatch");
    }

    @Test
    void nodeOfAnotherChainId_isWrongNetwork() throws Exception {
        ObjectNode proof = proof0.deepCopy();
        proof.put("chainId", 31337);
        // The block hash and state proof are unaffected; the node answers 1337.
        VerificationResult result = verify(proof, VerificationOptions.none().withChain(reader));

        assertThat(result.code()).isEqualTo("wrong-network");
        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
    }

    @Test
    void revokedDocument_isRevoked_withTheRegistrysRecord() throws Exception {
        ObjectNode proof = anvil.anchorAndProve(anvil.registry(), 3, List.of(
                new Doc(DigestAlgorithm.SHA3_256.hash(bytes("certificate 5")), "sha3-256", "DEMO"),
                new Doc(DigestAlgorithm.SHA3_256.hash(bytes("certificate 6")), "sha3-256", "DEMO")), 0);
        Hash32 leaf = Hash32.fromHex(proof.get("leaf").textValue());
        Hash32 replacement = Hash32.fromHex("0x" + "0e".repeat(32));
        AnvilRegistry.Mined revocation = anvil.revoke(anvil.registry(), leaf, 4, replacement);

        VerificationResult result = verify(proof, VerificationOptions.none().withChain(reader));

        assertThat(result.result()).isEqualTo(Verdict.REVOKED);
        assertThat(result.revocation()).isEqualTo(new VerificationResult.RevocationPart("fraud",
                java.time.Instant.ofEpochSecond(revocation.timestamp()).toString(), revocation.blockNumber(),
                replacement.toHex(), false, null));
        // A REVOKED proof stating exactly that record is REVOKED too; one stating another reason is INVALID.
        ObjectNode claimed = proof.deepCopy();
        claimed.put("status", "REVOKED");
        ObjectNode r = claimed.putObject("revocation");
        r.put("reason", "fraud");
        r.put("revokedAt", result.revocation().revokedAt());
        r.put("blockNumber", revocation.blockNumber());
        r.put("replacementLeaf", replacement.toHex());
        assertThat(verify(claimed, VerificationOptions.none().withChain(reader)).code()).isEqualTo("revoked");
        r.put("reason", "withdrawn");
        assertThat(verify(claimed, VerificationOptions.none().withChain(reader)).code()).isEqualTo("revocation-mismatch");
    }

    @Test
    void pendingProof_withNode_isPending_andRevokedWhenTheRegistryRecordsIt() throws Exception {
        Doc doc = new Doc(DigestAlgorithm.SHA256.hash(bytes("not anchored yet")), "sha256", "DEMO");
        ObjectNode pending = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        pending.put("version", 2);
        pending.put("status", "PENDING");
        pending.put("digest", doc.digest().toHex());
        pending.put("algorithm", "sha256");
        pending.put("department", "DEMO");
        pending.put("leaf", doc.leaf().toHex());
        pending.put("receivedAt", "2026-11-23T10:15:34Z");
        pending.put("chainId", AnvilRegistry.CHAIN_ID);
        pending.put("registry", anvil.registry());

        VerificationResult before = verify(pending, VerificationOptions.none().withChain(reader));
        anvil.revoke(anvil.registry(), doc.leaf(), 3, new Hash32(new byte[32]));
        VerificationResult after = verify(pending, VerificationOptions.none().withChain(reader));

        assertThat(before.result()).isEqualTo(Verdict.PENDING);
        assertThat(before.checks()).extracting(VerificationResult.Check::name).containsSubsequence("network", "revocation");
        assertThat(after.result()).isEqualTo(Verdict.REVOKED);
        assertThat(after.revocation().reason()).isEqualTo("withdrawn");
    }
}
