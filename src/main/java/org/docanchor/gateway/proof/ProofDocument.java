package org.docanchor.gateway.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A self-contained inclusion proof (format version 1, specified in docs/proof-format.md): enough to check, with
 * nothing but read access to a node of the chain, that this department registered this digest and that the
 * batch holding it was anchored in the named block. A PENDING document carries only the registration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "status", "digest", "algorithm", "department", "departmentName", "receivedAt",
        "leafEncoding", "leaf", "path", "root", "batchId", "chainId", "registry", "txHash", "blockNumber",
        "blockHash", "blockTime", "signature", "revocation"})
public record ProofDocument(
        @Schema(description = "Proof format version.", examples = "1") Integer version,
        @Schema(description = "PENDING until the batch is anchored, then ANCHORED; REVOKED once the department "
                + "revoked the document.", enumeration = {"PENDING", "ANCHORED", "REVOKED"}) String status,
        @Schema(description = "The document digest, 0x and 64 hex digits.") String digest,
        @Schema(description = "The digest algorithm.") String algorithm,
        @Schema(description = "Code of the registering department (part of the leaf).") String department,
        @Schema(description = "Display name of the department.") String departmentName,
        Instant receivedAt,
        @Schema(description = "Solidity types of the leaf values (digest, algorithm, department), as in "
                + "OpenZeppelin StandardMerkleTree.") List<String> leafEncoding,
        @Schema(description = "keccak256(keccak256(abi.encode(digest, algorithm, department))).") String leaf,
        @Schema(description = "Sibling hashes from the leaf up to the root (OpenZeppelin MerkleProof order).")
        List<String> path,
        @Schema(description = "Root of the batch tree, anchored in the registry.") String root,
        Long batchId,
        Long chainId,
        @Schema(description = "Address of the registry contract.") String registry,
        String txHash,
        Long blockNumber,
        String blockHash,
        Instant blockTime,
        @Schema(description = "Present when the department signed the submission") Signature signature,
        @Schema(description = "Present when the department revoked the document: reason, replacement and, once "
                + "the registry recorded it, the time and block.") Revocation revocation) {

    public static final int VERSION = 1;

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

    /** The department's revocation of this document. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revocation(
            @Schema(enumeration = {"superseded", "issued-in-error", "withdrawn", "fraud", "other"}) String reason,
            @Schema(description = "Digest of the replacing document, if any") String replacement,
            @Schema(description = "PENDING or SUBMITTED until the registry records it, then RECORDED") String status,
            @Schema(description = "The chain's time of the revocation (block time)") Instant revokedAt,
            Long blockNumber) {
    }

    /** The same proof with a revocation attached and the status REVOKED. */
    public ProofDocument revoked(Revocation r) {
        return new ProofDocument(version, "REVOKED", digest, algorithm, department, departmentName, receivedAt,
                leafEncoding, leaf, path, root, batchId, chainId, registry, txHash, blockNumber, blockHash, blockTime,
                signature, r);
    }
}
