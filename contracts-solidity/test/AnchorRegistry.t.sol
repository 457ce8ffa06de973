// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AnchorRegistry} from "../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../src/IAnchorRegistry.sol";
import {AnchorRegistryHandler} from "./handlers/AnchorRegistryHandler.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {Test} from "./utils/Test.sol";

/// @notice Unit and fuzz tests of {AnchorRegistry}.
contract AnchorRegistryTest is Test {
    uint48 internal constant ADMIN_DELAY = 3 days;
    uint256 internal constant MAX_FUZZ_LEAVES = 40;
    address internal constant ADMIN = address(0xAD);
    address internal constant ANCHORER = address(0xA1);
    address internal constant STRANGER = address(0x5E);
    bytes32 internal constant ROOT_1 = keccak256("root-1");
    bytes32 internal constant ROOT_2 = keccak256("root-2");

    AnchorRegistry internal registry;

    function setUp() public {
        registry = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER);
    }

    // ---------------------------------------------------------------- construction

    function test_constructor_setsAdminAndAnchorer() public view {
        assertEq(registry.defaultAdmin(), ADMIN, "default admin");
        assertEq(registry.defaultAdminDelay(), ADMIN_DELAY, "admin delay");
        assertTrue(registry.hasRole(registry.ANCHORER_ROLE(), ANCHORER), "anchorer role");
        assertFalse(registry.hasRole(registry.ANCHORER_ROLE(), ADMIN), "admin is no anchorer");
        assertEq(registry.ANCHORER_ROLE(), keccak256("ANCHORER_ROLE"), "role id");
        assertEq(registry.lastBatchId(), 0, "lastBatchId");
        assertEq(registry.head(), bytes32(0), "head");
    }

    function test_constructor_grantsNoAnchorerRoleForZeroAddress() public {
        AnchorRegistry noAnchorer = new AnchorRegistry(ADMIN_DELAY, ADMIN, address(0));
        assertFalse(noAnchorer.hasRole(noAnchorer.ANCHORER_ROLE(), address(0)), "zero address holds role");
    }

    function test_supportsInterface_reportsIAnchorRegistry() public view {
        assertTrue(registry.supportsInterface(type(IAnchorRegistry).interfaceId), "IAnchorRegistry");
        assertTrue(registry.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertTrue(registry.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertFalse(registry.supportsInterface(0xffffffff), "0xffffffff");
    }

    // ---------------------------------------------------------------- anchor

    function test_anchor_storesRoot() public {
        vm.roll(1234);
        vm.warp(1_700_000_000);
        vm.prank(ANCHORER);
        registry.anchor(1, ROOT_1, 7);

        (uint64 batchId, uint64 blockNumber, uint64 timestamp) = registry.anchorOf(ROOT_1);
        assertEq(batchId, 1, "anchorOf.batchId");
        assertEq(blockNumber, 1234, "anchorOf.blockNumber");
        assertEq(timestamp, 1_700_000_000, "anchorOf.timestamp");
        assertEq(registry.rootOf(1), ROOT_1, "rootOf(1)");
        assertEq(registry.lastBatchId(), 1, "lastBatchId");
    }

    function test_anchor_extendsHeadChain() public {
        vm.startPrank(ANCHORER);
        registry.anchor(1, ROOT_1, 7);
        bytes32 head1 = keccak256(abi.encode(bytes32(0), uint64(1), ROOT_1, uint32(7)));
        assertEq(registry.head(), head1, "head after batch 1");

        registry.anchor(2, ROOT_2, 1);
        vm.stopPrank();
        assertEq(registry.head(), keccak256(abi.encode(head1, uint64(2), ROOT_2, uint32(1))), "head after batch 2");
        assertEq(registry.rootOf(2), ROOT_2, "rootOf(2)");
        assertEq(registry.lastBatchId(), 2, "lastBatchId");
    }

    function test_anchor_emitsRootAnchored() public {
        bytes32 expectedHead = keccak256(abi.encode(bytes32(0), uint64(1), ROOT_1, uint32(7)));
        vm.expectEmit(true, true, false, true, address(registry));
        emit IAnchorRegistry.RootAnchored(1, ROOT_1, 7, expectedHead);
        vm.prank(ANCHORER);
        registry.anchor(1, ROOT_1, 7);
    }

    function test_anchorOf_returnsZerosForUnknownRoot() public view {
        (uint64 batchId, uint64 blockNumber, uint64 timestamp) = registry.anchorOf(ROOT_1);
        assertEq(batchId, 0, "batchId");
        assertEq(blockNumber, 0, "blockNumber");
        assertEq(timestamp, 0, "timestamp");
    }

    function test_rootOf_returnsZeroForUnknownBatch() public {
        assertEq(registry.rootOf(0), bytes32(0), "rootOf(0)");
        assertEq(registry.rootOf(1), bytes32(0), "rootOf(1) before anchoring");
        vm.prank(ANCHORER);
        registry.anchor(1, ROOT_1, 1);
        assertEq(registry.rootOf(2), bytes32(0), "rootOf(2)");
    }

    function test_RevertWhen_batchIdIsZero() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryBatchIdOutOfSequence.selector, 1, 0));
        registry.anchor(0, ROOT_1, 1);
    }

    function test_RevertWhen_batchIdSkipsAhead() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryBatchIdOutOfSequence.selector, 1, 2));
        registry.anchor(2, ROOT_1, 1);
    }

    function test_RevertWhen_batchIdRepeats() public {
        vm.startPrank(ANCHORER);
        registry.anchor(1, ROOT_1, 1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryBatchIdOutOfSequence.selector, 2, 1));
        registry.anchor(1, ROOT_2, 1);
        vm.stopPrank();
    }

    function test_RevertWhen_rootIsZero() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroRoot.selector));
        registry.anchor(1, bytes32(0), 1);
    }

    function test_RevertWhen_rootAlreadyAnchored() public {
        vm.startPrank(ANCHORER);
        registry.anchor(1, ROOT_1, 1);
        registry.anchor(2, ROOT_2, 1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryRootAlreadyAnchored.selector, ROOT_1, 1));
        registry.anchor(3, ROOT_1, 5);
        vm.stopPrank();
        (uint64 batchId,,) = registry.anchorOf(ROOT_1);
        assertEq(batchId, 1, "first anchor kept");
    }

    function test_RevertWhen_leafCountIsZero() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryEmptyBatch.selector));
        registry.anchor(1, ROOT_1, 0);
    }

    // ---------------------------------------------------------------- access control

    function test_RevertWhen_callerLacksAnchorerRole() public {
        bytes32 role = registry.ANCHORER_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.anchor(1, ROOT_1, 1);
    }

    function test_RevertWhen_adminAnchorsWithoutAnchorerRole() public {
        bytes32 role = registry.ANCHORER_ROLE();
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ADMIN, role));
        registry.anchor(1, ROOT_1, 1);
    }

    function test_grantRole_letsAdminAddAndRevokeAnchorers() public {
        bytes32 role = registry.ANCHORER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(role, STRANGER);
        vm.prank(STRANGER);
        registry.anchor(1, ROOT_1, 1);

        vm.prank(ADMIN);
        registry.revokeRole(role, STRANGER);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.anchor(2, ROOT_2, 1);
    }

    function test_RevertWhen_adminTransferAcceptedBeforeDelay() public {
        vm.warp(1_000);
        vm.prank(ADMIN);
        registry.beginDefaultAdminTransfer(STRANGER);
        uint48 schedule = uint48(1_000 + ADMIN_DELAY);

        vm.warp(schedule);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminDelay.selector, schedule
            )
        );
        registry.acceptDefaultAdminTransfer();
        assertEq(registry.defaultAdmin(), ADMIN, "admin unchanged");
    }

    function test_acceptDefaultAdminTransfer_takesEffectAfterDelay() public {
        vm.warp(1_000);
        vm.prank(ADMIN);
        registry.beginDefaultAdminTransfer(STRANGER);

        vm.warp(1_000 + ADMIN_DELAY + 1);
        vm.prank(STRANGER);
        registry.acceptDefaultAdminTransfer();
        assertEq(registry.defaultAdmin(), STRANGER, "new admin");
        assertFalse(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), ADMIN), "old admin keeps role");
    }

    // ---------------------------------------------------------------- verifyInclusion

    /// @dev Vectors from @openzeppelin/merkle-tree 1.0.8:
    /// `StandardMerkleTree.of(["doc-1".."doc-5"].map(s => [keccak256(s)]), ["bytes32"])`,
    /// then `tree.root`, `tree.leafHash(v)` and `tree.getProof(i)` for entry i = 2 and 4.
    function test_verifyInclusion_acceptsOpenZeppelinMerkleTreeVectors() public {
        bytes32 root = 0xfd6666c7350c65de8e22a454d100d608cd0632436d8d906394c742216976b41b;
        bytes32[] memory values = new bytes32[](5);
        values[0] = keccak256("doc-1");
        values[1] = keccak256("doc-2");
        values[2] = keccak256("doc-3");
        values[3] = keccak256("doc-4");
        values[4] = keccak256("doc-5");
        bytes32[] memory leaves = _leafHashes(values);
        assertEq(leaves[2], 0xae0495555852d45cc219745fd51ec9b359848cec8812117544934b0ed23d74ab, "leafHash(doc-3)");

        bytes32[] memory proof3 = new bytes32[](3);
        proof3[0] = 0x966379ee5fe07daf9a4120c847f486427fbb15c6953749f2d96866559559c505;
        proof3[1] = 0xdeb8f86d538c04ba8f0428c8f5f597a26a73308ff6cbeb36d208061ab524db06;
        proof3[2] = 0x2c80d94c9719b74da785ca7f63b51a9042667f29cb6cea5c7389756488e76f25;
        bytes32[] memory proof5 = new bytes32[](2);
        proof5[0] = 0x587d54b05d821ba59f95f0333e8e47971f80b2394a0b1ba3907799b91bf34e5a;
        proof5[1] = 0x2c80d94c9719b74da785ca7f63b51a9042667f29cb6cea5c7389756488e76f25;

        assertFalse(registry.verifyInclusion(proof3, root, leaves[2]), "accepted before anchoring");
        vm.prank(ANCHORER);
        registry.anchor(1, root, 5);
        assertTrue(registry.verifyInclusion(proof3, root, leaves[2]), "doc-3");
        assertTrue(registry.verifyInclusion(proof5, root, leaves[4]), "doc-5");
        assertFalse(registry.verifyInclusion(proof5, root, leaves[2]), "doc-3 with doc-5's proof");

        // The Solidity reference builder must agree with the JS library.
        MerkleTreeBuilder.sortLeaves(leaves);
        assertEq(MerkleTreeBuilder.build(leaves)[0], root, "reference builder root");
    }

    function testFuzz_verifyInclusion_acceptsEveryLeaf(bytes32[] memory values) public {
        (bytes32[] memory leaves, bytes32[] memory tree) = _buildTree(values, 1);
        _anchor(tree[0], leaves.length);

        for (uint256 i = 0; i < leaves.length; i++) {
            bytes32[] memory proof = MerkleTreeBuilder.proofOf(tree, i);
            assertTrue(registry.verifyInclusion(proof, tree[0], leaves[i]), "leaf rejected");
        }
    }

    function testFuzz_verifyInclusion_rejectsTamperedLeaf(bytes32[] memory values, uint256 index, bytes32 flip) public {
        vm.assume(flip != bytes32(0));
        (bytes32[] memory leaves, bytes32[] memory tree) = _buildTree(values, 1);
        _anchor(tree[0], leaves.length);
        index = bound(index, 0, leaves.length - 1);

        bytes32[] memory proof = MerkleTreeBuilder.proofOf(tree, index);
        assertFalse(registry.verifyInclusion(proof, tree[0], leaves[index] ^ flip), "tampered leaf accepted");
    }

    function testFuzz_verifyInclusion_rejectsTamperedProofElement(
        bytes32[] memory values,
        uint256 index,
        uint256 level,
        bytes32 flip
    ) public {
        vm.assume(flip != bytes32(0));
        (bytes32[] memory leaves, bytes32[] memory tree) = _buildTree(values, 2);
        _anchor(tree[0], leaves.length);
        index = bound(index, 0, leaves.length - 1);

        bytes32[] memory proof = MerkleTreeBuilder.proofOf(tree, index);
        level = bound(level, 0, proof.length - 1);
        proof[level] ^= flip;
        assertFalse(registry.verifyInclusion(proof, tree[0], leaves[index]), "tampered proof accepted");
    }

    function testFuzz_verifyInclusion_rejectsUnanchoredRoot(bytes32[] memory values, uint256 index) public {
        (bytes32[] memory leaves, bytes32[] memory tree) = _buildTree(values, 1);
        index = bound(index, 0, leaves.length - 1);
        bytes32[] memory proof = MerkleTreeBuilder.proofOf(tree, index);

        // Another root is anchored, this one is not: a valid proof alone must not be enough.
        _anchor(keccak256(abi.encode(tree[0])), 1);
        assertFalse(registry.verifyInclusion(proof, tree[0], leaves[index]), "unanchored root accepted");
    }

    // ---------------------------------------------------------------- batch sequences

    function testFuzz_anchor_acceptsSequentialBatches(uint8 count, bytes32 seed) public {
        count = uint8(bound(count, 1, 50));
        bytes32 expectedHead;
        vm.startPrank(ANCHORER);
        for (uint32 n = 1; n <= count; n++) {
            uint64 batchId = n;
            uint32 leafCount = n;
            bytes32 root = keccak256(abi.encode(seed, batchId));
            registry.anchor(batchId, root, leafCount);
            expectedHead = keccak256(abi.encode(expectedHead, batchId, root, leafCount));
        }
        vm.stopPrank();

        assertEq(registry.lastBatchId(), count, "lastBatchId");
        assertEq(registry.head(), expectedHead, "head");
        for (uint64 batchId = 1; batchId <= count; batchId++) {
            bytes32 root = keccak256(abi.encode(seed, batchId));
            assertEq(registry.rootOf(batchId), root, "rootOf");
            (uint64 anchoredIn,,) = registry.anchorOf(root);
            assertEq(anchoredIn, batchId, "anchorOf.batchId");
        }
    }

    function testFuzz_RevertWhen_batchIdOutOfSequence(uint8 anchored, uint64 given) public {
        anchored = uint8(bound(anchored, 0, 30));
        uint64 expected = uint64(anchored) + 1;
        vm.assume(given != expected);

        vm.startPrank(ANCHORER);
        for (uint64 batchId = 1; batchId < expected; batchId++) {
            registry.anchor(batchId, keccak256(abi.encode(batchId)), 1);
        }
        bytes32 headBefore = registry.head();
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryBatchIdOutOfSequence.selector, expected, given)
        );
        registry.anchor(given, ROOT_1, 1);
        vm.stopPrank();

        assertEq(registry.lastBatchId(), anchored, "lastBatchId changed");
        assertEq(registry.head(), headBefore, "head changed");
    }

    // ---------------------------------------------------------------- helpers

    function _anchor(bytes32 root, uint256 leafCount) internal {
        uint64 batchId = registry.lastBatchId() + 1;
        vm.prank(ANCHORER);
        // casting to 'uint32' is safe because trees here have at most MAX_FUZZ_LEAVES leaves
        // forge-lint: disable-next-line(unsafe-typecast)
        registry.anchor(batchId, root, uint32(leafCount));
    }

    function _leafHashes(bytes32[] memory values) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](values.length);
        for (uint256 i = 0; i < values.length; i++) {
            leaves[i] = MerkleTreeBuilder.leafHash(values[i]);
        }
    }

    /// @dev Hashes fuzzed values into sorted leaves (at least `minLeaves`, at most MAX_FUZZ_LEAVES) and builds the tree.
    function _buildTree(bytes32[] memory values, uint256 minLeaves)
        internal
        pure
        returns (bytes32[] memory leaves, bytes32[] memory tree)
    {
        vm.assume(values.length >= minLeaves);
        if (values.length > MAX_FUZZ_LEAVES) {
            assembly ("memory-safe") {
                mstore(values, MAX_FUZZ_LEAVES)
            }
        }
        leaves = _leafHashes(values);
        MerkleTreeBuilder.sortLeaves(leaves);
        tree = MerkleTreeBuilder.build(leaves);
    }
}

/// @notice Invariant tests of {AnchorRegistry}, driven by {AnchorRegistryHandler}.
contract AnchorRegistryInvariantTest is Test {
    address internal constant ADMIN = address(0xAD);
    address internal constant ANCHORER = address(0xA1);

    AnchorRegistry internal registry;
    AnchorRegistryHandler internal handler;

    function setUp() public {
        registry = new AnchorRegistry(1 days, ADMIN, ANCHORER);
        handler = new AnchorRegistryHandler(registry, ANCHORER);
        targetContract(address(handler));
    }

    function invariant_batchIdsHaveNoGaps() public view {
        uint64 last = registry.lastBatchId();
        assertEq(last, handler.recordCount(), "lastBatchId vs anchored batches");
        for (uint64 batchId = 1; batchId <= last; batchId++) {
            assertNotEq(registry.rootOf(batchId), bytes32(0), "gap in batch ids");
        }
        assertEq(registry.rootOf(last + 1), bytes32(0), "root beyond lastBatchId");
    }

    function invariant_rootsAreNeverOverwritten() public view {
        uint256 count = handler.recordCount();
        for (uint64 i = 0; i < count; i++) {
            AnchorRegistryHandler.Record memory expected = handler.record(i);
            uint64 batchId = i + 1;
            (uint64 anchoredIn, uint64 blockNumber, uint64 timestamp) = registry.anchorOf(expected.root);
            assertEq(anchoredIn, batchId, "anchorOf.batchId");
            assertEq(blockNumber, expected.blockNumber, "anchorOf.blockNumber");
            assertEq(timestamp, expected.timestamp, "anchorOf.timestamp");
            assertEq(registry.rootOf(batchId), expected.root, "rootOf");
        }
    }

    function invariant_headMatchesRecomputedChain() public view {
        bytes32 expectedHead;
        uint256 count = handler.recordCount();
        for (uint64 i = 0; i < count; i++) {
            AnchorRegistryHandler.Record memory r = handler.record(i);
            expectedHead = keccak256(abi.encode(expectedHead, i + 1, r.root, r.leafCount));
        }
        assertEq(registry.head(), expectedHead, "head");
    }

    function invariant_invalidAnchorsAreRejected() public view {
        assertEq(handler.ghostAcceptedInvalidAnchors(), 0, "invalid anchor accepted");
        assertEq(handler.ghostUnexpectedErrors(), 0, "invalid anchor rejected with the wrong error");
    }
}
