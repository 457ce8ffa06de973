package org.docanchor.gateway.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.chain.OnChainAnchor;
import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.gateway.intake.Document;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;

/** Assembles proof documents from the database and verifies proof documents against the chain. */
@ApplicationScoped
public class ProofService {

    static final int MAX_PATH = 64;

    private final ChainClient chain;

    public ProofService(ChainClient chain) {
        this.chain = chain;
    }

    @Transactional
    public ProofDocument proofFor(String digestHex, Optional<String> department) {
        Hash32 digest = org.docanchor.gateway.web.DigestParam.parse(digestHex);
        List<Document> matches = department
                .map(code -> Document.<Document>list("digest = ?1 and department.code = ?2", digest.bytes(), code))
                .orElseGet(() -> Document.list("digest", digest.bytes()));
        if (matches.isEmpty()) {
            throw ProblemException.notFound("unknown-digest", "Unknown digest", "no document with digest " + digest
                    + department.map(code -> " registered by " + code).orElse("") + " is known to this gateway");
        }
        if (matches.size() > 1) {
            throw ProblemException.conflict("ambiguous-digest", "Digest registered by several departments",
                    "digest " + digest + " is registered by " + matches.stream().map(d -> d.department.code).sorted()
                            .toList() + "; ask again with ?department=<code>");
        }
        Document document = matches.get(0);
        ProofDocument proof = toProof(document);
        org.docanchor.gateway.revocation.Revocation revocation =
                org.docanchor.gateway.revocation.Revocation.findById(document.id);
        if (revocation == null) {
            return proof;
        }
        return proof.revoked(new ProofDocument.Revocation(revocation.reason,
                revocation.replacement == null ? null : new Hash32(revocation.replacement.digest).toHex(),
                revocation.status.name(), revocation.recordedAt, revocation.blockNumber));
    }

    private static ProofDocument toProof(Document document) {
        Batch batch = document.batch;
        String digest = new Hash32(document.digest).toHex();
        if (batch == null || batch.status != Batch.Status.ANCHORED) {
            return new ProofDocument(ProofDocument.VERSION, "PENDING", digest, document.algorithm,
                    document.department.code, document.department.name, document.receivedAt, null, null, null, null,
                    batch == null ? null : batch.id, null, null, null, null, null, null, signature(document), null);
        }
        List<String> path = new ArrayList<>();
        for (int i = 0; i < document.proof.length; i += 32) {
            path.add("0x" + HexFormat.of().formatHex(document.proof, i, i + 32));
        }
        return new ProofDocument(ProofDocument.VERSION, "ANCHORED", digest, document.algorithm,
                document.department.code, document.department.name, document.receivedAt, LeafEncoding.TYPES,
                new Hash32(document.leaf).toHex(), path, new Hash32(batch.root).toHex(), batch.id, batch.chainId,
                batch.registry, batch.txHash == null ? null : "0x" + HexFormat.of().formatHex(batch.txHash),
                batch.blockNumber, new Hash32(batch.blockHash).toHex(), batch.blockTime, signature(document), null);
    }

    private static ProofDocument.Signature signature(Document document) {
        if (document.signature == null || document.signatureKey == null) {
            return null;
        }
        return new ProofDocument.Signature(document.signatureKey.algorithm, document.signatureKey.fingerprint,
                document.signatureKey.pem, java.util.Base64.getEncoder().encodeToString(document.signature));
    }

    /**
     * Verifies a proof document: recomputes the leaf and the root locally, then asks the registry on chain
     * ({@code verifyInclusion}, {@code anchorOf}) and compares the block. A chain that cannot be asked gives
     * UNDETERMINED, never INVALID.
     */
    public VerificationResult verify(ProofDocument proof) {
        Checked input = check(proof);
        List<String> reasons = new ArrayList<>();
        Hash32 leaf = LeafEncoding.leafHash(input.digest, input.algorithm.id(), proof.department());
        if (input.leaf != null && !input.leaf.equals(leaf)) {
            return invalid(reasons, "the leaf " + input.leaf + " does not commit to this digest, algorithm and "
                    + "department (expected " + leaf + ")");
        }
        reasons.add("leaf " + leaf + " commits to digest, algorithm and department " + proof.department());
        if (proof.signature() != null) {
            Optional<String> problem = signatureProblem(proof);
            if (problem.isPresent()) {
                return invalid(reasons, problem.get());
            }
            reasons.add("signed by key " + proof.signature().publicKeyFingerprint() + " ("
                    + proof.signature().algorithm() + ") for department " + proof.department());
        }
        Hash32 computedRoot = StandardMerkleTree.rootFromProof(input.path, leaf);
        if (!computedRoot.equals(input.root)) {
            return invalid(reasons, "the path leads to root " + computedRoot + ", not to the claimed root " + input.root);
        }
        reasons.add("the path leads from the leaf to root " + input.root);
        try {
            long chainId = chain.chainId();
            String registry = chain.registryAddress();
            if (proof.chainId() != chainId || !registry.equalsIgnoreCase(proof.registry())) {
                reasons.add("the proof names registry " + proof.registry() + " on chain " + proof.chainId()
                        + "; this gateway reads registry " + registry + " on chain " + chainId
                        + ": verify against a node of the proof's network");
                return new VerificationResult(VerificationResult.Result.UNDETERMINED, reasons);
            }
            if (!chain.verifyInclusion(input.path, input.root, leaf)) {
                return invalid(reasons, chain.anchorOf(input.root).isEmpty()
                        ? "the registry has no anchor for root " + input.root
                        : "the registry rejects the path for root " + input.root);
            }
            OnChainAnchor anchor = chain.anchorOf(input.root).orElseThrow();
            reasons.add("registry " + registry + " on chain " + chainId + " confirms the inclusion (verifyInclusion)");
            if (anchor.batchId() != proof.batchId()) {
                return invalid(reasons, "the registry anchored this root as batch " + anchor.batchId()
                        + ", the proof says batch " + proof.batchId());
            }
            if (anchor.blockNumber() != proof.blockNumber()) {
                return invalid(reasons, "the registry anchored this root in block " + anchor.blockNumber()
                        + ", the proof says block " + proof.blockNumber());
            }
            Optional<Hash32> blockHash = chain.blockHash(anchor.blockNumber());
            if (input.blockHash != null && blockHash.isPresent() && !blockHash.get().equals(input.blockHash)) {
                return invalid(reasons, "block " + anchor.blockNumber() + " has hash " + blockHash.get()
                        + ", the proof says " + input.blockHash);
            }
            if (proof.blockTime() != null && !proof.blockTime().equals(anchor.blockTime())) {
                return invalid(reasons, "block " + anchor.blockNumber() + " has time " + anchor.blockTime()
                        + ", the proof says " + proof.blockTime());
            }
            reasons.add("anchored as batch " + anchor.batchId() + " in block " + anchor.blockNumber() + " at "
                    + anchor.blockTime());
            // The registry's record decides, not the gateway's database.
            Optional<ChainClient.OnChainRevocation> revoked = chain.revocationOf(leaf);
            if (revoked.isPresent()) {
                ChainClient.OnChainRevocation r = revoked.get();
                String reason = org.docanchor.gateway.revocation.RevocationReason.fromCode(r.reason())
                        .map(org.docanchor.gateway.revocation.RevocationReason::id).orElse("code " + r.reason());
                reasons.add("the department revoked the document (" + reason + ") at " + r.revokedAt() + " in block "
                        + r.blockNumber());
                return new VerificationResult(VerificationResult.Result.REVOKED, reasons,
                        new VerificationResult.Revoked(reason, r.revokedAt(), r.blockNumber(),
                                r.replacementLeaf().toHex()));
            }
            reasons.add("the registry records no revocation of this document");
            return new VerificationResult(VerificationResult.Result.VALID, reasons);
        } catch (ChainUnavailableException | ChainRejectedException e) {
            reasons.add("the chain could not be asked: " + e.getMessage());
            return new VerificationResult(VerificationResult.Result.UNDETERMINED, reasons);
        }
    }

    /** Why the proof's signature does not hold, or empty when it verifies under the key it names. */
    private static Optional<String> signatureProblem(ProofDocument proof) {
        ProofDocument.Signature signature = proof.signature();
        org.docanchor.verifier.signature.DepartmentKey key;
        byte[] value;
        try {
            key = signature.publicKey() != null && signature.publicKey().contains("BEGIN CERTIFICATE")
                    ? org.docanchor.verifier.signature.DepartmentKey.of(
                            org.docanchor.verifier.signature.CertificateValidator
                                    .parseChain(signature.publicKey()).get(0))
                    : org.docanchor.verifier.signature.DepartmentKey.parse(String.valueOf(signature.publicKey()));
            value = java.util.Base64.getDecoder().decode(String.valueOf(signature.value()));
        } catch (RuntimeException e) {
            return Optional.of("the signature's key or value is malformed: " + e.getMessage());
        }
        if (!key.fingerprint().equals(signature.publicKeyFingerprint())) {
            return Optional.of("the signature's key has fingerprint " + key.fingerprint() + ", the proof says "
                    + signature.publicKeyFingerprint());
        }
        try {
            if (!org.docanchor.verifier.signature.SignatureVerifier.verify(key, proof.department(),
                    Hash32.fromHex(proof.digest()), proof.algorithm(), value)) {
                return Optional.of("the department's signature does not verify for this digest, algorithm and "
                        + "department");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("the department's signature cannot be checked: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static VerificationResult invalid(List<String> reasons, String reason) {
        reasons.add(reason);
        return new VerificationResult(VerificationResult.Result.INVALID, reasons);
    }

    private record Checked(Hash32 digest, DigestAlgorithm algorithm, Hash32 leaf, List<Hash32> path, Hash32 root,
            Hash32 blockHash) {
    }

    /** Rejects a document that is not a well-formed anchored proof, listing every problem. */
    private static Checked check(ProofDocument proof) {
        if (proof == null) {
            throw ProblemException.invalid(List.of(new FieldError("/", "a proof document is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        if (proof.version() != null && proof.version() != ProofDocument.VERSION) {
            errors.add(new FieldError("/version", "unsupported proof version " + proof.version() + "; this "
                    + "gateway reads version " + ProofDocument.VERSION));
        }
        Hash32 digest = hash(errors, "/digest", proof.digest(), true);
        DigestAlgorithm algorithm = null;
        if (proof.algorithm() == null) {
            errors.add(new FieldError("/algorithm", "is required"));
        } else {
            algorithm = DigestAlgorithm.fromId(proof.algorithm()).orElse(null);
            if (algorithm == null) {
                errors.add(new FieldError("/algorithm", "unknown algorithm; one of " + DigestAlgorithm.names()));
            }
        }
        if (proof.department() == null || proof.department().isEmpty() || proof.department().length() > 32
                || !org.docanchor.gateway.web.Text.clean(proof.department())) {
            errors.add(new FieldError("/department", "is required: the department code, at most 32 characters"));
        }
        if (proof.departmentName() != null && (proof.departmentName().length() > 200
                || !org.docanchor.gateway.web.Text.clean(proof.departmentName()))) {
            errors.add(new FieldError("/departmentName", "at most 200 characters of clean text"));
        }
        if (proof.status() != null && !List.of("PENDING", "ANCHORED", "REVOKED").contains(proof.status())) {
            errors.add(new FieldError("/status", "one of PENDING, ANCHORED, REVOKED"));
        }
        hash(errors, "/txHash", proof.txHash(), false);
        if (proof.leafEncoding() != null && !proof.leafEncoding().equals(LeafEncoding.TYPES)) {
            errors.add(new FieldError("/leafEncoding", "must be " + LeafEncoding.TYPES));
        }
        Hash32 leaf = hash(errors, "/leaf", proof.leaf(), false);
        List<Hash32> path = new ArrayList<>();
        if (proof.path() == null) {
            errors.add(new FieldError("/path", "is required (an empty array for a batch of one document)"));
        } else if (proof.path().size() > MAX_PATH) {
            errors.add(new FieldError("/path", "at most " + MAX_PATH + " hashes, got " + proof.path().size()));
        } else {
            for (int i = 0; i < proof.path().size(); i++) {
                path.add(hash(errors, "/path/" + i, proof.path().get(i), true));
            }
        }
        Hash32 root = hash(errors, "/root", proof.root(), true);
        Hash32 blockHash = hash(errors, "/blockHash", proof.blockHash(), false);
        if (proof.batchId() == null || proof.batchId() < 1) {
            errors.add(new FieldError("/batchId", "is required: a batch id from 1"));
        }
        if (proof.chainId() == null || proof.chainId() < 1) {
            errors.add(new FieldError("/chainId", "is required"));
        }
        if (proof.registry() == null || !proof.registry().matches("0x[0-9a-fA-F]{40}")) {
            errors.add(new FieldError("/registry", "is required: 0x and 40 hex digits"));
        }
        if (proof.blockNumber() == null || proof.blockNumber() < 0) {
            errors.add(new FieldError("/blockNumber", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Checked(digest, algorithm, leaf, path, root, blockHash);
    }

    private static Hash32 hash(List<FieldError> errors, String pointer, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(pointer, "is required: 0x and 64 hex digits"));
            }
            return null;
        }
        try {
            return Hash32.fromHex(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(pointer, "must be 0x and 64 hex digits"));
            return null;
        }
    }
}
