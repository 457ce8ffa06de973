// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AnchorRegistry} from "../../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../../src/IAnchorRegistry.sol";
import {VM_ADDRESS, Vm} from "../utils/Vm.sol";

/// @notice Invariant-test handler: drives an {AnchorRegistry} with valid and invalid anchors and
/// revocations and keeps ghost records of what the registry should hold.
/// @dev Batch ids come from the ghost records, not from the registry, so a registry that miscounts
/// makes a valid call revert (caught by `fail_on_revert`) or breaks an invariant. Likewise, whether a
/// revocation is new or a retry is decided from the ghost map, and retries (also of leaves repeated within
/// a batch) are frequent on purpose: they must succeed without changing state or emitting events. Signed and
/// unsigned revocations are mixed, also on the same leaf: whichever comes first stands, signer included.
contract AnchorRegistryHandler {
    struct Record {
        bytes32 root;
        uint32 leafCount;
        uint64 blockNumber;
        uint64 timestamp;
    }

    struct Revocation {
        uint8 reason;
        uint64 revokedAt;
        uint64 blockNumber;
        bytes32 replacementLeaf;
        bytes32 keyFingerprint;
    }

    Vm internal constant vm = Vm(VM_ADDRESS);
    uint32 internal constant MAX_LEAF_COUNT = 1_000_000;
    uint8 internal constant MAX_REASON = 5;
    uint256 internal constant MAX_REVOKE_BATCH = 8;
    uint256 internal constant MAX_SIGNATURE_LENGTH = 128;

    AnchorRegistry public immutable registry;
    address public immutable anchorer;
    address public immutable revoker;

    Record[] private _records;
    mapping(bytes32 root => bool) private _anchored;
    bytes32[] private _revokedLeaves;
    mapping(bytes32 leaf => Revocation) private _revocations;
    bytes32[] private _probedLeaves;

    /// @notice Invalid anchors the registry accepted; must stay zero.
    uint256 public ghostAcceptedInvalidAnchors;
    /// @notice Invalid anchors rejected with another error than expected; must stay zero.
    uint256 public ghostUnexpectedErrors;
    /// @notice Invalid revocations the registry accepted; must stay zero.
    uint256 public ghostAcceptedInvalidRevocations;
    /// @notice Invalid revocations rejected with another error than expected; must stay zero.
    uint256 public ghostUnexpectedRevocationErrors;
    /// @notice Calls whose {DocumentRevoked} events differ from the new revocations they made; must stay zero.
    uint256 public ghostUnexpectedRevocationEvents;

    constructor(AnchorRegistry registry_, address anchorer_, address revoker_) {
        registry = registry_;
        anchorer = anchorer_;
        revoker = revoker_;
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

    /// @notice Revokes one leaf, fresh or (if `retry`) already revoked, moving the chain forward first.
    function revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf, bool retry, uint16 blocks) external {
        bytes32[] memory leaves = new bytes32[](1);
        uint8[] memory reasons = new uint8[](1);
        bytes32[] memory replacements = new bytes32[](1);
        leaves[0] = retry ? _pickRevoked(leaf) : _nonzero(leaf);
        // casting to 'uint8' is safe because the bound is MAX_REASON
        // forge-lint: disable-next-line(unsafe-typecast)
        reasons[0] = uint8(_bound(reason, 1, MAX_REASON));
        replacements[0] = replacementLeaf == leaves[0] ? bytes32(0) : replacementLeaf;
        _advance(blocks);

        vm.recordLogs();
        vm.prank(revoker);
        registry.revoke(leaves[0], reasons[0], replacements[0]);
        _recordRevocations(leaves, reasons, replacements, new bytes32[](leaves.length), new bytes[](leaves.length));
    }

    /// @notice Revokes up to MAX_REVOKE_BATCH leaves in one call; `mask` mixes in already revoked leaves
    /// and leaves repeated within the batch.
    function revokeBatch(bytes32[] memory seeds, uint256 mask, uint16 blocks) external {
        uint256 count = seeds.length > MAX_REVOKE_BATCH ? MAX_REVOKE_BATCH : seeds.length;
        bytes32[] memory leaves = new bytes32[](count);
        uint8[] memory reasons = new uint8[](count);
        bytes32[] memory replacements = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            uint256 choice = (mask >> (2 * i)) & 3;
            if (choice == 1) leaves[i] = _pickRevoked(seeds[i]);
            else if (choice == 2 && i > 0) leaves[i] = leaves[i - 1];
            else leaves[i] = _nonzero(seeds[i]);
            // casting to 'uint8' is safe because the value is at most MAX_REASON
            // forge-lint: disable-next-line(unsafe-typecast)
            reasons[i] = uint8(1 + uint256(seeds[i]) % MAX_REASON);
            bytes32 replacement = (mask >> (128 + i)) & 1 == 1 ? keccak256(abi.encode(seeds[i])) : bytes32(0);
            replacements[i] = replacement == leaves[i] ? bytes32(0) : replacement;
        }
        _advance(blocks);

        vm.recordLogs();
        vm.prank(revoker);
        registry.revokeBatch(leaves, reasons, replacements);
        _recordRevocations(leaves, reasons, replacements, new bytes32[](leaves.length), new bytes[](leaves.length));
    }

    /// @notice Revokes one leaf on a signed request, fresh or (if `retry`) already revoked, signed or not.
    function revokeSigned(
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf,
        bytes32 keyFingerprint,
        uint8 signatureLength,
        bool retry,
        uint16 blocks
    ) external {
        bytes32[] memory leaves = new bytes32[](1);
        uint8[] memory reasons = new uint8[](1);
        bytes32[] memory replacements = new bytes32[](1);
        bytes32[] memory fingerprints = new bytes32[](1);
        bytes[] memory signatures = new bytes[](1);
        leaves[0] = retry ? _pickRevoked(leaf) : _nonzero(leaf);
        // casting to 'uint8' is safe because the bound is MAX_REASON
        // forge-lint: disable-next-line(unsafe-typecast)
        reasons[0] = uint8(_bound(reason, 1, MAX_REASON));
        replacements[0] = replacementLeaf == leaves[0] ? bytes32(0) : replacementLeaf;
        fingerprints[0] = keyFingerprint == bytes32(0) ? keccak256(abi.encode(leaf)) : keyFingerprint;
        signatures[0] =
            _signature(keccak256(abi.encode(leaf, reason)), _bound(signatureLength, 1, MAX_SIGNATURE_LENGTH));
        _advance(blocks);

        vm.recordLogs();
        vm.prank(revoker);
        registry.revokeSigned(leaves[0], reasons[0], replacements[0], fingerprints[0], signatures[0]);
        _recordRevocations(leaves, reasons, replacements, fingerprints, signatures);
    }

    /// @notice Revokes up to MAX_REVOKE_BATCH leaves on signed requests in one call, mixed as in {revokeBatch}.
    function revokeSignedBatch(bytes32[] memory seeds, uint256 mask, uint16 blocks) external {
        uint256 count = seeds.length > MAX_REVOKE_BATCH ? MAX_REVOKE_BATCH : seeds.length;
        bytes32[] memory leaves = new bytes32[](count);
        uint8[] memory reasons = new uint8[](count);
        bytes32[] memory replacements = new bytes32[](count);
        bytes32[] memory fingerprints = new bytes32[](count);
        bytes[] memory signatures = new bytes[](count);
        for (uint256 i = 0; i < count; i++) {
            uint256 choice = (mask >> (2 * i)) & 3;
            if (choice == 1) leaves[i] = _pickRevoked(seeds[i]);
            else if (choice == 2 && i > 0) leaves[i] = leaves[i - 1];
            else leaves[i] = _nonzero(seeds[i]);
            // casting to 'uint8' is safe because the value is at most MAX_REASON
            // forge-lint: disable-next-line(unsafe-typecast)
            reasons[i] = uint8(1 + uint256(seeds[i]) % MAX_REASON);
            bytes32 replacement = (mask >> (128 + i)) & 1 == 1 ? keccak256(abi.encode(seeds[i])) : bytes32(0);
            replacements[i] = replacement == leaves[i] ? bytes32(0) : replacement;
            fingerprints[i] = keccak256(abi.encode("key", seeds[i]));
            signatures[i] = _signature(seeds[i], 1 + uint256(seeds[i]) % MAX_SIGNATURE_LENGTH);
        }
        _advance(blocks);

        vm.recordLogs();
        vm.prank(revoker);
        registry.revokeSignedBatch(leaves, reasons, replacements, fingerprints, signatures);
        _recordRevocations(leaves, reasons, replacements, fingerprints, signatures);
    }

    /// @notice Tries a malformed signed revocation of a fresh or already revoked leaf: zero key fingerprint,
    /// empty or overlong signature, a revocation error, or a signed batch whose arrays differ in length.
    function revokeSignedInvalid(uint8 kind, bytes32 leaf, uint8 length, bool revoked) external {
        leaf = revoked ? _pickRevoked(leaf) : _nonzero(leaf);
        bytes32 fingerprint = keccak256(abi.encode("key", leaf));
        kind %= 4;
        if (kind == 0) {
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revokeSigned, (leaf, 1, bytes32(0), bytes32(0), _signature(leaf, 64))),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroKeyFingerprint.selector)
            );
        } else if (kind == 1) {
            uint256 bad = length % 2 == 0 ? 0 : MAX_SIGNATURE_LENGTH + 1 + length;
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revokeSigned, (leaf, 1, bytes32(0), fingerprint, _signature(leaf, bad))),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidSignatureLength.selector, bad)
            );
        } else if (kind == 2) {
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revokeSigned, (leaf, 1, leaf, fingerprint, _signature(leaf, 64))),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, leaf)
            );
        } else {
            uint256 n = 1 + length % 3;
            bytes32[] memory leaves = new bytes32[](n);
            leaves[0] = leaf;
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(
                    IAnchorRegistry.revokeSignedBatch,
                    (leaves, new uint8[](n), new bytes32[](n), new bytes32[](n), new bytes[](n + 1))
                ),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, n, n, n, n, n + 1)
            );
        }
        _probe(leaf);
    }

    /// @notice Tries a malformed revocation of a fresh or already revoked leaf: invalid reason, zero leaf,
    /// self-replacement, or a batch whose last item has an invalid reason.
    function revokeInvalid(uint8 kind, bytes32 leaf, uint8 reason, bool revoked) external {
        leaf = revoked ? _pickRevoked(leaf) : _nonzero(leaf);
        // casting to 'uint8' is safe because the bound is MAX_REASON
        // forge-lint: disable-next-line(unsafe-typecast)
        uint8 validReason = uint8(_bound(reason, 1, MAX_REASON));
        uint8 invalidReason = reason == 0 || reason > MAX_REASON ? reason : reason + MAX_REASON;
        kind %= 4;
        if (kind == 0) {
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revoke, (leaf, invalidReason, bytes32(0))),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, invalidReason)
            );
        } else if (kind == 1) {
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revoke, (bytes32(0), validReason, leaf)),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroLeaf.selector)
            );
        } else if (kind == 2) {
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revoke, (leaf, validReason, leaf)),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, leaf)
            );
        } else {
            // A valid first item must not survive the invalid last one.
            bytes32 valid = keccak256(abi.encode(leaf, "valid item"));
            bytes32[] memory leaves = new bytes32[](2);
            uint8[] memory reasons = new uint8[](2);
            (leaves[0], reasons[0]) = (valid, validReason);
            (leaves[1], reasons[1]) = (leaf, invalidReason);
            _expectRevocationRejected(
                revoker,
                abi.encodeCall(IAnchorRegistry.revokeBatch, (leaves, reasons, new bytes32[](2))),
                abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, invalidReason)
            );
            _probe(valid);
        }
        _probe(leaf);
    }

    /// @notice Tries a batch revocation whose arrays differ in length (at most 3 items each).
    function revokeBatchMismatched(uint8 leafCount, uint8 reasonCount, uint8 replacementCount) external {
        uint256 l = _bound(leafCount, 0, 3);
        uint256 r = _bound(reasonCount, 0, 3);
        uint256 p = _bound(replacementCount, 0, 3);
        if (l == r && r == p) p++;
        bytes32[] memory leaves = new bytes32[](l);
        for (uint256 i = 0; i < l; i++) {
            leaves[i] = keccak256(abi.encode("mismatched", i));
            _probe(leaves[i]);
        }
        _expectRevocationRejected(
            revoker,
            abi.encodeCall(IAnchorRegistry.revokeBatch, (leaves, new uint8[](r), new bytes32[](p))),
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryLengthMismatch.selector, l, r, p)
        );
    }

    /// @notice Tries to revoke from an account without `REVOKER_ROLE`, singly or as a batch.
    function revokeAsStranger(address caller, bytes32 leaf, uint8 variant) external {
        bytes32 role = registry.REVOKER_ROLE();
        if (caller == VM_ADDRESS || registry.hasRole(role, caller)) return;
        leaf = _nonzero(leaf);
        bytes memory callData;
        bytes32[] memory leaves = new bytes32[](1);
        uint8[] memory reasons = new uint8[](1);
        (leaves[0], reasons[0]) = (leaf, 1);
        variant %= 4;
        if (variant == 0) {
            callData = abi.encodeCall(IAnchorRegistry.revoke, (leaf, 1, bytes32(0)));
        } else if (variant == 1) {
            callData = abi.encodeCall(IAnchorRegistry.revokeBatch, (leaves, reasons, new bytes32[](1)));
        } else if (variant == 2) {
            callData = abi.encodeCall(IAnchorRegistry.revokeSigned, (leaf, 1, bytes32(0), leaf, _signature(leaf, 64)));
        } else {
            bytes32[] memory fingerprints = new bytes32[](1);
            bytes[] memory signatures = new bytes[](1);
            (fingerprints[0], signatures[0]) = (leaf, _signature(leaf, 64));
            callData = abi.encodeCall(
                IAnchorRegistry.revokeSignedBatch, (leaves, reasons, new bytes32[](1), fingerprints, signatures)
            );
        }
        _expectRevocationRejected(
            caller,
            callData,
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role)
        );
        _probe(leaf);
    }

    function revokedCount() external view returns (uint256) {
        return _revokedLeaves.length;
    }

    function revokedLeaf(uint256 index) external view returns (bytes32) {
        return _revokedLeaves[index];
    }

    function revocation(bytes32 leaf) external view returns (Revocation memory) {
        return _revocations[leaf];
    }

    function probedCount() external view returns (uint256) {
        return _probedLeaves.length;
    }

    function probedLeaf(uint256 index) external view returns (bytes32) {
        return _probedLeaves[index];
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
        (bool accepted, bool wrongError) = _tryRejected(caller, callData, expectedError);
        if (accepted) ghostAcceptedInvalidAnchors++;
        if (wrongError) ghostUnexpectedErrors++;
    }

    function _expectRevocationRejected(address caller, bytes memory callData, bytes memory expectedError) private {
        (bool accepted, bool wrongError) = _tryRejected(caller, callData, expectedError);
        if (accepted) ghostAcceptedInvalidRevocations++;
        if (wrongError) ghostUnexpectedRevocationErrors++;
    }

    function _tryRejected(address caller, bytes memory callData, bytes memory expectedError)
        private
        returns (bool accepted, bool wrongError)
    {
        vm.prank(caller);
        (bool success, bytes memory returnData) = address(registry).call(callData);
        return (success, !success && keccak256(returnData) != keccak256(expectedError));
    }

    /// @dev After a successful revocation call: records the items that are new by the ghost map (in order, so a
    /// leaf repeated within the batch counts once) and checks that exactly those emitted {DocumentRevoked}, each
    /// signed one directly followed by its {DocumentRevocationSigned}. `fingerprints[i]` zero means unsigned.
    function _recordRevocations(
        bytes32[] memory leaves,
        uint8[] memory reasons,
        bytes32[] memory replacements,
        bytes32[] memory fingerprints,
        bytes[] memory signatures
    ) private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 next = 0;
        bool mismatch = false;
        for (uint256 i = 0; i < leaves.length; i++) {
            bytes32 leaf = leaves[i];
            if (_revocations[leaf].reason != 0) continue;
            _revocations[leaf] =
                Revocation(reasons[i], uint64(block.timestamp), uint64(block.number), replacements[i], fingerprints[i]);
            _revokedLeaves.push(leaf);
            next = _skipForeignLogs(logs, next);
            if (next == logs.length || !_isDocumentRevoked(logs[next], leaf, _revocations[leaf])) {
                mismatch = true;
                continue;
            }
            next++;
            if (fingerprints[i] == bytes32(0)) continue;
            next = _skipForeignLogs(logs, next);
            if (next == logs.length || !_isRevocationSigned(logs[next], leaf, fingerprints[i], signatures[i])) {
                mismatch = true;
            } else {
                next++;
            }
        }
        if (_skipForeignLogs(logs, next) != logs.length) mismatch = true;
        if (mismatch) ghostUnexpectedRevocationEvents++;
    }

    function _skipForeignLogs(Vm.Log[] memory logs, uint256 from) private view returns (uint256) {
        while (from < logs.length && logs[from].emitter != address(registry)) from++;
        return from;
    }

    function _isDocumentRevoked(Vm.Log memory log, bytes32 leaf, Revocation memory expected)
        private
        view
        returns (bool)
    {
        return log.emitter == address(registry) && log.topics.length == 2
            && log.topics[0] == IAnchorRegistry.DocumentRevoked.selector && log.topics[1] == leaf
            && keccak256(log.data)
                == keccak256(abi.encode(expected.reason, expected.replacementLeaf, expected.revokedAt));
    }

    function _isRevocationSigned(Vm.Log memory log, bytes32 leaf, bytes32 fingerprint, bytes memory signature)
        private
        view
        returns (bool)
    {
        return log.emitter == address(registry) && log.topics.length == 3
            && log.topics[0] == IAnchorRegistry.DocumentRevocationSigned.selector && log.topics[1] == leaf
            && log.topics[2] == fingerprint && keccak256(log.data) == keccak256(abi.encode(signature));
    }

    /// @dev `length` bytes derived from `seed`, standing in for a signature (the registry does not verify it).
    function _signature(bytes32 seed, uint256 length) private pure returns (bytes memory signature) {
        signature = new bytes(length);
        for (uint256 i = 0; i < length; i++) {
            signature[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i / 32))) >> (8 * (i % 32))));
        }
    }

    /// @dev An already revoked leaf derived from `seed`, or a fresh one while none is revoked.
    function _pickRevoked(bytes32 seed) private view returns (bytes32) {
        if (_revokedLeaves.length == 0) return _nonzero(seed);
        return _revokedLeaves[uint256(seed) % _revokedLeaves.length];
    }

    function _nonzero(bytes32 leaf) private view returns (bytes32) {
        return leaf != bytes32(0) ? leaf : keccak256(abi.encode("leaf", _revokedLeaves.length));
    }

    /// @dev Remembers a leaf a rejected call named, so invariants can check the rejection left no trace.
    function _probe(bytes32 leaf) private {
        if (_revocations[leaf].reason == 0) _probedLeaves.push(leaf);
    }

    function _advance(uint16 blocks) private {
        vm.roll(block.number + blocks);
        vm.warp(block.timestamp + uint256(blocks) * 2);
    }

    function _bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        if (x >= min && x <= max) return x;
        return min + (x % (max - min + 1));
    }
}
