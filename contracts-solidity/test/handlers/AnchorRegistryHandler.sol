// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AnchorRegistry} from "../../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../../src/IAnchorRegistry.sol";
import {VM_ADDRESS, Vm} from "../utils/Vm.sol";

/// @notice Invariant-test handler: drives an {AnchorRegistry} with valid and invalid anchors and keeps
/// ghost records of what the registry should hold.
/// @dev Batch ids come from the ghost records, not from the registry, so a registry that miscounts
/// makes a valid call revert (caught by `fail_on_revert`) or breaks an invariant.
contract AnchorRegistryHandler {
    struct Record {
        bytes32 root;
        uint32 leafCount;
        uint64 blockNumber;
        uint64 timestamp;
    }

    Vm internal constant vm = Vm(VM_ADDRESS);
    uint32 internal constant MAX_LEAF_COUNT = 1_000_000;

    AnchorRegistry public immutable registry;
    address public immutable anchorer;

    Record[] private _records;
    mapping(bytes32 root => bool) private _anchored;

    /// @notice Invalid anchors the registry accepted; must stay zero.
    uint256 public ghostAcceptedInvalidAnchors;
    /// @notice Invalid anchors rejected with another error than expected; must stay zero.
    uint256 public ghostUnexpectedErrors;

    constructor(AnchorRegistry registry_, address anchorer_) {
        registry = registry_;
        anchorer = anchorer_;
    }

    /// @notice Anchors the next batch, moving the chain forward by up to `blocks` blocks first.
    function anchor(bytes32 root, uint32 leafCount, uint16 blocks) external {
        // Fresh, nonzero root: fall back to a derived one when the fuzzer repeats itself.
        while (root == bytes32(0) || _anchored[root]) {
            root = keccak256(abi.encode(root, _records.length));
        }
        leafCount = uint32(_bound(leafCount, 1, MAX_LEAF_COUNT));
        vm.roll(block.number + blocks);
        vm.warp(block.timestamp + uint256(blocks) * 2);

        uint64 batchId = uint64(_records.length + 1);
        vm.prank(anchorer);
        registry.anchor(batchId, root, leafCount);

        _records.push(Record(root, leafCount, uint64(block.number), uint64(block.timestamp)));
        _anchored[root] = true;
    }

    /// @notice Tries to anchor an already anchored root again, as the next batch.
    function reanchorExistingRoot(uint256 index, uint32 leafCount) external {
        if (_records.length == 0) return;
        index = _bound(index, 0, _records.length - 1);
        bytes32 root = _records[index].root;
        // casting to 'uint64' is safe because index < _records.length, which is a batch id itself
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 firstBatchId = uint64(index + 1);
        leafCount = uint32(_bound(leafCount, 1, MAX_LEAF_COUNT));
        _expectRejected(
            anchorer,
            abi.encodeCall(IAnchorRegistry.anchor, (_nextBatchId(), root, leafCount)),
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryRootAlreadyAnchored.selector, root, firstBatchId)
        );
    }

    /// @notice Tries to anchor a fresh root under any batch id but the next one.
    function anchorOutOfSequence(uint64 batchId, bytes32 root) external {
        uint64 expected = _nextBatchId();
        if (batchId == expected) batchId = expected + 1;
        _expectRejected(
            anchorer,
            abi.encodeCall(IAnchorRegistry.anchor, (batchId, root, 1)),
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryBatchIdOutOfSequence.selector, expected, batchId)
        );
    }

    /// @notice Tries to anchor a zero root, or a fresh root with no leaves.
    function anchorZeroRootOrEmptyBatch(bool zeroRoot, bytes32 root) external {
        if (zeroRoot) {
            _expectRejected(
                anchorer,
                abi.encodeCall(IAnchorRegistry.anchor, (_nextBatchId(), bytes32(0), 1)),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroRoot.selector)
            );
        } else {
            if (root == bytes32(0) || _anchored[root]) return;
            _expectRejected(
                anchorer,
                abi.encodeCall(IAnchorRegistry.anchor, (_nextBatchId(), root, 0)),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryEmptyBatch.selector)
            );
        }
    }

    /// @notice Tries to anchor the next batch from an account without `ANCHORER_ROLE`.
    function anchorAsStranger(address caller, bytes32 root) external {
        if (caller == anchorer || caller == VM_ADDRESS || root == bytes32(0) || _anchored[root]) return;
        _expectRejected(
            caller,
            abi.encodeCall(IAnchorRegistry.anchor, (_nextBatchId(), root, 1)),
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, caller, registry.ANCHORER_ROLE()
            )
        );
    }

    function recordCount() external view returns (uint256) {
        return _records.length;
    }

    function record(uint256 index) external view returns (Record memory) {
        return _records[index];
    }

    function _nextBatchId() private view returns (uint64) {
        return uint64(_records.length + 1);
    }

    function _expectRejected(address caller, bytes memory callData, bytes memory expectedError) private {
        vm.prank(caller);
        (bool success, bytes memory returnData) = address(registry).call(callData);
        if (success) {
            ghostAcceptedInvalidAnchors++;
        } else if (keccak256(returnData) != keccak256(expectedError)) {
            ghostUnexpectedErrors++;
        }
    }

    function _bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        if (x >= min && x <= max) return x;
        return min + (x % (max - min + 1));
    }
}
