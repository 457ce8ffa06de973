package org.docanchor.gateway.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A self-contained proof (format version 2, specified in docs/proof-format.md, JSON Schema docs/proof.schema.json):
 * enough to check, with read access to any node of the chain, that this department registered this digest and
 * that the batch holding it was anchored in the named block; with the header and state proof, offline. Every field
 * is checked by every verifier (docs/verification.md). A PENDING document carries only the registration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "status", "digest", "algorithm", "department", "leafEncoding", "leaf", "path", "root",
        "batchId", "chainId", "registry", "txHash", "blockNumber", "blockHash", "blockTime", "consensus",
        "blockHeader", "anchorProof", "receivedAt", "expectedAnchoringBy", "receiptId", "signature", "revocation"})
@Schema(description = "Proof document, format version 2 (docs/proof-format.md).")
public record ProofDocument(
        @Schema(description = "Proof format version.", examples = "2") int version,
        @Schema(description = "PENDING until the batch is anchored, then ANCHORED; REVOKED once the registry "
                + "recorded the department's revocation.", enumeration = {"PENDING", "ANCHORED", "REVOKED"}) String status,
        @Schema(description = "The document digest, 0x and 64 lower-case hex digits.") String digest,
        @Schema(description = "The digest algorithm.",
                enumeration = {"sha256", "sha512-256", "sha3-256", "keccak256", "sm3"}) String algorithm,
        @Schema(description = "Code of the registering department (part of the leaf).") String department,
        @Schema(description = "Solidity types of the leaf values (digest, algorithm, department), as in "
                + "OpenZeppelin StandardMerkleTree.") List<String> leafEncoding,
        @Schema(description = "keccak256(keccak256(abi.encode(digest, algorithm, department))).") String leaf,
        @Schema(description = "Sibling hashes from the leaf up to the root (OpenZeppelin MerkleProof order).")
        List<String> path,
        @Schema(description = "Root of the batch tree, anchored in the registry.") String root,
        Long batchId,
        Long chainId,
        @Schema(description = "Address of the registry contract.") String registry,
        @Schema(description = "The anchoring transaction.") String txHash,
        Long blockNumber,
        String blockHash,
        @Schema(description = "Timestamp of the anchoring block, whole seconds, UTC.") Instant blockTime,
        @Schema(description = "How the network seals blocks.", enumeration = {"ibft2", "qbft", "none"}) String consensus,
        @Schema(description = "RLP of the anchoring block's header, as sealed (0x hex).") String blockHeader,
        @Schema(description = "eth_getProof of the registry's anchors[root] slot at the anchoring block.")
        AnchorProof anchorProof,
        @Schema(description = "PENDING only: when the gateway stored the digest.") Instant receivedAt,
        @Schema(description = "PENDING only: when the gateway expects the batch to be anchored.")
        Instant expectedAnchoringBy,
        @Schema(description = "The id of the signed receipt the gateway answered at acceptance, which this proof "
                + "upgrades; compared with the receipt when a verifier is given it.") String receiptId,
        @Schema(description = "Present when the department signed the submission") Signature signature,
        @Schema(description = "With status REVOKED: the registry's record of the revocation.") Revocation revocation) {

    public static final int VERSION = 2;

    /** The account and storage proofs of {@code eth_getProof}, as 0x-hex RLP trie nodes, root first. */
    public record AnchorProof(List<String> accountProof, List<String> storageProof) {
    }

    /**
     * The department's signature over {@code "anchor-gateway/v1" LF department LF algorithm LF digest}, with the
     * key it verifies under (PEM public key or certificate chain) and that key's fingerprint.
     */
    public record Signature(
            @Schema(enumeration = {"ecdsa-p256", "ed25519", "sm2"}) String algorithm,
            @Schema(description = "sha256: + hex of SHA-256 over the key's SubjectPublicKeyInfo") String publicKeyFingerprint,
            @Schema(description = "PEM public key, or certificate chain leaf first") String publicKey,
            @Schema(description = "Base64 signature (DER for ECDSA and SM2)") String value) {
    }

    /** The revocation as the registry recorded it, and the replacing document when the department named one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"reason", "revokedAt", "blockNumber", "replacementLeaf", "replacement"})
    public record Revocation(
            @Schema(enumeration = {"superseded", "issued-in-error", "withdrawn", "fraud", "other"}) String reason,
            @Schema(description = "Time of the block that recorded the revocation") Instant revokedAt,
            long blockNumber,
            @Schema(description = "Leaf of the replacing document, as the registry records it") String replacementLeaf,
            @Schema(description = "The replacing document") Replacement replacement) {
    }

    /** A replacing document: its digest and algorithm (same department). */
    public record Replacement(String digest, String algorithm) {
    }
}
