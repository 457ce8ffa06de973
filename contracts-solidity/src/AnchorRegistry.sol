// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IAnchorRegistry} from "./IAnchorRegistry.sol";

/// @title AnchorRegistry
/// @notice Append-only on-chain registry of batch Merkle roots for the document-anchoring gateway.
/// @dev The default admin is governed by OpenZeppelin's two-step, delayed transfer rules so that a
/// compromised admin key cannot silently hand the registry over. Anchoring and revocation are separate
/// roles: a development deployment may give both to the gateway's single key, while production may hold
/// them in separate keys so that a leaked anchoring key cannot revoke documents and vice versa.
contract AnchorRegistry is IAnchorRegistry, AccessControlDefaultAdminRules {
    /// @notice Role allowed to call {anchor}.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");
    /// @notice Role allowed to call {revoke} and {revokeBatch}.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @dev Highest valid revocation reason code (5, "other"); 0 means "not revoked".
    uint8 private constant MAX_REVOCATION_REASON = 5;

    struct Anchor {
        uint64 batchId;
        uint64 blockNumber;
        uint64 timestamp;
    }

    /// @dev `reason` is nonzero exactly when the leaf is revoked; fits in two storage slots.
    struct Revocation {
        uint8 reason;
        uint64 revokedAt;
        uint64 blockNumber;
        bytes32 replacementLeaf;
    }

    mapping(bytes32 root => Anchor) private _anchors;
    mapping(uint64 batchId => bytes32 root) private _roots;
    bytes32 private _head;
    uint64 private _lastBatchId;
    mapping(bytes32 leaf => Revocation) private _revocations;

    /// @param initialAdminDelay Delay, in seconds, before a default admin transfer can be accepted.
    /// @param initialAdmin The default admin.
    /// @param initialAnchorer Account granted `ANCHORER_ROLE` and `REVOKER_ROLE`, so that a gateway with a
    /// single key can do both; zero grants them to nobody. The admin can later revoke either role from it
    /// and grant `REVOKER_ROLE` to a separate key.
    constructor(uint48 initialAdminDelay, address initialAdmin, address initialAnchorer)
        AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin)
    {
        if (initialAnchorer != address(0)) {
            _grantRole(ANCHORER_ROLE, initialAnchorer);
            _grantRole(REVOKER_ROLE, initialAnchorer);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function anchor(uint64 batchId, bytes32 root, uint32 leafCount) external onlyRole(ANCHORER_ROLE) {
        uint64 expected = _lastBatchId + 1;
        if (batchId != expected) revert AnchorRegistryBatchIdOutOfSequence(expected, batchId);
        if (root == bytes32(0)) revert AnchorRegistryZeroRoot();
        uint64 previousBatchId = _anchors[root].batchId;
        if (previousBatchId != 0) revert AnchorRegistryRootAlreadyAnchored(root, previousBatchId);
        if (leafCount == 0) revert AnchorRegistryEmptyBatch();

        bytes32 newHead = keccak256(abi.encode(_head, batchId, root, leafCount));
        _anchors[root] = Anchor(batchId, uint64(block.number), uint64(block.timestamp));
        _roots[batchId] = root;
        _lastBatchId = batchId;
        _head = newHead;
        emit RootAnchored(batchId, root, leafCount, newHead);
    }

    /// @inheritdoc IAnchorRegistry
    function revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) external onlyRole(REVOKER_ROLE) {
        _revoke(leaf, reason, replacementLeaf);
    }

    /// @inheritdoc IAnchorRegistry
    function revokeBatch(bytes32[] calldata leaves, uint8[] calldata reasons, bytes32[] calldata replacements)
        external
        onlyRole(REVOKER_ROLE)
    {
        uint256 count = leaves.length;
        if (reasons.length != count || replacements.length != count) {
            revert AnchorRegistryLengthMismatch(count, reasons.length, replacements.length);
        }
        for (uint256 i = 0; i < count; i++) {
            _revoke(leaves[i], reasons[i], replacements[i]);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function anchorOf(bytes32 root) external view returns (uint64 batchId, uint64 blockNumber, uint64 timestamp) {
        Anchor storage a = _anchors[root];
        return (a.batchId, a.blockNumber, a.timestamp);
    }

    /// @inheritdoc IAnchorRegistry
    function rootOf(uint64 batchId) external view returns (bytes32) {
        return _roots[batchId];
    }

    /// @inheritdoc IAnchorRegistry
    function head() external view returns (bytes32) {
        return _head;
    }

    /// @inheritdoc IAnchorRegistry
    function lastBatchId() external view returns (uint64) {
        return _lastBatchId;
    }

    /// @inheritdoc IAnchorRegistry
    function revocationOf(bytes32 leaf)
        external
        view
        returns (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf)
    {
        Revocation storage r = _revocations[leaf];
        return (r.reason, r.revokedAt, r.blockNumber, r.replacementLeaf);
    }

    /// @inheritdoc IAnchorRegistry
    function isRevoked(bytes32 leaf) external view returns (bool) {
        return _revocations[leaf].reason != 0;
    }

    /// @inheritdoc IAnchorRegistry
    function verifyInclusion(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external view returns (bool) {
        return _anchors[root].batchId != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @dev Arguments are validated before the idempotency check, so a malformed retry still reverts
    /// instead of passing silently because the leaf happens to be revoked already.
    function _revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) private {
        if (reason == 0 || reason > MAX_REVOCATION_REASON) revert AnchorRegistryInvalidRevocationReason(reason);
        if (leaf == bytes32(0)) revert AnchorRegistryZeroLeaf();
        if (replacementLeaf == leaf) revert AnchorRegistrySelfReplacement(leaf);
        Revocation storage r = _revocations[leaf];
        // First revocation stands: a retry, even with other arguments, must neither rewrite nor re-announce it.
        if (r.reason != 0) return;

        uint64 revokedAt = uint64(block.timestamp);
        r.reason = reason;
        r.revokedAt = revokedAt;
        r.blockNumber = uint64(block.number);
        r.replacementLeaf = replacementLeaf;
        emit DocumentRevoked(leaf, reason, replacementLeaf, revokedAt);
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAnchorRegistry).interfaceId || super.supportsInterface(interfaceId);
    }
}
