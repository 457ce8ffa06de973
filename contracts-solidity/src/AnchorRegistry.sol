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
/// compromised admin key cannot silently hand the registry over.
contract AnchorRegistry is IAnchorRegistry, AccessControlDefaultAdminRules {
    /// @notice Role allowed to call {anchor}.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct Anchor {
        uint64 batchId;
        uint64 blockNumber;
        uint64 timestamp;
    }

    mapping(bytes32 root => Anchor) private _anchors;
    mapping(uint64 batchId => bytes32 root) private _roots;
    bytes32 private _head;
    uint64 private _lastBatchId;

    /// @param initialAdminDelay Delay, in seconds, before a default admin transfer can be accepted.
    /// @param initialAdmin The default admin.
    /// @param initialAnchorer Account granted `ANCHORER_ROLE`; zero grants it to nobody.
    constructor(uint48 initialAdminDelay, address initialAdmin, address initialAnchorer)
        AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin)
    {
        if (initialAnchorer != address(0)) {
            _grantRole(ANCHORER_ROLE, initialAnchorer);
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
    function verifyInclusion(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external view returns (bool) {
        return _anchors[root].batchId != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAnchorRegistry).interfaceId || super.supportsInterface(interfaceId);
    }
}
