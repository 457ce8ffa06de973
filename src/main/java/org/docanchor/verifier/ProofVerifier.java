package org.docanchor.verifier;

import static org.docanchor.verifier.VerificationResult.Outcome.FAILED;
import static org.docanchor.verifier.VerificationResult.Outcome.PASSED;
import static org.docanchor.verifier.VerificationResult.Outcome.SKIPPED;
import static org.docanchor.verifier.VerificationResult.Outcome.UNAVAILABLE;
import static org.docanchor.verifier.VerificationResult.Where.CHAIN;
import static org.docanchor.verifier.VerificationResult.Where.OFFLINE;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.verifier.VerificationResult.Check;
import org.docanchor.verifier.VerificationResult.Outcome;
import org.docanchor.verifier.VerificationResult.Verdict;
import org.docanchor.verifier.VerificationResult.Where;
import org.docanchor.verifier.bft.BftBlockHashing;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.bft.BlockHeader;
import org.docanchor.verifier.chain.CallRevertedException;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.ChainUnavailableException;
import org.docanchor.verifier.chain.IssuerRegistryAbi;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.verifier.receipt.MalformedReceiptException;
import org.docanchor.verifier.receipt.ReceiptExpectations;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptVerification;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.InvalidDepartmentKeyException;
import org.docanchor.verifier.signature.SignatureVerifier;
import org.docanchor.verifier.signature.SignedMessage;
import org.docanchor.verifier.trie.AnchorStateProof;
import org.docanchor.verifier.trie.InvalidTrieProofException;

/**
 * Verifies a proof document by the procedure of docs/verification.md: sixteen checks in order, the first that fails
 * decides the verdict; PENDING documents take a short branch; a node that gives no straight answer makes the verdict
 * UNDETERMINED, never INVALID or REVOKED. Thread-safe: it keeps no state between calls.
 */
public final class ProofVerifier {

    /** Revocation reason codes of the registry (IAnchorRegistry), 1 to 5. */
    static final Map<Integer, String> REVOCATION_REASONS =
            Map.of(1, "superseded", 2, "issued-in-error", 3, "withdrawn", 4, "fraud", 5, "other");

    /** Key algorithms of the issuer registry (IIssuerRegistry), 1 to 3. */
    static final Map<Integer, String> KEY_ALGORITHMS = Map.of(1, "ecdsa-p256", 2, "ed25519", 3, "sm2");

    /** Key revocation reasons of the issuer registry, 1 and 2. */
    static final Map<Integer, String> KEY_REVOCATION_REASONS = Map.of(1, "superseded", 2, "compromised");

    private static final Hash32 ZERO = new Hash32(new byte[32]);

    private static final int HEADER_STATE_ROOT = 3;
    private static final int HEADER_NUMBER = 8;
    private static final int HEADER_TIMESTAMP = 11;

    private ProofVerifier() {
    }

    /** Runs every check the proof and the options allow, and answers the verdict with its evidence. */
    public static VerificationResult verify(ProofDocument proof, VerificationOptions options) {
        return new Run(proof, options).run();
    }

    /** The first failing check: it ends the run with this verdict and code. */
    private static final class Decided extends Exception {
        final Verdict verdict;
        final String code;

        Decided(Verdict verdict, String code) {
            super(code, null, false, false);
            this.verdict = verdict;
            this.code = code;
        }
    }

    /** One verification: the checks so far and what they established. */
    private static final class Run {

        private final ProofDocument p;
        private final VerificationOptions options;
        private final List<Check> checks = new ArrayList<>();
        private Hash32 leaf;
        private VerificationResult.SignaturePart signaturePart;
        private VerificationResult.RevocationPart revocationPart;
        private VerificationResult.IssuerPart issuerPart;
        /** The issuer registry check 15 read, lower-case; null when it did not run or the registry names none. */
        private String issuerRegistry;
        /** Why a revocation the registry records as signed does not count as signed, for the detail; or null. */
        private String signerDetail;
        private BlockHeader header;
        private boolean quorum;
        private boolean anchorProven;
        private ChainReader.Block block;
        private String current;

        Run(ProofDocument proof, VerificationOptions options) {
            this.p = proof;
            this.options = options;
            // The answer carries the signature whenever the proof does, whichever check decides.
            if (proof.signature() != null) {
                signaturePart = new VerificationResult.SignaturePart(proof.signature().algorithm(),
                        proof.signature().publicKeyFingerprint(), false);
            }
        }

        VerificationResult run() {
            try {
                version();
                document();
                leaf();
                signature();
                receipt();
                if (p.status() == ProofDocument.Status.PENDING) {
                    return pending();
                }
                path();
                registry();
                header();
                seals();
                stateProof();
                Optional<ChainReader> chain = options.chain();
                if (chain.isEmpty()) {
                    skip("network", CHAIN, "no-node", "no node given: nothing is checked on chain");
                    return done(Verdict.UNDETERMINED, quorum && anchorProven ? "revocation-unchecked" : "offline");
                }
                try {
                    network(chain.get());
                    inclusion(chain.get());
                    anchor(chain.get());
                    block(chain.get());
                    transaction(chain.get());
                    issuer(chain.get(), block.timestamp());
                    revocation(chain.get());
                } catch (ChainUnavailableException e) {
                    add(current, UNAVAILABLE, CHAIN, "chain-unreachable", "the node gave no straight answer: " + e.getMessage());
                    return done(Verdict.UNDETERMINED,
                            quorum && anchorProven ? "revocation-unchecked" : "chain-unreachable");
                }
                return done(Verdict.VALID, "valid");
            } catch (Decided d) {
                return done(d.verdict, d.code);
            }
        }

        // --- 1 to 4: the proof itself -------------------------------------------------------------------------

        private void version() throws Decided {
            if (!p.supportedVersion()) {
                fail("version", OFFLINE, "unsupported-version", Verdict.UNDETERMINED, "proof format version "
                        + p.version() + "; this verifier reads versions 1 and 2");
            }
            if (p.version().equals(BigInteger.ONE)) {
                pass("version", OFFLINE, "v1", "proof format version 1" + (p.ignoredFields().isEmpty() ? ""
                        : "; not checked, as in every version 1 proof: " + String.join(", ", p.ignoredFields())));
            } else {
                pass("version", OFFLINE, "v2", "proof format version 2");
            }
        }

        private void document() throws Decided {
            Optional<byte[]> bytes = options.document();
            if (bytes.isEmpty()) {
                skip("document", OFFLINE, "no-document", "no document given: the digest " + p.digest()
                        + " is taken as the proof states it");
                return;
            }
            Hash32 computed = p.algorithm().hash(bytes.get());
            if (!computed.equals(p.digest())) {
                fail("document", OFFLINE, "digest-mismatch", Verdict.INVALID, "the document (" + bytes.get().length
                        + " bytes) hashes to " + computed + " under " + p.algorithm().id() + ", the proof says "
                        + p.digest());
            }
            pass("document", OFFLINE, "digest-matches", "the document hashes to " + computed + " under "
                    + p.algorithm().id());
        }

        private void leaf() throws Decided {
            Hash32 computed = LeafEncoding.leafHash(p.digest(), p.algorithm().id(), p.department());
            if (p.leaf() == null) {
                leaf = computed;
                pass("leaf", OFFLINE, "leaf-computed", "leaf " + computed + " computed from digest, algorithm and"
                        + " department " + p.department() + " (the proof states no leaf)");
                return;
            }
            if (!computed.equals(p.leaf())) {
                fail("leaf", OFFLINE, "leaf-mismatch", Verdict.INVALID, "the proof's leaf " + p.leaf()
                        + " does not commit to digest " + p.digest() + ", algorithm " + p.algorithm().id()
                        + " and department " + p.department() + ": they give leaf " + computed);
            }
            leaf = computed;
            pass("leaf", OFFLINE, "leaf-matches", "leaf " + computed + " commits to digest, algorithm and department "
                    + p.department());
        }

        /**
         * 4a, listed only when the proof names a receipt or the verifier holds one: the signed receipt verifies
         * under a trusted receipt key and is the one the proof names, for the same document, department and chain.
         */
        private void receipt() throws Decided {
            Optional<String> jws = options.receipt();
            if (jws.isEmpty()) {
                if (p.receiptId() != null) {
                    skip("receipt", OFFLINE, "no-receipt", "no receipt given: the proof names receipt "
                            + p.receiptId() + ", taken as it states it");
                }
                return;
            }
            ReceiptVerification checked;
            try {
                ReceiptExpectations expected = ReceiptExpectations.of(p);
                checked = ReceiptJws.verify(jws.get(), options.receiptKeys().orElseThrow(),
                        options.document().map(expected::withDocument).orElse(expected));
            } catch (MalformedReceiptException e) {
                throw fail("receipt", OFFLINE, "receipt-malformed", Verdict.INVALID, "the receipt given is not a "
                        + "signed receipt: " + e.getMessage());
            }
            if (!checked.valid()) {
                throw fail("receipt", OFFLINE, checked.code(), Verdict.INVALID, checked.detail());
            }
            pass("receipt", OFFLINE, p.receiptId() != null ? "receipt-matches" : "receipt-matches-document",
                    checked.detail() + (p.receiptId() != null ? "; the proof names this receipt"
                            : "; the proof names no receipt: the receipt is of the same document"));
        }

        private void signature() throws Decided {
            ProofDocument.Signature s = p.signature();
            if (s == null) {
                skip("signature", OFFLINE, "unsigned", "the proof carries no department signature");
                return;
            }
            DepartmentKey key;
            try {
                key = DepartmentKey.parseKeyOrChain(s.publicKey());
            } catch (RuntimeException e) {
                throw fail("signature", OFFLINE, "signature-key-mismatch", Verdict.INVALID,
                        "the signature's public key does not parse: " + e.getMessage());
            }
            if (!key.fingerprint().equals(s.publicKeyFingerprint())) {
                fail("signature", OFFLINE, "signature-key-mismatch", Verdict.INVALID, "the signature's public key has"
                        + " fingerprint " + key.fingerprint() + ", the proof says " + s.publicKeyFingerprint());
            }
            if (!key.algorithm().id().equals(s.algorithm())) {
                fail("signature", OFFLINE, "signature-key-mismatch", Verdict.INVALID, "the signature's public key is "
                        + key.algorithm().id() + ", the proof says " + s.algorithm());
            }
            byte[] value;
            try {
                value = Base64.getDecoder().decode(s.value());
            } catch (IllegalArgumentException e) {
                throw fail("signature", OFFLINE, "signature-invalid", Verdict.INVALID,
                        "the signature value is not base64");
            }
            boolean verified;
            try {
                verified = SignatureVerifier.verify(key, p.department(), p.digest(), p.algorithm().id(), value);
            } catch (IllegalArgumentException e) {
                // A version 1 department code outside the signed message's grammar cannot have been signed.
                throw fail("signature", OFFLINE, "signature-invalid", Verdict.INVALID,
                        "the signature cannot be checked: " + e.getMessage());
            }
            if (!verified) {
                fail("signature", OFFLINE, "signature-invalid", Verdict.INVALID, "the signature does not verify with"
                        + " key " + key.fingerprint() + " over the message \"" + SignedMessage
                        .text(p.department(), p.digest(), p.algorithm().id()).replace("\n", "\\n") + "\"");
            }
            Optional<DepartmentKeyList> keys = options.departmentKeys().filter(k -> k.covers(p.department()));
            if (keys.isEmpty()) {
                pass("signature", OFFLINE, "untied", "signed with key " + key.fingerprint() + " (" + s.algorithm()
                        + "); not tied to department " + p.department() + " by this verifier (no trusted key list"
                        + " covers " + p.department() + ")");
                return;
            }
            if (!keys.get().holds(p.department(), key.fingerprint())) {
                fail("signature", OFFLINE, "signature-key-unregistered", Verdict.INVALID, "key " + key.fingerprint()
                        + " is not among the " + keys.get().count(p.department()) + " key(s) the trusted key list"
                        + " holds for department " + p.department());
            }
            signaturePart = new VerificationResult.SignaturePart(s.algorithm(), s.publicKeyFingerprint(), true);
            pass("signature", OFFLINE, "tied", "signed with key " + key.fingerprint() + " (" + s.algorithm()
                    + "), which the trusted key list holds for department " + p.department());
        }

        // --- PENDING --------------------------------------------------------------------------------------------

        private VerificationResult pending() throws Decided {
            if (p.registry() != null) {
                registry();
            }
            Optional<ChainReader> chain = options.chain();
            if (p.registry() == null || p.chainId() == null) {
                return done(Verdict.PENDING, "pending");
            }
            if (chain.isEmpty()) {
                skip("network", CHAIN, "no-node", "no node given: the registry is not asked about a revocation");
                return done(Verdict.PENDING, "pending");
            }
            try {
                network(chain.get());
                issuer(chain.get(), null);
                revocation(chain.get());
            } catch (ChainUnavailableException e) {
                add(current, UNAVAILABLE, CHAIN, "chain-unreachable", "the node gave no straight answer: " + e.getMessage());
            }
            return done(Verdict.PENDING, "pending");
        }

        // --- 5 to 9: offline proof of the anchoring -------------------------------------------------------------

        private void path() throws Decided {
            Hash32 computed = StandardMerkleTree.rootFromProof(p.path(), leaf);
            if (!computed.equals(p.root())) {
                fail("path", OFFLINE, "path-mismatch", Verdict.INVALID, "the path of " + p.path().size()
                        + " hash(es) leads from the leaf to " + computed + ", the proof says root " + p.root());
            }
            pass("path", OFFLINE, "path-leads-to-root", "the path of " + p.path().size() + " hash(es) leads from the"
                    + " leaf to root " + p.root());
        }

        private void registry() throws Decided {
            Optional<String> trusted = options.trustedRegistry();
            if (trusted.isEmpty()) {
                skip("registry", OFFLINE, "no-trusted-registry", "no trusted registry given: registry " + p.registry()
                        + " is taken as the proof names it");
                return;
            }
            if (!trusted.get().equalsIgnoreCase(p.registry())) {
                fail("registry", OFFLINE, "registry-untrusted", Verdict.INVALID, "the proof names registry "
                        + p.registry() + ", the trusted registry is " + trusted.get());
            }
            pass("registry", OFFLINE, "trusted", "registry " + p.registry() + " is the trusted registry");
        }

        /** The consensus for checks 7 and 8: the trusted validator set's, else the proof's. */
        private String consensus() {
            return options.trustedValidators().map(TrustedValidators::consensusId).orElse(p.consensus());
        }

        private void header() throws Decided {
            if (p.blockHeader() == null) {
                skip("header", OFFLINE, "no-header", "the proof carries no block header");
                return;
            }
            byte[] rlp = p.blockHeader();
            String consensus = consensus();
            String rules = consensus + " rules" + (options.trustedValidators().isPresent()
                    && !consensus.equals(p.consensus()) ? " (the trusted validator set's; the proof says "
                    + p.consensus() + ")" : "");
            BlockHeader decoded;
            try {
                decoded = BlockHeader.fromRlp(rlp);
            } catch (IllegalArgumentException e) {
                throw fail("header", OFFLINE, "header-mismatch", Verdict.INVALID, "the block header is not the RLP of a"
                        + " header: " + e.getMessage());
            }
            if (!Arrays.equals(decoded.encode(), rlp)) {
                fail("header", OFFLINE, "header-mismatch", Verdict.INVALID,
                        "the block header is not in canonical RLP");
            }
            Hash32 hash;
            try {
                hash = switch (consensus) {
                    case "none" -> new Hash32(Keccak.hash(rlp));
                    case "ibft2" -> new Hash32(BftBlockHashing.blockHash(decoded, BftConsensus.IBFT2));
                    case "qbft" -> new Hash32(BftBlockHashing.blockHash(decoded, BftConsensus.QBFT));
                    default -> throw new IllegalArgumentException("unknown consensus " + consensus);
                };
            } catch (IllegalArgumentException e) {
                throw fail("header", OFFLINE, "header-mismatch", Verdict.INVALID, "the header cannot be hashed under "
                        + rules + ": " + e.getMessage());
            }
            if (!hash.equals(p.blockHash())) {
                fail("header", OFFLINE, "header-mismatch", Verdict.INVALID, "under " + rules + " the header hashes to "
                        + hash + ", the proof says block hash " + p.blockHash());
            }
            BigInteger number = new BigInteger(1, decoded.fields().get(HEADER_NUMBER));
            BigInteger timestamp = new BigInteger(1, decoded.fields().get(HEADER_TIMESTAMP));
            if (!number.equals(BigInteger.valueOf(p.blockNumber()))) {
                fail("header", OFFLINE, "header-mismatch", Verdict.INVALID, "the header is of block " + number
                        + ", the proof says block " + p.blockNumber());
            }
            if (!sameSecond(p.blockTime(), timestamp)) {
                fail("header", OFFLINE, "header-mismatch", Verdict.INVALID, "the header's time is "
                        + time(timestamp) + ", the proof says " + p.blockTime());
            }
            header = decoded;
            pass("header", OFFLINE, "header-matches", "under " + rules + " the header hashes to " + hash
                    + " and holds block " + number + " at " + time(timestamp));
        }

        private void seals() throws Decided {
            String consensus = consensus();
            if ("none".equals(consensus)) {
                skip("seals", OFFLINE, "no-seals", "this network has no BFT seals");
                return;
            }
            Optional<TrustedValidators> trusted = options.trustedValidators();
            if (header == null) {
                skip("seals", OFFLINE, "no-header", "no block header to check seals on");
                return;
            }
            if (trusted.isEmpty()) {
                skip("seals", OFFLINE, "no-trusted-validators", "no trusted validator set given: the block's seals"
                        + " are not checked");
                return;
            }
            BftBlockHashing.SealCount count;
            try {
                count = BftBlockHashing.countSeals(header, trusted.get().consensus(), trusted.get().validators());
            } catch (IllegalArgumentException e) {
                throw fail("seals", OFFLINE, "seals-insufficient", Verdict.INVALID, "the seals cannot be read: "
                        + e.getMessage());
            }
            String counted = count.counted().size() + " of the " + count.validatorCount() + " trusted validators";
            if (!count.quorum()) {
                fail("seals", OFFLINE, "seals-insufficient", Verdict.INVALID, "only " + counted + " sealed block "
                        + p.blockNumber() + ", " + count.required() + " needed; the " + count.signers().size()
                        + " seal(s) recover to " + count.signers());
            }
            quorum = true;
            pass("seals", OFFLINE, "quorum", counted + " sealed block " + p.blockNumber() + " (" + count.required()
                    + " needed): " + String.join(", ", count.counted()));
        }

        private void stateProof() throws Decided {
            if (p.anchorProof() == null) {
                skip("state-proof", OFFLINE, "no-state-proof", "the proof carries no state proof");
                return;
            }
            if (header == null) {
                skip("state-proof", OFFLINE, "no-state-proof", "the header check did not pass: there is no state root"
                        + " to check the state proof against");
                return;
            }
            byte[] stateRootBytes = header.fields().get(HEADER_STATE_ROOT);
            if (stateRootBytes.length != Hash32.LENGTH) {
                fail("state-proof", OFFLINE, "state-proof-invalid", Verdict.INVALID, "the header's stateRoot is "
                        + stateRootBytes.length + " bytes, not 32");
            }
            Hash32 stateRoot = new Hash32(stateRootBytes);
            AnchorStateProof.StoredAnchor stored;
            try {
                stored = AnchorStateProof.verify(stateRoot, p.registry(), p.root(), p.anchorProof().accountProof(),
                        p.anchorProof().storageProof());
            } catch (InvalidTrieProofException e) {
                throw fail("state-proof", OFFLINE, "state-proof-invalid", Verdict.INVALID, "the state proof against"
                        + " state root " + stateRoot + " is refused: " + e.getMessage());
            }
            if (stored.batchId() != p.batchId() || stored.blockNumber() != p.blockNumber()
                    || !sameSecond(p.blockTime(), BigInteger.valueOf(stored.timestamp()))) {
                fail("state-proof", OFFLINE, "state-proof-invalid", Verdict.INVALID, "the state records anchors["
                        + p.root() + "] = (batch " + stored.batchId() + ", block " + stored.blockNumber() + ", "
                        + time(BigInteger.valueOf(stored.timestamp())) + "), the proof says (batch " + p.batchId()
                        + ", block " + p.blockNumber() + ", " + p.blockTime() + ")");
            }
            anchorProven = true;
            pass("state-proof", OFFLINE, "anchor-proven", "the state under the header's state root " + stateRoot
                    + " records anchors[" + p.root() + "] = (batch " + stored.batchId() + ", block "
                    + stored.blockNumber() + ", " + time(BigInteger.valueOf(stored.timestamp())) + ") in registry "
                    + p.registry());
        }

        // --- 10 to 16: on chain ---------------------------------------------------------------------------------

        private void network(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "network";
            long chainId = chain.chainId();
            if (chainId != p.chainId()) {
                fail("network", CHAIN, "wrong-network", Verdict.UNDETERMINED, "the node is on chain " + chainId
                        + ", the proof names chain " + p.chainId() + ": ask a node of chain " + p.chainId());
            }
            pass("network", CHAIN, "chain-id-matches", "the node is on chain " + chainId);
        }

        private void inclusion(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "inclusion";
            byte[] answer = chain.call(p.registry(), RegistryAbi.verifyInclusion(p.path(), p.root(), leaf));
            Optional<Boolean> included = RegistryAbi.decodeBool(answer);
            if (included.isEmpty()) {
                fail("inclusion", CHAIN, "registry-missing", Verdict.INVALID, noRegistry("verifyInclusion", answer));
            }
            if (!included.get()) {
                fail("inclusion", CHAIN, "root-not-anchored", Verdict.INVALID, "registry " + p.registry()
                        + " has no anchor for root " + p.root() + " (verifyInclusion is false)");
            }
            pass("inclusion", CHAIN, "included", "registry " + p.registry() + " on chain " + p.chainId()
                    + " confirms the inclusion (verifyInclusion)");
        }

        private void anchor(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "anchor";
            byte[] answer = chain.call(p.registry(), RegistryAbi.anchorOf(p.root()));
            Optional<RegistryAbi.Anchor> anchor = RegistryAbi.decodeAnchor(answer);
            if (anchor.isEmpty()) {
                // verifyInclusion answered as the registry does; an anchorOf that does not is no straight answer.
                throw new ChainUnavailableException(notAnAnswer("anchorOf", answer));
            }
            RegistryAbi.Anchor a = anchor.get();
            String onChain = "(batch " + a.batchId() + ", block " + a.blockNumber() + ", "
                    + time(BigInteger.valueOf(a.timestamp())) + ")";
            if (a.batchId() != p.batchId() || a.blockNumber() != p.blockNumber()
                    || !sameSecond(p.blockTime(), BigInteger.valueOf(a.timestamp()))) {
                fail("anchor", CHAIN, "anchor-mismatch", Verdict.INVALID, "anchorOf(" + p.root() + ") is " + onChain
                        + ", the proof says (batch " + p.batchId() + ", block " + p.blockNumber() + ", "
                        + p.blockTime() + ")");
            }
            pass("anchor", CHAIN, "anchor-matches", "the registry anchored root " + p.root() + " as " + onChain);
        }

        private void block(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "block";
            Optional<ChainReader.Block> answer = chain.blockByNumber(p.blockNumber());
            if (answer.isEmpty()) {
                throw new ChainUnavailableException("eth_getBlockByNumber: the node does not have block "
                        + p.blockNumber());
            }
            ChainReader.Block b = answer.get();
            if (b.number() != p.blockNumber()) {
                throw new ChainUnavailableException("eth_getBlockByNumber: asked for block " + p.blockNumber()
                        + ", the node answered block " + b.number());
            }
            if (!b.hash().equals(p.blockHash()) || !sameSecond(p.blockTime(), BigInteger.valueOf(b.timestamp()))) {
                fail("block", CHAIN, "block-mismatch", Verdict.INVALID, "block " + b.number() + " has hash " + b.hash()
                        + " and time " + time(BigInteger.valueOf(b.timestamp())) + ", the proof says " + p.blockHash()
                        + " and " + p.blockTime());
            }
            block = b;
            pass("block", CHAIN, "block-matches", "block " + b.number() + " has hash " + b.hash() + " and time "
                    + time(BigInteger.valueOf(b.timestamp())));
        }

        private void transaction(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "transaction";
            if (p.txHash() == null) {
                skip("transaction", CHAIN, "no-transaction", "the proof names no anchoring transaction");
                return;
            }
            String tx = "transaction " + p.txHash();
            // The block (check 13) says which transactions it holds; the receipt then says what this one did.
            if (!block.transactions().contains(p.txHash())) {
                fail("transaction", CHAIN, "transaction-mismatch", Verdict.INVALID, tx + " is not among the "
                        + block.transactions().size() + " transaction(s) of block " + p.blockNumber());
            }
            Optional<ChainReader.Receipt> answer = chain.receipt(p.txHash());
            if (answer.isEmpty()) {
                // Listed in the block but no receipt: a node without a full transaction index, not a false proof.
                throw new ChainUnavailableException("eth_getTransactionReceipt: block " + p.blockNumber() + " lists "
                        + tx + ", but the node has no receipt for it");
            }
            ChainReader.Receipt r = answer.get();
            String problem = null;
            if (!r.success()) {
                problem = tx + " failed (status 0)";
            } else if (!r.blockHash().equals(p.blockHash()) || r.blockNumber() != p.blockNumber()) {
                problem = tx + " is in block " + r.blockNumber() + " (" + r.blockHash() + "), the proof says block "
                        + p.blockNumber() + " (" + p.blockHash() + ")";
            } else if (r.to() == null || !r.to().equalsIgnoreCase(p.registry())) {
                problem = tx + " was sent to " + (r.to() == null ? "no address (a contract creation)" : r.to())
                        + ", not to registry " + p.registry();
            } else if (r.logs().stream().noneMatch(
                    log -> RegistryAbi.isRootAnchored(log, p.registry(), p.batchId(), p.root()))) {
                problem = tx + " has no RootAnchored(" + p.batchId() + ", " + p.root() + ") log of registry "
                        + p.registry();
            }
            if (problem != null) {
                fail("transaction", CHAIN, "transaction-mismatch", Verdict.INVALID, problem);
            }
            pass("transaction", CHAIN, "transaction-matches", tx + " succeeded in block " + r.blockNumber()
                    + ", was sent to the registry and logged RootAnchored(" + p.batchId() + ", " + p.root() + ")");
        }

        /**
         * Check 15: the department and the signing key as the issuer registry records them at {@code anchoredAt},
         * or, for a PENDING document (null), at the latest block's time.
         */
        private void issuer(ChainReader chain, Long anchoredAt) throws ChainUnavailableException, Decided {
            current = "issuer";
            byte[] answer = callPredating(chain, IssuerRegistryAbi.issuerRegistry(), new byte[0]);
            Optional<String> named = answer.length == 0 ? Optional.of(RegistryAbi.ZERO_ADDRESS)
                    : IssuerRegistryAbi.decodeAddress(answer);
            if (named.isEmpty()) {
                throw new ChainUnavailableException(notAnAnswer("issuerRegistry", answer));
            }
            if (named.get().equals(RegistryAbi.ZERO_ADDRESS)) {
                skip("issuer", CHAIN, "no-issuer-registry", "registry " + p.registry() + " names no issuer registry:"
                        + " department " + p.department() + " and its keys are not checked on chain");
                return;
            }
            String registry = named.get();
            issuerRegistry = registry;
            boolean pending = anchoredAt == null;
            long time = pending ? chain.latestBlock().timestamp() : anchoredAt;
            String code = p.department();
            String when = pending ? "now (" + time(BigInteger.valueOf(time)) + ", the latest block)"
                    : "at the anchoring time " + time(BigInteger.valueOf(time));
            IssuerRegistryAbi.DepartmentAt standing = answer(chain, registry, "departmentAt",
                    IssuerRegistryAbi.departmentAt(code, time), IssuerRegistryAbi::decodeDepartmentAt);
            IssuerRegistryAbi.Department record = answer(chain, registry, "department",
                    IssuerRegistryAbi.department(code), IssuerRegistryAbi::decodeDepartment);
            if (standing.registered() && !record.registered()) {
                throw new ChainUnavailableException("issuer registry " + registry + " says department " + code
                        + " was registered at " + time(BigInteger.valueOf(time)) + " but is not registered now");
            }
            VerificationResult.IssuerDepartment department = record.registered()
                    ? new VerificationResult.IssuerDepartment(code, record.nameZh(), record.nameEn(),
                            time(BigInteger.valueOf(record.registeredAt())), standing.active())
                    : new VerificationResult.IssuerDepartment(code, null, null, null, false);
            issuerPart = new VerificationResult.IssuerPart(registry, department, null);
            String who = "department " + code + (record.registered() ? " (" + record.nameEn() + ")" : "");
            if (!standing.registered()) {
                fail("issuer", CHAIN, "department-unknown", Verdict.INVALID, "issuer registry " + registry
                        + (record.registered() ? " registered " + who + " only at "
                                + time(BigInteger.valueOf(record.registeredAt())) + ", not " + when
                                : " has no department " + code));
            }
            if (!standing.active()) {
                fail("issuer", CHAIN, "department-suspended", Verdict.INVALID, "issuer registry " + registry
                        + " records " + who + " as suspended " + when);
            }
            ProofDocument.Signature s = p.signature();
            if (s == null) {
                pass("issuer", CHAIN, "issuer-confirmed", "issuer registry " + registry + " records " + who
                        + " as registered and active " + when);
                return;
            }
            Hash32 fingerprint = fingerprint(s.publicKeyFingerprint());
            IssuerRegistryAbi.KeyAt keyAt = answer(chain, registry, "keyAt",
                    IssuerRegistryAbi.keyAt(code, fingerprint, time), IssuerRegistryAbi::decodeKeyAt);
            IssuerRegistryAbi.Key key = answer(chain, registry, "key", IssuerRegistryAbi.key(code, fingerprint),
                    IssuerRegistryAbi::decodeKey);
            String consistency = keyConsistency(keyAt, key, fingerprint, time);
            if (consistency != null) {
                throw new ChainUnavailableException("issuer registry " + registry + ": " + consistency);
            }
            String keyName = "key " + s.publicKeyFingerprint();
            if (key.algorithm() == 0) {
                fail("issuer", CHAIN, "signature-key-unregistered", Verdict.INVALID, "issuer registry " + registry
                        + " has no " + keyName + " for " + who + ": the signature is not the department's");
            }
            boolean revoked = key.revocationReason() != 0;
            issuerPart = new VerificationResult.IssuerPart(registry, department, new VerificationResult.IssuerKey(
                    s.publicKeyFingerprint(), KEY_ALGORITHMS.get(key.algorithm()),
                    time(BigInteger.valueOf(key.validFrom())),
                    revoked ? time(BigInteger.valueOf(key.effectiveAt())) : null,
                    revoked ? KEY_REVOCATION_REASONS.get(key.revocationReason()) : null));
            if (!keyAt.valid() && key.validFrom() > time) {
                fail("issuer", CHAIN, "signature-key-unregistered", Verdict.INVALID, keyName + " signs for " + who
                        + " only from " + time(BigInteger.valueOf(key.validFrom())) + ", not " + when);
            }
            if (!keyAt.valid()) {
                fail("issuer", CHAIN, "signature-key-revoked", Verdict.INVALID, keyName + " of " + who
                        + " was revoked (" + KEY_REVOCATION_REASONS.get(key.revocationReason()) + ") from "
                        + time(BigInteger.valueOf(key.effectiveAt())) + ", so it does not sign " + when);
            }
            signaturePart = new VerificationResult.SignaturePart(s.algorithm(), s.publicKeyFingerprint(), true);
            pass("issuer", CHAIN, "issuer-confirmed", "issuer registry " + registry + " records " + who
                    + " as registered and active, and " + keyName + " as its signing key, " + when);
        }

        /** Why {@code keyAt} and {@code key} cannot both be the issuer registry's answers, or null. */
        private static String keyConsistency(IssuerRegistryAbi.KeyAt keyAt, IssuerRegistryAbi.Key key,
                Hash32 fingerprint, long time) {
            if (keyAt.algorithm() != key.algorithm()) {
                return "keyAt says algorithm " + keyAt.algorithm() + ", key says " + key.algorithm();
            }
            if (key.algorithm() == 0) {
                return key.spki().length == 0 && !keyAt.valid() ? null : "an unknown key with a record";
            }
            if (!new Hash32(sha256(key.spki())).equals(fingerprint)) {
                return "the recorded key does not hash to its fingerprint " + fingerprint;
            }
            boolean validByRecord = key.validFrom() <= time
                    && (key.revocationReason() == 0 || time < key.effectiveAt());
            if (validByRecord != keyAt.valid()) {
                return "keyAt says " + (keyAt.valid() ? "valid" : "not valid") + ", the key's record says otherwise";
            }
            return null;
        }

        /**
         * An eth_call to the registry of a function added with the issuer registry: a registry that predates it
         * reverts without data, which reads as {@code predating} (no issuer registry; an unsigned revocation); any
         * other revert is no straight answer.
         */
        private byte[] callPredating(ChainReader chain, byte[] data, byte[] predating)
                throws ChainUnavailableException {
            try {
                return chain.call(p.registry(), data);
            } catch (CallRevertedException e) {
                if (e.withoutData()) {
                    return predating;
                }
                throw e;
            }
        }

        /** One eth_call to the issuer registry, decoded; an answer that is not the function's is unavailable. */
        private <T> T answer(ChainReader chain, String registry, String function, byte[] data,
                java.util.function.Function<byte[], Optional<T>> decode) throws ChainUnavailableException {
            byte[] answer = chain.call(registry, data);
            return decode.apply(answer).orElseThrow(() -> new ChainUnavailableException("eth_call " + function
                    + ": issuer registry " + registry + " returned " + answer.length
                    + " byte(s), which is not its answer"));
        }

        private void revocation(ChainReader chain) throws ChainUnavailableException, Decided {
            current = "revocation";
            byte[] answer = chain.call(p.registry(), RegistryAbi.revocationOf(leaf));
            Optional<RegistryAbi.Revocation> decoded = RegistryAbi.decodeRevocation(answer);
            if (decoded.isEmpty()) {
                // Only verifyInclusion decides registry-missing; here (and for a PENDING document, whose registry
                // nothing else has asked) an answer that is not revocationOf's is no straight answer.
                throw new ChainUnavailableException(notAnAnswer("revocationOf", answer));
            }
            RegistryAbi.Revocation r = decoded.get();
            // Only a version 2 document's claim is compared; version 1 revocation objects are not checked.
            ProofDocument.Revocation claim = p.revocation();
            if (!r.revoked()) {
                if (claim != null) {
                    fail("revocation", CHAIN, "revocation-mismatch", Verdict.INVALID, "the proof claims a revocation ("
                            + claim.reason() + " at " + claim.revokedAt() + ") that registry " + p.registry()
                            + " does not record");
                }
                pass("revocation", CHAIN, "not-revoked", "registry " + p.registry()
                        + " records no revocation of leaf " + leaf);
                return;
            }
            String reason = Optional.ofNullable(REVOCATION_REASONS.get(r.reason())).orElse("code " + r.reason());
            boolean replaced = !r.replacementLeaf().equals(new Hash32(new byte[32]));
            String record = reason + " at " + time(BigInteger.valueOf(r.revokedAt())) + " in block " + r.blockNumber()
                    + (replaced ? ", replaced by leaf " + r.replacementLeaf() : ", no replacement named");
            if (claim != null) {
                String mismatch = revocationMismatch(claim, r, reason, replaced);
                if (mismatch != null) {
                    fail("revocation", CHAIN, "revocation-mismatch", Verdict.INVALID, mismatch + "; registry "
                            + p.registry() + " records " + record);
                }
            }
            Optional<String> signer = revocationSigner(chain, r);
            String by = signer.map(f -> "signed by the department's key " + f)
                    .orElse(signerDetail != null ? signerDetail
                            : "unsigned: the gateway's revoker revoked it on the department's behalf");
            revocationPart = new VerificationResult.RevocationPart(reason, time(BigInteger.valueOf(r.revokedAt())),
                    r.blockNumber(), replaced ? r.replacementLeaf().toHex() : null, signer.isPresent(),
                    signer.orElse(null));
            fail("revocation", CHAIN, "revoked", Verdict.REVOKED, "the issuing department revoked the document: "
                    + record + "; " + by);
        }

        /**
         * Who revoked (check 16): the fingerprint of the department key whose signature of the revocation request
         * holds, or empty (unsigned, or the recorded signature does not hold: then {@link #signerDetail} says why).
         */
        private Optional<String> revocationSigner(ChainReader chain, RegistryAbi.Revocation r)
                throws ChainUnavailableException {
            byte[] answer = callPredating(chain, IssuerRegistryAbi.revocationSignerOf(leaf),
                    new byte[32]);
            Hash32 fingerprint = IssuerRegistryAbi.decodeBytes32(answer).orElseThrow(
                    () -> new ChainUnavailableException(notAnAnswer("revocationSignerOf", answer)));
            if (fingerprint.equals(ZERO)) {
                return Optional.empty();
            }
            String named = "sha256:" + HexFormat.of().formatHex(fingerprint.bytes());
            String claimed = "the registry records the revocation as signed with key " + named;
            if (issuerRegistry == null) {
                signerDetail = claimed + ", which cannot be checked: registry " + p.registry()
                        + " names no issuer registry; counted as unsigned";
                return Optional.empty();
            }
            String code = p.department();
            IssuerRegistryAbi.KeyAt keyAt = answer(chain, issuerRegistry, "keyAt",
                    IssuerRegistryAbi.keyAt(code, fingerprint, r.revokedAt()), IssuerRegistryAbi::decodeKeyAt);
            IssuerRegistryAbi.Key key = answer(chain, issuerRegistry, "key", IssuerRegistryAbi.key(code, fingerprint),
                    IssuerRegistryAbi::decodeKey);
            String consistency = keyConsistency(keyAt, key, fingerprint, r.revokedAt());
            if (consistency != null) {
                throw new ChainUnavailableException("issuer registry " + issuerRegistry + ": " + consistency);
            }
            List<ChainReader.Log> logs = chain.logs(p.registry(), r.blockNumber(),
                    List.of(IssuerRegistryAbi.DOCUMENT_REVOCATION_SIGNED_TOPIC, leaf, fingerprint));
            Optional<ChainReader.Log> log = logs.stream()
                    .filter(l -> IssuerRegistryAbi.isRevocationSigned(l, p.registry(), leaf, fingerprint)).findFirst();
            if (log.isEmpty()) {
                throw new ChainUnavailableException("eth_getLogs: block " + r.blockNumber() + " has no"
                        + " DocumentRevocationSigned log of registry " + p.registry() + " for leaf " + leaf
                        + ", which the registry records as signed");
            }
            byte[] signature = IssuerRegistryAbi.decodeSignatureData(log.get().data()).orElseThrow(
                    () -> new ChainUnavailableException("eth_getLogs: the DocumentRevocationSigned log's data is"
                            + " not the ABI encoding of its signature"));
            if (!keyAt.valid()) {
                signerDetail = claimed + ", which issuer registry " + issuerRegistry + " does not hold valid for"
                        + " department " + code + " at " + time(BigInteger.valueOf(r.revokedAt()))
                        + ": the recorded signature does not hold";
                return Optional.empty();
            }
            boolean verified;
            try {
                verified = SignatureVerifier.verifyRevocation(DepartmentKey.fromSubjectPublicKeyInfo(key.spki()), code,
                        leaf, r.reason(), r.replacementLeaf(), signature);
            } catch (InvalidDepartmentKeyException | IllegalArgumentException e) {
                verified = false;
            }
            if (!verified) {
                signerDetail = claimed + ", but the logged signature does not verify with that key over the"
                        + " message \"" + SignedMessage.revocationText(code, leaf, r.reason(), r.replacementLeaf())
                        .replace("\n", "\\n") + "\": the recorded signature does not hold";
                return Optional.empty();
            }
            return Optional.of(named);
        }

        /** What differs between the proof's claimed revocation and the registry's record, or null. */
        private String revocationMismatch(ProofDocument.Revocation claim, RegistryAbi.Revocation r, String reason,
                boolean replaced) {
            if (!claim.reason().equals(reason)) {
                return "the proof says reason " + claim.reason() + ", the registry " + reason;
            }
            if (!sameSecond(claim.revokedAt(), BigInteger.valueOf(r.revokedAt()))) {
                return "the proof says revoked at " + claim.revokedAt() + ", the registry "
                        + time(BigInteger.valueOf(r.revokedAt()));
            }
            if (claim.blockNumber() != r.blockNumber()) {
                return "the proof says revoked in block " + claim.blockNumber() + ", the registry in block "
                        + r.blockNumber();
            }
            Hash32 claimed = claim.replacementLeaf();
            if (claimed == null ? replaced : !claimed.equals(r.replacementLeaf())) {
                return "the proof says replacement leaf " + (claimed == null ? "none" : claimed) + ", the registry "
                        + (replaced ? r.replacementLeaf() : "none");
            }
            if (claim.replacement() != null) {
                Hash32 recomputed = LeafEncoding.leafHash(claim.replacement().digest(),
                        claim.replacement().algorithm().id(), p.department());
                if (!recomputed.equals(claimed)) {
                    return "the proof's replacement (" + claim.replacement().algorithm().id() + " "
                            + claim.replacement().digest() + ") has leaf " + recomputed + ", not the replacement leaf "
                            + claimed;
                }
            }
            return null;
        }

        private String notAnAnswer(String function, byte[] answer) {
            return "eth_call " + function + ": registry " + p.registry() + " returned " + answer.length
                    + " byte(s), which is not its answer";
        }

        private String noRegistry(String function, byte[] answer) {
            return "no registry answers at " + p.registry() + " on chain " + p.chainId() + ": " + function
                    + " returned " + answer.length + " byte(s), which is not its answer";
        }

        // --- bookkeeping ----------------------------------------------------------------------------------------

        private void pass(String name, Where where, String code, String detail) {
            add(name, PASSED, where, code, detail);
        }

        private void skip(String name, Where where, String code, String detail) {
            add(name, SKIPPED, where, code, detail);
        }

        /** Records the failed check and returns the exception that ends the run (thrown here too). */
        private Decided fail(String name, Where where, String code, Verdict verdict, String detail) throws Decided {
            add(name, FAILED, where, code, detail);
            throw new Decided(verdict, code);
        }

        private void add(String name, Outcome outcome, Where where, String code, String detail) {
            checks.add(new Check(name, outcome, where, code, detail));
        }

        private VerificationResult done(Verdict verdict, String code) {
            Hash32 shownLeaf = p.leaf() != null ? p.leaf() : leaf;
            VerificationResult.DocumentPart document = new VerificationResult.DocumentPart(
                    p.digest() == null ? null : p.digest().toHex(),
                    p.algorithm() == null ? null : p.algorithm().id(), p.department(),
                    shownLeaf == null ? null : shownLeaf.toHex());
            VerificationResult.AnchorPart anchor = p.anchored() && p.supportedVersion()
                    ? new VerificationResult.AnchorPart(p.chainId(), p.registry(), p.batchId(), p.blockNumber(),
                            p.blockHash().toHex(), p.blockTime().toString(),
                            p.txHash() == null ? null : p.txHash().toHex())
                    : null;
            VerificationResult.PendingPart pending = verdict == Verdict.PENDING
                    ? new VerificationResult.PendingPart(text(p.receivedAt()), text(p.expectedAnchoringBy())) : null;
            return new VerificationResult(verdict, code, checks.stream().map(Check::detail).toList(), checks,
                    document, anchor, signaturePart, issuerPart, verdict == Verdict.REVOKED ? revocationPart : null,
                    pending);
        }
    }

    /** Whether an instant is exactly the whole second {@code epochSeconds} (a fraction never matches). */
    static boolean sameSecond(Instant instant, BigInteger epochSeconds) {
        return instant != null && instant.getNano() == 0
                && BigInteger.valueOf(instant.getEpochSecond()).equals(epochSeconds);
    }

    /** A block timestamp as an instant, e.g. {@code 2026-11-23T10:15:34Z}. */
    static String time(BigInteger epochSeconds) {
        if (epochSeconds.bitLength() > 40) {
            return epochSeconds + " s after 1970";
        }
        return Instant.ofEpochSecond(epochSeconds.longValue()).toString();
    }

    /** The 32 bytes of a {@code sha256:<hex>} fingerprint. */
    private static Hash32 fingerprint(String text) {
        return new Hash32(HexFormat.of().parseHex(text.substring("sha256:".length())));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
