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
