// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IAnchorRegistry
/// @notice Append-only registry of Merkle roots, each anchoring one batch of document hashes.
/// @dev Batches are numbered 1, 2, 3, ... without gaps. Every anchor extends a hash chain
/// (`head`) so that an off-chain auditor can check that no batch was dropped or reordered:
/// `head_n = keccak256(abi.encode(head_{n-1}, batchId, root, leafCount))` with `head_0 = bytes32(0)`.
///
/// The registry also records per-document revocations, keyed by leaf. A leaf is
/// `keccak256(bytes.concat(keccak256(abi.encode(digest, algorithm, department))))`, so it names one document
/// and its issuing department. Revocation reason codes: 1 superseded, 2 issued in error, 3 withdrawn,
/// 4 fraud, 5 other; 0 is invalid and reads as "not revoked". A revocation is final: once recorded it is
/// never changed or removed, and anyone can read it with {revocationOf} or {isRevoked}.
///
/// A revocation is either unsigned ({revoke}: the gateway's revoker acts on the department's behalf) or signed
/// ({revokeSigned}: the revoker submits a request the department signed off chain). The registry cannot check the
/// signature (a London EVM has no P-256, Ed25519 or SM2 verification): it records the signing key's fingerprint
/// ({revocationSignerOf}) and logs the signature ({DocumentRevocationSigned}), and verifiers check both against
/// the issuer registry ({issuerRegistry}): the signature over the signed message below, made with the key
/// `issuerRegistry.key(department, fingerprint)` that `keyAt(department, fingerprint, revokedAt)` says is valid.
/// The signed message is ASCII, fields separated by one LF (0x0a), with no trailing LF:
///
///     "anchor-gateway/v1/revocation" LF department LF leaf LF reason LF replacementLeaf
///
/// `department` is the code of the department the leaf names (the same code as in the leaf, so a signature names
/// its department), `leaf` and `replacementLeaf` are `0x` and 64 lower-case hex digits (`replacementLeaf` is all
/// zeros when there is none), and `reason` is the reason code in decimal (`1` to `5`). {revocationMessage}
/// builds it. Example: `"anchor-gateway/v1/revocation\nCIVIL\n0x350b...b9f2\n4\n0x0000...0000"`.
interface IAnchorRegistry {
    /// @notice Emitted when `root` is anchored as batch `batchId`.
    /// @param batchId Sequential batch number, starting at 1.
    /// @param root Merkle root of the batch (OpenZeppelin sorted-pair tree).
    /// @param leafCount Number of leaves in the batch.
    /// @param head Hash chain value after this anchor.
    event RootAnchored(uint64 indexed batchId, bytes32 indexed root, uint32 leafCount, bytes32 head);

    /// @notice Emitted when `leaf` is revoked. Not emitted when an already revoked leaf is revoked again.
    /// @param leaf The revoked document leaf.
    /// @param reason Reason code, 1 to 5 (see the contract documentation).
    /// @param replacementLeaf The leaf of the document that replaces this one, or zero if there is none.
    /// @param revokedAt Timestamp of the block that recorded the revocation.
    event DocumentRevoked(bytes32 indexed leaf, uint8 reason, bytes32 replacementLeaf, uint64 revokedAt);

    /// @notice Emitted right after {DocumentRevoked} when the revocation was signed by the department.
    /// @param leaf The revoked document leaf.
    /// @param keyFingerprint SHA-256 of the signing key's SubjectPublicKeyInfo, as in the issuer registry.
    /// @param signature The signature over the revocation message (see the contract documentation), in the
    /// encoding of the key's algorithm: DER `SEQUENCE {r, s}` for ECDSA P-256 and SM2, 64 bytes for Ed25519.
    event DocumentRevocationSigned(bytes32 indexed leaf, bytes32 indexed keyFingerprint, bytes signature);

    /// @notice The batch id is not the next one in sequence.
    /// @param expected The only batch id accepted now (`lastBatchId() + 1`).
    /// @param given The batch id that was passed.
    error AnchorRegistryBatchIdOutOfSequence(uint64 expected, uint64 given);

    /// @notice The root was already anchored, by batch `batchId`.
    /// @param root The root that was passed.
    /// @param batchId The batch that anchored it first.
    error AnchorRegistryRootAlreadyAnchored(bytes32 root, uint64 batchId);

    /// @notice The root is zero, which the registry reserves for "unknown".
    error AnchorRegistryZeroRoot();

    /// @notice The batch has no leaves.
    error AnchorRegistryEmptyBatch();

    /// @notice The revocation reason code is not one of 1 to 5.
    /// @param reason The reason code that was passed.
    error AnchorRegistryInvalidRevocationReason(uint8 reason);

    /// @notice The leaf is zero, which the registry reserves for "no document".
    error AnchorRegistryZeroLeaf();

    /// @notice The replacement leaf is the revoked leaf itself.
    /// @param leaf The leaf that was passed as both revoked and replacement.
    error AnchorRegistrySelfReplacement(bytes32 leaf);

    /// @notice The arrays of a batch revocation differ in length.
    /// @param leaves Length of the leaves array.
    /// @param reasons Length of the reasons array.
    /// @param replacements Length of the replacements array.
    error AnchorRegistryLengthMismatch(uint256 leaves, uint256 reasons, uint256 replacements);

    /// @notice The arrays of a signed batch revocation differ in length.
    /// @param leaves Length of the leaves array.
    /// @param reasons Length of the reasons array.
    /// @param replacements Length of the replacements array.
    /// @param keyFingerprints Length of the key fingerprints array.
    /// @param signatures Length of the signatures array.
    error AnchorRegistrySignedLengthMismatch(
        uint256 leaves, uint256 reasons, uint256 replacements, uint256 keyFingerprints, uint256 signatures
    );

    /// @notice A signed revocation names no signing key (a zero fingerprint means "unsigned").
    error AnchorRegistryZeroKeyFingerprint();

    /// @notice A signed revocation's signature is empty or longer than 128 bytes.
    /// @param length The length of the signature that was passed.
    error AnchorRegistryInvalidSignatureLength(uint256 length);

    /// @notice The issuer registry passed to the constructor does not report the `IIssuerRegistry` interface
    /// through ERC-165.
    /// @param issuerRegistry The address that was passed.
    error AnchorRegistryNotAnIssuerRegistry(address issuerRegistry);

    /// @notice Anchors `root` as batch `batchId` holding `leafCount` leaves and extends the head chain.
    /// @dev Only callable by accounts holding `ANCHORER_ROLE`. Reverts with
    /// {AnchorRegistryBatchIdOutOfSequence} unless `batchId == lastBatchId() + 1`,
    /// {AnchorRegistryZeroRoot} if `root` is zero, {AnchorRegistryRootAlreadyAnchored} if `root`
    /// was anchored before, and {AnchorRegistryEmptyBatch} if `leafCount` is zero.
    /// Emits {RootAnchored}.
    function anchor(uint64 batchId, bytes32 root, uint32 leafCount) external;

    /// @notice Where and when `root` was anchored.
    /// @return batchId The batch that anchored `root`, or 0 if it is unknown.
    /// @return blockNumber The block that included the anchor, or 0 if unknown.
    /// @return timestamp The timestamp of that block, or 0 if unknown.
    function anchorOf(bytes32 root) external view returns (uint64 batchId, uint64 blockNumber, uint64 timestamp);

    /// @notice The root anchored as batch `batchId`, or zero if there is none.
    function rootOf(uint64 batchId) external view returns (bytes32);

    /// @notice The current head of the anchor hash chain; zero before the first anchor.
    function head() external view returns (bytes32);

    /// @notice The id of the most recent batch; zero before the first anchor.
    function lastBatchId() external view returns (uint64);

    /// @notice Whether `leaf` is included under `root` and `root` is anchored.
    /// @dev Uses OpenZeppelin's `MerkleProof.verifyCalldata` (sorted-pair hashing). `leaf` is the leaf node
    /// exactly as stored in the tree; for OpenZeppelin's StandardMerkleTree that is the double-hashed
    /// encoded value, not the value itself.
    /// @param proof Sibling hashes from the leaf up to the root.
    /// @param root The Merkle root to check against.
    /// @param leaf The leaf hash to check.
    /// @return True only when `root` is anchored and the proof is valid.
    function verifyInclusion(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external view returns (bool);

    /// @notice Revokes the document `leaf` for `reason`, optionally naming the leaf that replaces it.
    /// @dev Only callable by accounts holding `REVOKER_ROLE`. Records the reason, the block's timestamp and
    /// number and `replacementLeaf`, then emits {DocumentRevoked}.
    /// The arguments are checked first, whatever the leaf's state: reverts with
    /// {AnchorRegistryInvalidRevocationReason} unless `1 <= reason <= 5`, {AnchorRegistryZeroLeaf} if `leaf`
    /// is zero, and {AnchorRegistrySelfReplacement} if `replacementLeaf == leaf`.
    /// Idempotent: if `leaf` is already revoked the call succeeds without changing state or emitting an event,
    /// even if `reason` or `replacementLeaf` differ from the recorded ones (the first revocation stands), so a
    /// caller may safely retry. A caller that needs to know which revocation stands reads {revocationOf}.
    /// `leaf` need not belong to an anchored batch: a document may be revoked while its batch is pending.
    /// @param leaf The document leaf to revoke; nonzero.
    /// @param reason Reason code: 1 superseded, 2 issued in error, 3 withdrawn, 4 fraud, 5 other.
    /// @param replacementLeaf The leaf of the replacing document, or zero for none; never `leaf` itself.
    function revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) external;

    /// @notice Revokes several documents in one transaction: item `i` is `revoke(leaves[i], reasons[i],
    /// replacements[i])`.
    /// @dev Only callable by accounts holding `REVOKER_ROLE`. Reverts with {AnchorRegistryLengthMismatch}
    /// unless the three arrays have the same length. Items are processed in order under the rules of
    /// {revoke}: already revoked leaves, including a leaf repeated within the batch, are skipped silently.
    /// An invalid item reverts the whole batch, so nothing of it is recorded. An empty batch does nothing.
    /// @param leaves The document leaves to revoke.
    /// @param reasons Reason code for each leaf.
    /// @param replacements Replacement leaf for each leaf, or zero for none.
    function revokeBatch(bytes32[] calldata leaves, uint8[] calldata reasons, bytes32[] calldata replacements) external;

    /// @notice Revokes the document `leaf` on a revocation request its department signed.
    /// @dev Only callable by accounts holding `REVOKER_ROLE`. The arguments are checked first, whatever the leaf's
    /// state: as {revoke} does, then {AnchorRegistryZeroKeyFingerprint} if `keyFingerprint` is zero and
    /// {AnchorRegistryInvalidSignatureLength} unless `signature` is 1 to 128 bytes. The signature itself is not
    /// verified here (see the contract documentation); neither is the key's registration. If `leaf` is not
    /// revoked yet, records the revocation as {revoke} does together with `keyFingerprint`, then emits
    /// {DocumentRevoked} and {DocumentRevocationSigned}. Idempotent as {revoke}: if `leaf` is already revoked,
    /// signed or not, the call succeeds without changing state or emitting an event (the first revocation
    /// stands; {revocationSignerOf} tells whether it was signed, and by which key).
    /// @param leaf The document leaf to revoke; nonzero.
    /// @param reason Reason code: 1 superseded, 2 issued in error, 3 withdrawn, 4 fraud, 5 other.
    /// @param replacementLeaf The leaf of the replacing document, or zero for none; never `leaf` itself.
    /// @param keyFingerprint SHA-256 of the signing key's SubjectPublicKeyInfo; nonzero.
    /// @param signature The department's signature over the revocation message; 1 to 128 bytes.
    function revokeSigned(
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf,
        bytes32 keyFingerprint,
        bytes calldata signature
    ) external;

    /// @notice Revokes several documents on signed requests in one transaction: item `i` is
    /// `revokeSigned(leaves[i], reasons[i], replacements[i], keyFingerprints[i], signatures[i])`.
    /// @dev Only callable by accounts holding `REVOKER_ROLE`. Reverts with {AnchorRegistrySignedLengthMismatch}
    /// unless the five arrays have the same length. Items are processed in order under the rules of
    /// {revokeSigned}: already revoked leaves, including a leaf repeated within the batch, are skipped silently.
    /// An invalid item reverts the whole batch. An empty batch does nothing.
    /// @param leaves The document leaves to revoke.
    /// @param reasons Reason code for each leaf.
    /// @param replacements Replacement leaf for each leaf, or zero for none.
    /// @param keyFingerprints Signing key fingerprint for each leaf.
    /// @param signatures Signature for each leaf.
    function revokeSignedBatch(
        bytes32[] calldata leaves,
        uint8[] calldata reasons,
        bytes32[] calldata replacements,
        bytes32[] calldata keyFingerprints,
        bytes[] calldata signatures
    ) external;

    /// @notice The fingerprint of the key that signed the revocation of `leaf`.
    /// @return keyFingerprint Nonzero for a signed revocation; zero if `leaf` was revoked unsigned (by the
    /// gateway's revoker on the department's behalf) or is not revoked (see {isRevoked}).
    function revocationSignerOf(bytes32 leaf) external view returns (bytes32 keyFingerprint);

    /// @notice The exact bytes a department signs to request the revocation of `leaf` (see the contract
    /// documentation). Formats its arguments without validating them.
    /// @param department The department code, as in the leaf.
    /// @param leaf The document leaf.
    /// @param reason The reason code.
    /// @param replacementLeaf The replacing document's leaf, or zero.
    function revocationMessage(string calldata department, bytes32 leaf, uint8 reason, bytes32 replacementLeaf)
        external
        pure
        returns (bytes memory);

    /// @notice The issuer registry verifiers read departments and their keys from, fixed at deployment; zero if
    /// none was given.
    function issuerRegistry() external view returns (address);

    /// @notice The revocation of `leaf`; all zeros if `leaf` is not revoked.
    /// @return reason Reason code, 1 to 5, or 0 if not revoked.
    /// @return revokedAt Timestamp of the block that recorded the revocation, or 0.
    /// @return blockNumber Number of that block, or 0.
    /// @return replacementLeaf The leaf of the replacing document, or zero if none was named.
    function revocationOf(bytes32 leaf)
        external
        view
        returns (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf);

    /// @notice Whether `leaf` is revoked.
    function isRevoked(bytes32 leaf) external view returns (bool);
}
