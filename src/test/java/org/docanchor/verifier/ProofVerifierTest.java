package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docanchor.verifier.VerificationResult.Verdict;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.testing.FakeChain;
import org.docanchor.verifier.testing.SyntheticAnchoring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The procedure of docs/verification.md on a consistent anchoring built in memory ({@link SyntheticAnchoring}) and a
 * node simulated in memory ({@link FakeChain}): every check's pass, skip and failure codes, the verdicts, the
 * PENDING branch and the UNDETERMINED rules. Every proof goes through {@link ProofParser} first, so the fixtures are
 * schema-valid documents.
 */
class ProofVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyntheticAnchoring NONE = SyntheticAnchoring.build("none", 0);
    private static final SyntheticAnchoring IBFT2 = SyntheticAnchoring.build("ibft2", 3);

    static VerificationResult verify(JsonNode proof, VerificationOptions options) {
        try {
            return ProofVerifier.verify(ProofParser.parse(proof.toString()), options);
        } catch (MalformedProofException e) {
            throw new AssertionError("fixture is malformed: " + e.getMessage(), e);
        }
    }

    /** name → code of every check, in order. */
    static Map<String, String> codes(VerificationResult result) {
        Map<String, String> codes = new LinkedHashMap<>();
        result.checks().forEach(c -> codes.put(c.name(), c.code()));
        return codes;
    }

    private static VerificationOptions node(FakeChain chain) {
        return VerificationOptions.none().withChain(chain);
    }

    // --- whole runs ----------------------------------------------------------------------------------------------

    @Test
    void anchoredWithoutSeals_withNode_isValid_withEveryCheckInOrder() {
        VerificationResult result = verify(NONE.proof(0), node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(result.code()).isEqualTo("valid");
        assertThat(codes(result)).containsExactly(
                Map.entry("version", "v2"), Map.entry("document", "no-document"), Map.entry("leaf", "leaf-matches"),
                Map.entry("signature", "unsigned"), Map.entry("path", "path-leads-to-root"),
                Map.entry("registry", "no-trusted-registry"), Map.entry("header", "header-matches"),
                Map.entry("seals", "no-seals"), Map.entry("state-proof", "anchor-proven"),
                Map.entry("network", "chain-id-matches"), Map.entry("inclusion", "included"),
                Map.entry("anchor", "anchor-matches"), Map.entry("block", "block-matches"),
                Map.entry("transaction", "transaction-matches"), Map.entry("issuer", "no-issuer-registry"),
                Map.entry("revocation", "not-revoked"));
        assertThat(result.checks().stream().filter(c -> c.where() == VerificationResult.Where.CHAIN).map(c -> c.name()))
                .containsExactly("network", "inclusion", "anchor", "block", "transaction", "issuer", "revocation");
        assertThat(result.reasons()).hasSize(16).allSatisfy(r -> assertThat(r).isNotBlank());
    }

    @Test
    void sealedByThreeOfFour_withTrustedValidators_noNode_isRevocationUnchecked() {
        VerificationResult result = verify(IBFT2.proof(1),
                VerificationOptions.none().withTrustedValidators(IBFT2.validators()));

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("revocation-unchecked");
        assertThat(codes(result)).containsEntry("seals", "quorum").containsEntry("state-proof", "anchor-proven")
                .containsEntry("network", "no-node").doesNotContainKey("inclusion");
    }

    @Test
    void qbftSealedByThreeOfFour_isRevocationUnchecked() {
        SyntheticAnchoring qbft = SyntheticAnchoring.build("qbft", 3);

        VerificationResult result = verify(qbft.proof(2),
                VerificationOptions.none().withTrustedValidators(qbft.validators()));

        assertThat(result.code()).isEqualTo("revocation-unchecked");
        assertThat(result.check("seals").orElseThrow().code()).isEqualTo("quorum");
    }

    @Test
    void sealedWithNode_isValid() {
        VerificationResult result = verify(IBFT2.proof(0),
                VerificationOptions.none().withTrustedValidators(IBFT2.validators()).withChain(IBFT2.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(codes(result)).containsEntry("seals", "quorum");
    }

    @Test
    void sealedButNoTrustedValidators_noNode_isOffline() {
        VerificationResult result = verify(IBFT2.proof(0), VerificationOptions.none());

        assertThat(result.code()).isEqualTo("offline");
        assertThat(codes(result)).containsEntry("header", "header-matches")
                .containsEntry("seals", "no-trusted-validators").containsEntry("state-proof", "anchor-proven");
    }

    @Test
    void unsealedNetwork_noNode_isOffline() {
        VerificationResult result = verify(NONE.proof(0), VerificationOptions.none());

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("offline");
        assertThat(codes(result)).containsEntry("seals", "no-seals").containsEntry("network", "no-node");
    }

    @Test
    void twoOfFourSeals_isSealsInsufficient() {
        SyntheticAnchoring weak = SyntheticAnchoring.build("ibft2", 2);

        VerificationResult result = verify(weak.proof(0),
                VerificationOptions.none().withTrustedValidators(weak.validators()).withChain(weak.chain()));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("seals-insufficient");
        assertThat(result.check("seals").orElseThrow().detail()).contains("2 of the 4", "3 needed");
        assertThat(result.check("state-proof")).as("the first failure ends the run").isEmpty();
    }

    @Test
    void trustedSetOfOtherValidators_isSealsInsufficient() {
        TrustedValidators others = new TrustedValidators(org.docanchor.verifier.bft.BftConsensus.IBFT2,
                List.of("0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002"));

        VerificationResult result = verify(IBFT2.proof(0), VerificationOptions.none().withTrustedValidators(others));

        assertThat(result.code()).isEqualTo("seals-insufficient");
    }

    @Test
    void proofDeclaringNone_onANetworkTrustedAsIbft2_isHeaderMismatch() {
        VerificationResult result = verify(NONE.proof(0),
                VerificationOptions.none().withTrustedValidators(NONE.validators()));

        assertThat(result.code()).isEqualTo("header-mismatch");
        assertThat(result.check("header").orElseThrow().detail()).contains("ibft2 rules (the trusted validator set's");
    }

    // --- 2 to 6 --------------------------------------------------------------------------------------------------

    @Test
    void documentBytes_thatHashToTheDigest_match() {
        VerificationResult result = verify(NONE.proof(1),
                node(NONE.chain()).withDocument(SyntheticAnchoring.document(1)));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(result.check("document").orElseThrow().code()).isEqualTo("digest-matches");
    }

    @Test
    void otherDocumentBytes_areDigestMismatch() {
        VerificationResult result = verify(NONE.proof(1),
                node(NONE.chain()).withDocument(SyntheticAnchoring.document(2)));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("digest-mismatch");
        assertThat(result.check("document").orElseThrow().detail())
                .contains(NONE.docs.get(2).digest().toHex(), NONE.docs.get(1).digest().toHex());
        assertThat(result.checks()).hasSize(2);
    }

    @Test
    void leafOfAnotherDepartment_isLeafMismatch() {
        ObjectNode proof = NONE.proof(0);
        proof.put("department", "OTHER");

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.code()).isEqualTo("leaf-mismatch");
        assertThat(result.document().leaf()).isEqualTo(NONE.docs.get(0).leaf().toHex());
    }

    @Test
    void alteredPath_isPathMismatch() {
        ObjectNode proof = NONE.proof(0);
        ((ArrayNode) proof.get("path")).set(0, JSON.getNodeFactory().textNode("0x" + "00".repeat(32)));

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.code()).isEqualTo("path-mismatch");
        assertThat(result.check("path").orElseThrow().detail()).contains(NONE.tree.root().toHex());
    }

    @Test
    void trustedRegistry_matchesInAnyCase() {
        VerificationResult result = verify(NONE.proof(0),
                node(NONE.chain()).withTrustedRegistry(SyntheticAnchoring.REGISTRY.toUpperCase().replace("0X", "0x")));

        assertThat(result.check("registry").orElseThrow().code()).isEqualTo("trusted");
        assertThat(result.result()).isEqualTo(Verdict.VALID);
    }

    @Test
    void otherTrustedRegistry_isRegistryUntrusted() {
        VerificationResult result = verify(NONE.proof(0),
                node(NONE.chain()).withTrustedRegistry("0x" + "12".repeat(20)));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("registry-untrusted");
    }

    // --- 7 to 9 --------------------------------------------------------------------------------------------------

    @Test
    void blockHashThatTheHeaderDoesNotHashTo_isHeaderMismatch() {
        ObjectNode proof = NONE.proof(0);
        proof.put("blockHash", "0x" + "77".repeat(32));

        assertThat(verify(proof, VerificationOptions.none()).code()).isEqualTo("header-mismatch");
    }

    @Test
    void blockNumberOrTimeOtherThanTheHeaders_isHeaderMismatch() {
        ObjectNode number = NONE.proof(0);
        number.put("blockNumber", SyntheticAnchoring.BLOCK_NUMBER + 1);
        VerificationResult result = verify(number, VerificationOptions.none());
        assertThat(result.code()).isEqualTo("header-mismatch");
        assertThat(result.check("header").orElseThrow().detail()).contains("block 1234", "block 1235");

        ObjectNode time = NONE.proof(0);
        time.put("blockTime", "2026-11-23T10:15:35Z");
        assertThat(verify(time, VerificationOptions.none()).code()).isEqualTo("header-mismatch");
    }

    @Test
    void headerThatIsNotRlp_isHeaderMismatch() {
        ObjectNode proof = NONE.proof(0);
        proof.put("blockHeader", "0xf90265a0");

        assertThat(verify(proof, VerificationOptions.none()).code()).isEqualTo("header-mismatch");
    }

    @Test
    void noHeader_skipsHeaderSealsAndStateProof() {
        ObjectNode proof = NONE.proof(0);
        proof.remove(List.of("blockHeader", "anchorProof", "consensus"));

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(codes(result)).containsEntry("header", "no-header").containsEntry("seals", "no-header")
                .containsEntry("state-proof", "no-state-proof");
    }

    @Test
    void flippedStateProofNode_isStateProofInvalid() {
        ObjectNode proof = NONE.proof(0);
        ArrayNode storage = (ArrayNode) proof.get("anchorProof").get("storageProof");
        String node = storage.get(0).textValue();
        storage.set(0, JSON.getNodeFactory().textNode(node.substring(0, 10) + (node.charAt(10) == '0' ? '1' : '0')
                + node.substring(11)));

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.code()).isEqualTo("state-proof-invalid");
        assertThat(result.check("state-proof").orElseThrow().detail()).contains("hashes to");
    }

    @Test
    void batchIdOtherThanTheStates_isStateProofInvalid() {
        ObjectNode proof = NONE.proof(0);
        proof.put("batchId", 41);

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.code()).isEqualTo("state-proof-invalid");
        assertThat(result.check("state-proof").orElseThrow().detail()).contains("batch 42", "batch 41");
    }

    // --- 10 to 15 ------------------------------------------------------------------------------------------------

    @Test
    void nodeOfAnotherChain_isWrongNetwork() {
        FakeChain chain = NONE.chain();
        chain.chainId = 1;

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("wrong-network");
        assertThat(chain.asked).containsExactly("eth_chainId");
    }

    @Test
    void registryAddressWithoutCode_isRegistryMissing() {
        ObjectNode proof = NONE.proof(0);
        proof.put("registry", "0x" + "12".repeat(20));
        proof.remove("anchorProof");

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("registry-missing");
        assertThat(result.check("inclusion").orElseThrow().detail()).contains("0 byte(s)");
    }

    @Test
    void rootTheRegistryDoesNotHold_isRootNotAnchored() {
        FakeChain chain = NONE.chain();
        chain.anchors.clear();

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("root-not-anchored");
    }

    @Test
    void anchorRecordedInAnotherBlock_isAnchorMismatch() {
        FakeChain chain = NONE.chain();
        chain.anchors.put(NONE.tree.root(), new RegistryAbi.Anchor(SyntheticAnchoring.BATCH_ID,
                SyntheticAnchoring.BLOCK_NUMBER + 1, SyntheticAnchoring.TIMESTAMP));

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.code()).isEqualTo("anchor-mismatch");
        assertThat(result.check("anchor").orElseThrow().detail()).contains("block 1235", "block 1234");
    }

    @Test
    void blockWithAnotherHash_isBlockMismatch() {
        FakeChain chain = NONE.chain();
        chain.blocks.put(SyntheticAnchoring.BLOCK_NUMBER, new ChainReader.Block(SyntheticAnchoring.BLOCK_NUMBER,
                Hash32.fromHex("0x" + "99".repeat(32)), SyntheticAnchoring.TIMESTAMP, List.of(SyntheticAnchoring.TX_HASH)));

        assertThat(verify(NONE.proof(0), node(chain)).code()).isEqualTo("block-mismatch");
    }

    @Test
    void blockTheNodeDoesNotHave_isChainUnreachable() {
        FakeChain chain = NONE.chain();
        chain.blocks.clear();

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("chain-unreachable");
        assertThat(result.check("block").orElseThrow().outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not in the block", "failed", "other block", "other recipient", "no log",
        "log of other batch"})
    void receiptThatDoesNotShowTheAnchoring_isTransactionMismatch(String flaw) {
        FakeChain chain = NONE.chain();
        ChainReader.Receipt good = chain.receipts.get(SyntheticAnchoring.TX_HASH);
        if (flaw.equals("not in the block")) {
            chain.blocks.put(SyntheticAnchoring.BLOCK_NUMBER, new ChainReader.Block(SyntheticAnchoring.BLOCK_NUMBER,
                    NONE.blockHash, SyntheticAnchoring.TIMESTAMP, List.of()));
        }
        ChainReader.Receipt bad = switch (flaw) {
            case "not in the block" -> good;
            case "failed" -> new ChainReader.Receipt(false, good.blockNumber(), good.blockHash(), good.to(), good.logs());
            case "other block" -> new ChainReader.Receipt(true, good.blockNumber() + 1,
                    Hash32.fromHex("0x" + "98".repeat(32)), good.to(), good.logs());
            case "other recipient" -> new ChainReader.Receipt(true, good.blockNumber(), good.blockHash(),
                    "0x" + "12".repeat(20), good.logs());
            case "no log" -> new ChainReader.Receipt(true, good.blockNumber(), good.blockHash(), good.to(), List.of());
            default -> new ChainReader.Receipt(true, good.blockNumber(), good.blockHash(), good.to(),
                    List.of(SyntheticAnchoring.rootAnchoredLog(SyntheticAnchoring.REGISTRY, 41, NONE.tree.root())));
        };
        chain.receipts.remove(SyntheticAnchoring.TX_HASH);
        if (bad != null) {
            chain.receipts.put(SyntheticAnchoring.TX_HASH, bad);
        }

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).as(flaw).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).as(flaw).isEqualTo("transaction-mismatch");
    }

    @Test
    void transactionListedInTheBlockWithoutReceipt_isUnavailable() {
        // A node without a full transaction index (pruned): it cannot say, which is not a false proof.
        FakeChain chain = NONE.chain();
        chain.receipts.clear();

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("chain-unreachable");
        assertThat(result.check("transaction").orElseThrow().outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
        assertThat(result.check("transaction").orElseThrow().code()).isEqualTo("chain-unreachable");
    }

    @Test
    void signatureIsInTheAnswer_evenWhenAnEarlierCheckDecides() {
        ObjectNode proof = NONE.proof(0);
        ObjectNode signature = proof.putObject("signature");
        signature.put("algorithm", "ed25519");
        signature.put("publicKeyFingerprint", "sha256:" + "ab".repeat(32));
        signature.put("publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        signature.put("value", "AAAA");

        VerificationResult result = verify(proof, VerificationOptions.none().withDocument(new byte[] {1}));

        assertThat(result.code()).isEqualTo("digest-mismatch");
        assertThat(result.signature()).isEqualTo(new VerificationResult.SignaturePart("ed25519",
                "sha256:" + "ab".repeat(32), false));
        assertThat(result.anchor()).isNotNull();
    }

    @Test
    void noTxHash_skipsTheTransactionCheck() {
        ObjectNode proof = NONE.proof(0);
        proof.remove("txHash");

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(result.check("transaction").orElseThrow().code()).isEqualTo("no-transaction");
        assertThat(result.anchor().txHash()).isNull();
    }

    @Test
    void revokedLeaf_isRevoked_withTheRegistrysRecord() {
        FakeChain chain = NONE.chain();
        Hash32 replacement = NONE.docs.get(2).leaf();
        chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(1, SyntheticAnchoring.TIMESTAMP + 60,
                SyntheticAnchoring.BLOCK_NUMBER + 5, replacement));

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.REVOKED);
        assertThat(result.code()).isEqualTo("revoked");
        assertThat(result.revocation()).isEqualTo(new VerificationResult.RevocationPart("superseded",
                "2026-11-23T10:16:34Z", 1239, replacement.toHex(), false, null));
    }

    /** A version 2 REVOKED proof claiming what {@code chain} records for document 0. */
    private static ObjectNode revokedProof(int reasonIndex, long blockNumber, boolean withReplacement) {
        ObjectNode proof = NONE.proof(0);
        proof.put("status", "REVOKED");
        ObjectNode r = proof.putObject("revocation");
        r.put("reason", List.of("superseded", "issued-in-error", "withdrawn", "fraud", "other").get(reasonIndex - 1));
        r.put("revokedAt", "2026-11-23T10:16:34Z");
        r.put("blockNumber", blockNumber);
        if (withReplacement) {
            r.put("replacementLeaf", NONE.docs.get(2).leaf().toHex());
            ObjectNode replacement = r.putObject("replacement");
            replacement.put("digest", NONE.docs.get(2).digest().toHex());
            replacement.put("algorithm", "sha256");
        }
        return proof;
    }

    private static FakeChain revokedChain(boolean withReplacement) {
        FakeChain chain = NONE.chain();
        chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(1, SyntheticAnchoring.TIMESTAMP + 60,
                1239, withReplacement ? NONE.docs.get(2).leaf() : new Hash32(new byte[32])));
        return chain;
    }

    @Test
    void revokedProofMatchingTheRegistry_isRevoked() {
        assertThat(verify(revokedProof(1, 1239, true), node(revokedChain(true))).code()).isEqualTo("revoked");
        assertThat(verify(revokedProof(1, 1239, false), node(revokedChain(false))).code()).isEqualTo("revoked");
    }

    @ParameterizedTest
    @CsvSource({"2, 1239, true, true", "1, 1240, true, true", "1, 1239, false, true", "1, 1239, true, false"})
    void revokedProofDifferingFromTheRegistry_isRevocationMismatch(int reason, long block, boolean claimReplacement,
            boolean registryReplacement) {
        VerificationResult result = verify(revokedProof(reason, block, claimReplacement),
                node(revokedChain(registryReplacement)));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("revocation-mismatch");
    }

    @Test
    void revokedProofWhoseReplacementIsNotItsLeaf_isRevocationMismatch() {
        ObjectNode proof = revokedProof(1, 1239, true);
        ((ObjectNode) proof.get("revocation").get("replacement")).put("digest", NONE.docs.get(1).digest().toHex());

        VerificationResult result = verify(proof, node(revokedChain(true)));

        assertThat(result.code()).isEqualTo("revocation-mismatch");
        assertThat(result.check("revocation").orElseThrow().detail()).contains("replacement");
    }

    @Test
    void revokedProofTheRegistryDoesNotConfirm_isRevocationMismatch() {
        assertThat(verify(revokedProof(1, 1239, false), node(NONE.chain())).code()).isEqualTo("revocation-mismatch");
    }

    @ParameterizedTest
    @CsvSource({
        "eth_chainId, network", "verifyInclusion, inclusion", "anchorOf, anchor",
        "eth_getBlockByNumber, block", "eth_getTransactionReceipt, transaction", "revocationOf, revocation"})
    void nodeFailingAtAnyQuestion_isUndetermined_neverInvalid(String question, String check) {
        FakeChain unsealed = NONE.chain();
        unsealed.unavailable = question;
        VerificationResult offlineUnproven = verify(NONE.proof(0), node(unsealed));

        assertThat(offlineUnproven.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(offlineUnproven.code()).isEqualTo("chain-unreachable");
        VerificationResult.Check last = offlineUnproven.checks().get(offlineUnproven.checks().size() - 1);
        assertThat(last.name()).isEqualTo(check);
        assertThat(last.outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);

        FakeChain sealed = IBFT2.chain();
        sealed.unavailable = question;
        VerificationResult proven = verify(IBFT2.proof(0),
                node(sealed).withTrustedValidators(IBFT2.validators()));
        assertThat(proven.code()).as("quorum and anchor-proven: only revocation is left").isEqualTo("revocation-unchecked");
    }

    // --- PENDING, versions -----------------------------------------------------------------------------------

    private static ObjectNode pendingProof() {
        ObjectNode p = JSON.createObjectNode();
        p.put("version", 2);
        p.put("status", "PENDING");
        p.put("digest", NONE.docs.get(0).digest().toHex());
        p.put("algorithm", "sha256");
        p.put("department", "DEMO");
        p.put("leaf", NONE.docs.get(0).leaf().toHex());
        p.put("receivedAt", "2026-11-23T10:15:30.5Z");
        p.put("expectedAnchoringBy", "2026-11-23T10:15:32Z");
        p.put("chainId", SyntheticAnchoring.CHAIN_ID);
        p.put("registry", SyntheticAnchoring.REGISTRY);
        return p;
    }

    @Test
    void pending_withoutNode_isPending() {
        ObjectNode proof = pendingProof();
        proof.remove(List.of("chainId", "registry"));

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(result.code()).isEqualTo("pending");
        assertThat(codes(result).keySet()).containsExactly("version", "document", "leaf", "signature");
        assertThat(result.pending()).isEqualTo(new VerificationResult.PendingPart("2026-11-23T10:15:30.500Z",
                "2026-11-23T10:15:32Z"));
        assertThat(result.anchor()).isNull();
    }

    @Test
    void pending_namingItsRegistry_withoutNode_skipsTheNetwork() {
        VerificationResult result = verify(pendingProof(), VerificationOptions.none());

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(result.check("network").orElseThrow().code()).isEqualTo("no-node");
        assertThat(result.check("network").orElseThrow().where()).isEqualTo(VerificationResult.Where.CHAIN);
    }

    @Test
    void pending_registryAddressWithoutCode_isPending_withRevocationUnavailable() {
        ObjectNode proof = pendingProof();
        proof.put("registry", "0x" + "12".repeat(20));

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(result.check("revocation").orElseThrow().outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
        assertThat(result.check("revocation").orElseThrow().detail()).contains("0 byte(s)");
    }

    @Test
    void issuerRegistryOrRevocationSignerNotAnsweringAsTheRegistry_isUnavailable_notInvalid() {
        byte[] highBits = new byte[32];
        highBits[0] = 1;
        for (Map.Entry<String, byte[]> bad : List.of(Map.entry("issuerRegistry", new byte[31]),
                Map.entry("issuerRegistry", highBits), Map.entry("revocationSignerOf", new byte[31]))) {
            FakeChain chain = NONE.chain();
            chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(1,
                    SyntheticAnchoring.TIMESTAMP + 60, SyntheticAnchoring.BLOCK_NUMBER + 5, new Hash32(new byte[32])));
            chain.answers.put(bad.getKey(), bad.getValue());

            VerificationResult result = verify(NONE.proof(0), node(chain));

            assertThat(result.result()).as(bad.getKey()).isEqualTo(Verdict.UNDETERMINED);
            assertThat(result.code()).as(bad.getKey()).isEqualTo("chain-unreachable");
            VerificationResult.Check last = result.checks().get(result.checks().size() - 1);
            assertThat(last.outcome()).as(bad.getKey()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
            assertThat(last.detail()).as(bad.getKey()).contains(bad.getKey());
        }
    }

    @Test
    void registryPredatingTheIssuerRegistry_revertsWithoutData_noIssuerRegistry_andAnUnsignedRevocation() {
        FakeChain chain = NONE.chain();
        chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(2, SyntheticAnchoring.TIMESTAMP + 60,
                SyntheticAnchoring.BLOCK_NUMBER + 5, new Hash32(new byte[32])));
        chain.revertsWithoutData.addAll(List.of("issuerRegistry", "revocationSignerOf"));

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.REVOKED);
        assertThat(result.check("issuer").orElseThrow().code()).isEqualTo("no-issuer-registry");
        assertThat(result.revocation().signed()).isFalse();
    }

    @Test
    void signedRevocation_withoutIssuerRegistry_isRevoked_butNotCountedAsSigned() {
        FakeChain chain = NONE.chain();
        chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(4, SyntheticAnchoring.TIMESTAMP + 60,
                SyntheticAnchoring.BLOCK_NUMBER + 5, new Hash32(new byte[32])));
        byte[] signer = new byte[32];
        signer[31] = 7;
        chain.answers.put("revocationSignerOf", signer);

        VerificationResult result = verify(NONE.proof(0), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.REVOKED);
        assertThat(result.revocation().signed()).isFalse();
        assertThat(result.revocation().signedBy()).isNull();
        assertThat(result.check("issuer").orElseThrow().code()).isEqualTo("no-issuer-registry");
        assertThat(result.check("revocation").orElseThrow().detail()).contains("names no issuer registry");
    }

    @Test
    void anchorOfOrRevocationOfNotAnsweringAsTheRegistry_isUnavailable_notInvalid() {
        for (String function : List.of("anchorOf", "revocationOf")) {
            FakeChain chain = NONE.chain();
            chain.answers.put(function, new byte[31]);

            VerificationResult result = verify(NONE.proof(0), node(chain));

            assertThat(result.code()).as(function).isEqualTo("chain-unreachable");
            VerificationResult.Check last = result.checks().get(result.checks().size() - 1);
            assertThat(last.outcome()).as(function).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
            assertThat(last.detail()).as(function).contains(function, "31 byte(s)");
        }
    }

    @Test
    void pending_withNode_checksNetworkIssuerAndRevocation() {
        FakeChain chain = NONE.chain();

        VerificationResult result = verify(pendingProof(), node(chain).withTrustedRegistry(SyntheticAnchoring.REGISTRY));

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(codes(result)).containsExactly(Map.entry("version", "v2"), Map.entry("document", "no-document"),
                Map.entry("leaf", "leaf-matches"), Map.entry("signature", "unsigned"), Map.entry("registry", "trusted"),
                Map.entry("network", "chain-id-matches"), Map.entry("issuer", "no-issuer-registry"),
                Map.entry("revocation", "not-revoked"));
        assertThat(chain.asked).containsExactly("eth_chainId", "issuerRegistry", "revocationOf");
    }

    @Test
    void pending_revokedOnChain_isRevoked() {
        FakeChain chain = NONE.chain();
        chain.revocations.put(NONE.docs.get(0).leaf(), new RegistryAbi.Revocation(2, SyntheticAnchoring.TIMESTAMP,
                1300, new Hash32(new byte[32])));

        VerificationResult result = verify(pendingProof(), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.REVOKED);
        assertThat(result.revocation().reason()).isEqualTo("issued-in-error");
        assertThat(result.revocation().replacementLeaf()).isNull();
        assertThat(result.pending()).isNull();
    }

    @Test
    void pending_onAnotherChain_isWrongNetwork() {
        FakeChain chain = NONE.chain();
        chain.chainId = 5;

        assertThat(verify(pendingProof(), node(chain)).code()).isEqualTo("wrong-network");
    }

    @Test
    void pending_nodeUnreachable_isStillPending_withRevocationUnavailable() {
        FakeChain chain = NONE.chain();
        chain.unavailable = "revocationOf";

        VerificationResult result = verify(pendingProof(), node(chain));

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(result.check("revocation").orElseThrow().outcome()).isEqualTo(VerificationResult.Outcome.UNAVAILABLE);
    }

    @Test
    void pending_withWrongLeaf_isInvalid() {
        ObjectNode proof = pendingProof();
        proof.put("leaf", "0x" + "01".repeat(32));

        assertThat(verify(proof, VerificationOptions.none()).code()).isEqualTo("leaf-mismatch");
    }

    @Test
    void pending_untrustedRegistry_isInvalid() {
        VerificationResult result = verify(pendingProof(), VerificationOptions.none().withTrustedRegistry("0x" + "12".repeat(20)));

        assertThat(result.code()).isEqualTo("registry-untrusted");
    }

    @Test
    void unsupportedVersion_isUndetermined_afterTheVersionCheckOnly() {
        ObjectNode proof = NONE.proof(0);
        proof.put("version", 3);
        proof.put("somethingNew", true);

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.UNDETERMINED);
        assertThat(result.code()).isEqualTo("unsupported-version");
        assertThat(codes(result)).containsExactly(Map.entry("version", "unsupported-version"));
        assertThat(result.document().digest()).isEqualTo(NONE.docs.get(0).digest().toHex());
        assertThat(result.anchor()).isNull();
    }

    @Test
    void version1Anchored_isValid_andItsInformativeFieldsAreIgnored() {
        ObjectNode proof = NONE.proof(0);
        proof.put("version", 1);
        proof.remove(List.of("consensus", "blockHeader", "anchorProof"));
        proof.put("departmentName", "Demonstration department");
        ObjectNode revocation = proof.putObject("revocation");
        revocation.put("reason", "fraud");
        revocation.put("status", "PENDING");

        VerificationResult result = verify(proof, node(NONE.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(result.check("version").orElseThrow().code()).isEqualTo("v1");
        assertThat(result.check("version").orElseThrow().detail()).contains("departmentName", "revocation");
        assertThat(result.check("header").orElseThrow().code()).isEqualTo("no-header");
    }

    @Test
    void version1PendingWithoutLeaf_computesTheLeaf() {
        ObjectNode proof = JSON.createObjectNode();
        proof.put("version", 1);
        proof.put("status", "PENDING");
        proof.put("digest", NONE.docs.get(0).digest().toHex());
        proof.put("algorithm", "sha256");
        proof.put("department", "DEMO");
        proof.put("receivedAt", "2026-11-23T10:15:30Z");

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.result()).isEqualTo(Verdict.PENDING);
        assertThat(result.check("leaf").orElseThrow().code()).isEqualTo("leaf-computed");
        assertThat(result.document().leaf()).isEqualTo(LeafEncoding.leafHash(NONE.docs.get(0).digest(), "sha256",
                "DEMO").toHex());
    }

    // --- the answer ----------------------------------------------------------------------------------------------

    @Test
    void answer_serialisesToTheDocumentedJson() throws Exception {
        VerificationResult result = verify(NONE.proof(0), node(NONE.chain()));

        JsonNode json = JSON.readTree(JSON.writeValueAsString(result));

        assertThat(json.fieldNames()).toIterable().containsExactly("result", "code", "reasons", "checks", "document",
                "anchor");
        assertThat(json.get("result").textValue()).isEqualTo("VALID");
        assertThat(json.get("checks").get(0).fieldNames()).toIterable()
                .containsExactly("name", "outcome", "where", "code", "detail");
        assertThat(json.get("checks").get(0).get("outcome").textValue()).isEqualTo("passed");
        assertThat(json.get("checks").get(0).get("where").textValue()).isEqualTo("offline");
        assertThat(json.get("document").fieldNames()).toIterable()
                .containsExactly("digest", "algorithm", "department", "leaf");
        assertThat(json.get("anchor").fieldNames()).toIterable()
                .containsExactly("chainId", "registry", "batchId", "blockNumber", "blockHash", "blockTime", "txHash");
        assertThat(json.get("anchor").get("blockTime").textValue()).isEqualTo("2026-11-23T10:15:34Z");
        assertThat(json.get("anchor").get("chainId").isIntegralNumber()).isTrue();
        Set<String> outcomes = Set.of("passed", "failed", "skipped", "unavailable");
        json.get("checks").forEach(c -> assertThat(outcomes).contains(c.get("outcome").textValue()));
    }
}
