// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IAnchorRegistry
/// @notice Append-only registry of Merkle roots, each anchoring one batch of document hashes.
/// @dev Batches are numbered 1, 2, 3, ... without gaps. Every anchor extends a hash chain
/// (`head`) so that an off-chain auditor can check that no batch was dropped or reordered:
/// `head_n = keccak256(abi.encode(head_{n-1}, batchId, root, leafCount))` with `head_0 = bytes32(0)`.
interface IAnchorRegistry {
    /// @notice Emitted when `root` is anchored as batch `batchId`.
    /// @param batchId Sequential batch number, starting at 1.
    /// @param root Merkle root of the batch (OpenZeppelin sorted-pair tree).
    /// @param leafCount Number of leaves in the batch.
    /// @param head Hash chain value after this anchor.
    event RootAnchored(uint64 indexed batchId, bytes32 indexed root, uint32 leafCount, bytes32 head);

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
}
