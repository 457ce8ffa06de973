package org.docanchor.verifier;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;

/**
 * A proof document (docs/proof-format.md), as read by {@link ProofParser} from JSON that validated against the
 * schema of its version. Fields the document does not state are null. A document whose {@code version} is an
 * integer other than 1 or 2 is read no further: only {@link #version()} and, where they are well-formed,
 * {@code digest}, {@code algorithm} and {@code department} are set.
 *
 * @param version the format version, any integer
 * @param ignoredFields version 1 fields present in the document that no verifier checks ({@code departmentName},
 *        {@code receivedAt}, {@code revocation}); empty for version 2
 * @param blockHeader the header RLP, as sealed
 * @param receiptId the id of the signed receipt the proof upgrades (version 2, optional)
 */
public record ProofDocument(
        BigInteger version,
        Status status,
        Hash32 digest,
        DigestAlgorithm algorithm,
        String department,
        Hash32 leaf,
        List<Hash32> path,
        Hash32 root,
        Long batchId,
        Long chainId,
        String registry,
        Hash32 txHash,
        Long blockNumber,
        Hash32 blockHash,
        Instant blockTime,
        String consensus,
        byte[] blockHeader,
        AnchorProof anchorProof,
        Instant receivedAt,
        Instant expectedAnchoringBy,
        Signature signature,
        Revocation revocation,
        String receiptId,
        List<String> ignoredFields) {

    /** Where the document is in its life. */
    public enum Status {
        PENDING, ANCHORED, REVOKED
    }

    /** {@code eth_getProof} nodes: the registry's account, and the slot of {@code anchors[root]}. */
    public record AnchorProof(List<byte[]> accountProof, List<byte[]> storageProof) {

        public AnchorProof {
            accountProof = accountProof.stream().map(byte[]::clone).toList();
            storageProof = storageProof.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * A department's signature over the submission.
     *
     * @param algorithm {@code ecdsa-p256}, {@code ed25519} or {@code sm2}, as stated
     * @param publicKey PEM public key, or PEM certificate chain leaf first
     * @param value base64, as stated (not decoded: a value that is not base64 is a failed check, not a malformed
     *        document, in version 1)
     */
    public record Signature(String algorithm, String publicKeyFingerprint, String publicKey, String value) {
    }

    /**
     * The revocation a version 2 document claims the registry records.
     *
     * @param reason {@code superseded}, {@code issued-in-error}, {@code withdrawn}, {@code fraud} or {@code other}
     * @param replacementLeaf the replacing document's leaf, or null
     * @param replacement the replacing document, or null
     */
    public record Revocation(String reason, Instant revokedAt, long blockNumber, Hash32 replacementLeaf,
            Replacement replacement) {
    }

    /** The document that replaces a revoked one, registered by the same department. */
    public record Replacement(Hash32 digest, DigestAlgorithm algorithm) {
    }

    public ProofDocument {
        path = path == null ? null : List.copyOf(path);
        blockHeader = blockHeader == null ? null : blockHeader.clone();
        ignoredFields = ignoredFields == null ? List.of() : List.copyOf(ignoredFields);
    }

    @Override
    public byte[] blockHeader() {
        return blockHeader == null ? null : blockHeader.clone();
    }

    /** Whether this verifier reads the version (1 or 2). */
    public boolean supportedVersion() {
        return version.equals(BigInteger.ONE) || version.equals(BigInteger.TWO);
    }

    /** Whether the document claims an anchored batch ({@code ANCHORED} or {@code REVOKED}). */
    public boolean anchored() {
        return status == Status.ANCHORED || status == Status.REVOKED;
    }
}
