// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AnchorRegistry} from "../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../src/IAnchorRegistry.sol";
import {IssuerRegistry} from "../src/IssuerRegistry.sol";
import {AnchorRegistryHandler} from "./handlers/AnchorRegistryHandler.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {Test} from "./utils/Test.sol";
import {TestKeys} from "./utils/TestKeys.sol";
import {Vm} from "./utils/Vm.sol";

/// @notice Unit and fuzz tests of {AnchorRegistry}.
contract AnchorRegistryTest is Test {
    uint48 internal constant ADMIN_DELAY = 3 days;
    uint256 internal constant MAX_FUZZ_LEAVES = 40;
    address internal constant ADMIN = address(0xAD);
    address internal constant ANCHORER = address(0xA1);
    address internal constant STRANGER = address(0x5E);
    bytes32 internal constant ROOT_1 = keccak256("root-1");
    bytes32 internal constant ROOT_2 = keccak256("root-2");
    bytes32 internal constant LEAF_1 = keccak256("leaf-1");
    bytes32 internal constant LEAF_2 = keccak256("leaf-2");
    uint8 internal constant SUPERSEDED = 1;
    uint8 internal constant ISSUED_IN_ERROR = 2;
    uint8 internal constant WITHDRAWN = 3;
    uint8 internal constant FRAUD = 4;
    uint8 internal constant OTHER = 5;
    bytes32 internal constant KEY_1 = TestKeys.P256_A_FINGERPRINT;
    bytes32 internal constant KEY_2 = TestKeys.ED25519_A_FINGERPRINT;
    /// @dev A DER ECDSA P-256 signature (70 bytes) from src/test/resources/signatures/vectors.json; the registry
    /// only stores and logs it.
    bytes internal constant SIG_1 =
        hex"304402204bf9732868b22e9f66c8c572ed1c5caa5e8c05d5de4628178ddd4825a3e693df02202a83fbeb1b90959d81a31d0d5bf9e4d4ca00abde3e31d07c91c8ef286a112428";
    bytes internal constant SIG_2 =
        hex"0102030405060708091011121314151617181920212223242526272829303132333435363738394041424344454647484950515253545556575859606162636465";

    AnchorRegistry internal registry;

    function setUp() public {
        registry = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(0));
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
        AnchorRegistry noAnchorer = new AnchorRegistry(ADMIN_DELAY, ADMIN, address(0), address(0));
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

    // ---------------------------------------------------------------- revoke

    function test_revoke_storesRevocation() public {
        vm.roll(4321);
        vm.warp(1_700_000_100);
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);

        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, SUPERSEDED, "reason");
        assertEq(revokedAt, 1_700_000_100, "revokedAt");
        assertEq(blockNumber, 4321, "blockNumber");
        assertEq(replacementLeaf, LEAF_2, "replacementLeaf");
        assertTrue(registry.isRevoked(LEAF_1), "isRevoked");
        assertFalse(registry.isRevoked(LEAF_2), "replacement revoked too");
    }

    function test_revoke_acceptsEveryReasonAndNoReplacement() public {
        vm.startPrank(ANCHORER);
        for (uint8 reason = SUPERSEDED; reason <= OTHER; reason++) {
            bytes32 leaf = keccak256(abi.encode("leaf", reason));
            registry.revoke(leaf, reason, bytes32(0));
            (uint8 stored,,, bytes32 replacementLeaf) = registry.revocationOf(leaf);
            assertEq(stored, reason, "reason");
            assertEq(replacementLeaf, bytes32(0), "replacementLeaf");
        }
        vm.stopPrank();
    }

    function test_revoke_emitsDocumentRevoked() public {
        vm.warp(1_700_000_200);
        vm.expectEmit(true, false, false, true, address(registry));
        emit IAnchorRegistry.DocumentRevoked(LEAF_1, FRAUD, LEAF_2, 1_700_000_200);
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, FRAUD, LEAF_2);
    }

    function test_revoke_doesNotRequireAnchoredLeafNorTouchAnchors() public {
        vm.startPrank(ANCHORER);
        registry.anchor(1, ROOT_1, 3);
        bytes32 headBefore = registry.head();
        // LEAF_1 belongs to no anchored batch: a pending document can be revoked.
        registry.revoke(LEAF_1, WITHDRAWN, bytes32(0));
        // A leaf equal to an anchored root is just another leaf; its anchor stays.
        registry.revoke(ROOT_1, OTHER, bytes32(0));
        vm.stopPrank();

        assertTrue(registry.isRevoked(LEAF_1), "pending leaf not revoked");
        assertEq(registry.head(), headBefore, "head");
        assertEq(registry.lastBatchId(), 1, "lastBatchId");
        (uint64 batchId,,) = registry.anchorOf(ROOT_1);
        assertEq(batchId, 1, "anchorOf.batchId");
    }

    function test_revoke_isIdempotent() public {
        vm.roll(100);
        vm.warp(1_000_000);
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);

        // A retry later, even with other arguments, leaves the first revocation and emits nothing.
        vm.roll(200);
        vm.warp(2_000_000);
        vm.recordLogs();
        vm.startPrank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);
        registry.revoke(LEAF_1, FRAUD, bytes32(0));
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 0, "retry emitted an event");

        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, SUPERSEDED, "reason");
        assertEq(revokedAt, 1_000_000, "revokedAt");
        assertEq(blockNumber, 100, "blockNumber");
        assertEq(replacementLeaf, LEAF_2, "replacementLeaf");
    }

    function test_revocationOf_returnsZerosForUnrevokedLeaf() public view {
        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, 0, "reason");
        assertEq(revokedAt, 0, "revokedAt");
        assertEq(blockNumber, 0, "blockNumber");
        assertEq(replacementLeaf, bytes32(0), "replacementLeaf");
        assertFalse(registry.isRevoked(LEAF_1), "isRevoked");
        assertFalse(registry.isRevoked(bytes32(0)), "isRevoked(0)");
    }

    function test_RevertWhen_revocationReasonIsZero() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 0));
        registry.revoke(LEAF_1, 0, bytes32(0));
        assertFalse(registry.isRevoked(LEAF_1), "revoked");
    }

    function test_RevertWhen_revocationReasonIsAboveFive() public {
        vm.startPrank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 6));
        registry.revoke(LEAF_1, 6, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 255));
        registry.revoke(LEAF_1, 255, bytes32(0));
        vm.stopPrank();
        assertFalse(registry.isRevoked(LEAF_1), "revoked");
    }

    function test_RevertWhen_revokedLeafIsZero() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroLeaf.selector));
        registry.revoke(bytes32(0), SUPERSEDED, LEAF_2);
    }

    function test_RevertWhen_replacementIsRevokedLeaf() public {
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, LEAF_1));
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_1);
        assertFalse(registry.isRevoked(LEAF_1), "revoked");
    }

    function test_RevertWhen_retryOfRevokedLeafIsMalformed() public {
        vm.startPrank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);
        // Idempotency covers well-formed retries only; a malformed call is a caller bug either way.
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 0));
        registry.revoke(LEAF_1, 0, LEAF_2);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, LEAF_1));
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_1);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- revokeBatch

    function test_revokeBatch_storesEveryRevocation() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        vm.roll(55);
        vm.warp(1_700_000_300);
        vm.prank(ANCHORER);
        registry.revokeBatch(leaves, reasons, replacements);

        for (uint256 i = 0; i < leaves.length; i++) {
            (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) =
                registry.revocationOf(leaves[i]);
            assertEq(reason, reasons[i], "reason");
            assertEq(revokedAt, 1_700_000_300, "revokedAt");
            assertEq(blockNumber, 55, "blockNumber");
            assertEq(replacementLeaf, replacements[i], "replacementLeaf");
        }
    }

    function test_revokeBatch_emitsDocumentRevokedPerLeafInOrder() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        vm.warp(1_700_000_400);
        for (uint256 i = 0; i < leaves.length; i++) {
            vm.expectEmit(true, false, false, true, address(registry));
            emit IAnchorRegistry.DocumentRevoked(leaves[i], reasons[i], replacements[i], 1_700_000_400);
        }
        vm.prank(ANCHORER);
        registry.revokeBatch(leaves, reasons, replacements);
    }

    function test_revokeBatch_skipsAlreadyRevokedAndRepeatedLeaves() public {
        vm.warp(1_000);
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);

        bytes32[] memory leaves = new bytes32[](4);
        uint8[] memory reasons = new uint8[](4);
        bytes32[] memory replacements = new bytes32[](4);
        (leaves[0], reasons[0]) = (LEAF_1, FRAUD); // revoked before
        (leaves[1], reasons[1]) = (LEAF_2, WITHDRAWN); // new
        (leaves[2], reasons[2]) = (LEAF_2, OTHER); // repeated within the batch
        (leaves[3], reasons[3]) = (LEAF_1, OTHER); // revoked before, again

        vm.warp(2_000);
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeBatch(leaves, reasons, replacements);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 1, "events");
        assertEq(logs[0].topics[1], LEAF_2, "event leaf");
        assertEq(keccak256(logs[0].data), keccak256(abi.encode(WITHDRAWN, bytes32(0), uint64(2_000))), "event data");
        (uint8 reason1, uint64 revokedAt1,, bytes32 replacement1) = registry.revocationOf(LEAF_1);
        assertEq(reason1, SUPERSEDED, "LEAF_1 reason");
        assertEq(revokedAt1, 1_000, "LEAF_1 revokedAt");
        assertEq(replacement1, LEAF_2, "LEAF_1 replacement");
        (uint8 reason2,,,) = registry.revocationOf(LEAF_2);
        assertEq(reason2, WITHDRAWN, "LEAF_2 reason: first occurrence wins");
    }

    function test_revokeBatch_acceptsEmptyBatch() public {
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeBatch(new bytes32[](0), new uint8[](0), new bytes32[](0));
        assertEq(vm.getRecordedLogs().length, 0, "events");
    }

    function test_RevertWhen_batchLengthsMismatch() public {
        vm.startPrank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryLengthMismatch.selector, 2, 1, 2));
        registry.revokeBatch(new bytes32[](2), new uint8[](1), new bytes32[](2));
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryLengthMismatch.selector, 2, 2, 3));
        registry.revokeBatch(new bytes32[](2), new uint8[](2), new bytes32[](3));
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryLengthMismatch.selector, 0, 1, 0));
        registry.revokeBatch(new bytes32[](0), new uint8[](1), new bytes32[](0));
        vm.stopPrank();
    }

    function test_RevertWhen_batchItemIsInvalid() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        reasons[2] = 0;
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 0));
        registry.revokeBatch(leaves, reasons, replacements);

        reasons[2] = OTHER;
        leaves[1] = bytes32(0);
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroLeaf.selector));
        registry.revokeBatch(leaves, reasons, replacements);

        leaves[1] = LEAF_2;
        replacements[1] = LEAF_2;
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, LEAF_2));
        registry.revokeBatch(leaves, reasons, replacements);

        // All or nothing: the valid items before the invalid one were not recorded either.
        assertFalse(registry.isRevoked(leaves[0]), "first item revoked");
    }

    // ---------------------------------------------------------------- revocation access control

    function test_constructor_grantsRevokerRoleToInitialAnchorer() public {
        assertEq(registry.REVOKER_ROLE(), keccak256("REVOKER_ROLE"), "role id");
        assertTrue(registry.hasRole(registry.REVOKER_ROLE(), ANCHORER), "revoker role");
        assertFalse(registry.hasRole(registry.REVOKER_ROLE(), ADMIN), "admin is no revoker");

        AnchorRegistry noAnchorer = new AnchorRegistry(ADMIN_DELAY, ADMIN, address(0), address(0));
        assertFalse(noAnchorer.hasRole(noAnchorer.REVOKER_ROLE(), address(0)), "zero address holds role");
    }

    function test_RevertWhen_callerLacksRevokerRole() public {
        bytes32 role = registry.REVOKER_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.revoke(LEAF_1, SUPERSEDED, bytes32(0));

        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(2);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.revokeBatch(leaves, reasons, replacements);
    }

    function test_RevertWhen_adminRevokesWithoutRevokerRole() public {
        bytes32 role = registry.REVOKER_ROLE();
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ADMIN, role));
        registry.revoke(LEAF_1, ISSUED_IN_ERROR, bytes32(0));
    }

    function test_RevertWhen_anchorerOnlyAccountRevokes() public {
        bytes32 anchorerRole = registry.ANCHORER_ROLE();
        bytes32 revokerRole = registry.REVOKER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(anchorerRole, STRANGER);
        vm.prank(STRANGER);
        registry.anchor(1, ROOT_1, 1);

        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, revokerRole)
        );
        registry.revoke(LEAF_1, SUPERSEDED, bytes32(0));
    }

    function test_RevertWhen_revokerOnlyAccountAnchors() public {
        bytes32 anchorerRole = registry.ANCHORER_ROLE();
        bytes32 revokerRole = registry.REVOKER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(revokerRole, STRANGER);
        vm.prank(STRANGER);
        registry.revoke(LEAF_1, SUPERSEDED, bytes32(0));

        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, anchorerRole)
        );
        registry.anchor(1, ROOT_1, 1);
    }

    function test_grantRole_letsAdminAddAndRevokeRevokers() public {
        bytes32 role = registry.REVOKER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(role, STRANGER);
        vm.prank(STRANGER);
        registry.revoke(LEAF_1, SUPERSEDED, bytes32(0));
        assertTrue(registry.isRevoked(LEAF_1), "revoked by granted revoker");

        // Production may split the keys: the admin takes revocation away from the anchoring key.
        vm.startPrank(ADMIN);
        registry.revokeRole(role, STRANGER);
        registry.revokeRole(role, ANCHORER);
        vm.stopPrank();
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.revoke(LEAF_2, SUPERSEDED, bytes32(0));
        vm.prank(ANCHORER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ANCHORER, role)
        );
        registry.revoke(LEAF_2, SUPERSEDED, bytes32(0));
        vm.prank(ANCHORER);
        registry.anchor(1, ROOT_1, 1);
    }

    // ---------------------------------------------------------------- revocation fuzzing

    function testFuzz_revoke_storesValidReasonExactly(
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf,
        uint64 timestamp,
        uint64 blockNumber
    ) public {
        vm.assume(leaf != bytes32(0) && replacementLeaf != leaf);
        reason = uint8(bound(reason, SUPERSEDED, OTHER));
        vm.roll(blockNumber);
        vm.warp(timestamp);
        vm.expectEmit(true, false, false, true, address(registry));
        emit IAnchorRegistry.DocumentRevoked(leaf, reason, replacementLeaf, timestamp);
        vm.prank(ANCHORER);
        registry.revoke(leaf, reason, replacementLeaf);

        (uint8 storedReason, uint64 revokedAt, uint64 storedBlock, bytes32 storedReplacement) =
            registry.revocationOf(leaf);
        assertEq(storedReason, reason, "reason");
        assertEq(revokedAt, timestamp, "revokedAt");
        assertEq(storedBlock, blockNumber, "blockNumber");
        assertEq(storedReplacement, replacementLeaf, "replacementLeaf");
        assertTrue(registry.isRevoked(leaf), "isRevoked");
    }

    function testFuzz_RevertWhen_revocationReasonIsInvalid(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) public {
        vm.assume(reason == 0 || reason > OTHER);
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, reason));
        registry.revoke(leaf, reason, replacementLeaf);
        assertFalse(registry.isRevoked(leaf), "revoked");
    }

    function testFuzz_revoke_keepsFirstRevocation(
        bytes32 leaf,
        uint8[2] memory reasons,
        bytes32[2] memory replacements,
        uint32 later
    ) public {
        vm.assume(leaf != bytes32(0) && replacements[0] != leaf && replacements[1] != leaf);
        reasons[0] = uint8(bound(reasons[0], SUPERSEDED, OTHER));
        reasons[1] = uint8(bound(reasons[1], SUPERSEDED, OTHER));
        vm.prank(ANCHORER);
        registry.revoke(leaf, reasons[0], replacements[0]);

        vm.roll(block.number + later);
        vm.warp(block.timestamp + later);
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revoke(leaf, reasons[1], replacements[1]);
        assertEq(vm.getRecordedLogs().length, 0, "retry emitted an event");

        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(leaf);
        assertEq(reason, reasons[0], "reason");
        assertEq(revokedAt, block.timestamp - later, "revokedAt");
        assertEq(blockNumber, block.number - later, "blockNumber");
        assertEq(replacementLeaf, replacements[0], "replacementLeaf");
    }

    /// @dev Runs a fuzzed batch (with repeated leaves) through {revokeBatch} on one registry and item by
    /// item through {revoke} on another: the stored revocations and emitted events must be identical.
    function testFuzz_revokeBatch_equalsSingleRevokes(bytes32[] memory seeds, uint256 repeatMask) public {
        uint256 count = seeds.length > MAX_FUZZ_LEAVES ? MAX_FUZZ_LEAVES : seeds.length;
        bytes32[] memory leaves = new bytes32[](count);
        uint8[] memory reasons = new uint8[](count);
        bytes32[] memory replacements = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            leaves[i] = (i > 0 && (repeatMask >> i) & 1 == 1) ? leaves[i - 1] : _nonzero(seeds[i], i);
            // casting to 'uint8' is safe because the value is at most OTHER
            // forge-lint: disable-next-line(unsafe-typecast)
            reasons[i] = uint8(1 + uint256(seeds[i]) % OTHER);
            replacements[i] = uint256(seeds[i]) % 3 == 0 ? bytes32(0) : keccak256(abi.encode(seeds[i], "next"));
        }
        AnchorRegistry single = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(0));

        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeBatch(leaves, reasons, replacements);
        Vm.Log[] memory batchLogs = vm.getRecordedLogs();
        vm.startPrank(ANCHORER);
        for (uint256 i = 0; i < count; i++) {
            single.revoke(leaves[i], reasons[i], replacements[i]);
        }
        vm.stopPrank();
        Vm.Log[] memory singleLogs = vm.getRecordedLogs();

        assertEq(batchLogs.length, singleLogs.length, "event count");
        for (uint256 i = 0; i < batchLogs.length; i++) {
            assertEq(batchLogs[i].emitter, address(registry), "batch emitter");
            assertEq(singleLogs[i].emitter, address(single), "single emitter");
            assertEq(keccak256(abi.encode(batchLogs[i].topics)), keccak256(abi.encode(singleLogs[i].topics)), "topics");
            assertEq(keccak256(batchLogs[i].data), keccak256(singleLogs[i].data), "data");
        }
        for (uint256 i = 0; i < count; i++) {
            assertEq(_revocationHash(registry, leaves[i]), _revocationHash(single, leaves[i]), "revocationOf");
            assertTrue(registry.isRevoked(leaves[i]), "isRevoked");
        }
    }

    // ---------------------------------------------------------------- storage layout and issuer registry

    /// @dev docs/proof-format.md: verifiers read `anchors[root]` from a state proof at keccak256(root . 3), and the
    /// value packs batchId | blockNumber << 64 | timestamp << 128. Checked on a registry that points to an issuer
    /// registry, which must take no storage.
    function test_storageLayout_anchorsAtSlot3() public {
        IssuerRegistry issuers = new IssuerRegistry(ADMIN_DELAY, ADMIN, address(0));
        AnchorRegistry withIssuers = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(issuers));
        vm.roll(1234);
        vm.warp(1_700_000_000);
        vm.prank(ANCHORER);
        withIssuers.anchor(1, ROOT_1, 7);
        vm.roll(1300);
        vm.warp(1_700_000_500);
        vm.prank(ANCHORER);
        withIssuers.anchor(2, ROOT_2, 1);

        assertEq(
            vm.load(address(withIssuers), keccak256(abi.encode(ROOT_1, uint256(3)))),
            bytes32(uint256(1) | uint256(1234) << 64 | uint256(1_700_000_000) << 128),
            "anchors[ROOT_1]"
        );
        assertEq(
            vm.load(address(withIssuers), keccak256(abi.encode(ROOT_2, uint256(3)))),
            bytes32(uint256(2) | uint256(1300) << 64 | uint256(1_700_000_500) << 128),
            "anchors[ROOT_2]"
        );
        for (uint256 slot = 0; slot < 8; slot++) {
            assertNotEq(
                vm.load(address(withIssuers), bytes32(slot)),
                bytes32(uint256(uint160(address(issuers)))),
                "issuer registry in storage"
            );
        }
    }

    function test_constructor_setsIssuerRegistry() public {
        IssuerRegistry issuers = new IssuerRegistry(ADMIN_DELAY, ADMIN, address(0));
        AnchorRegistry withIssuers = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(issuers));
        assertEq(withIssuers.issuerRegistry(), address(issuers), "issuerRegistry");
        assertEq(registry.issuerRegistry(), address(0), "none");
    }

    function test_RevertWhen_issuerRegistryIsNotOne() public {
        // An account without code, and a contract that speaks ERC-165 but is no issuer registry.
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryNotAnIssuerRegistry.selector, STRANGER));
        new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryNotAnIssuerRegistry.selector, address(registry))
        );
        new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(registry));
    }

    // ---------------------------------------------------------------- revokeSigned

    function test_revokeSigned_storesRevocationAndSigner() public {
        vm.roll(4321);
        vm.warp(1_700_000_100);
        vm.prank(ANCHORER);
        registry.revokeSigned(LEAF_1, FRAUD, LEAF_2, KEY_1, SIG_1);

        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, FRAUD, "reason");
        assertEq(revokedAt, 1_700_000_100, "revokedAt");
        assertEq(blockNumber, 4321, "blockNumber");
        assertEq(replacementLeaf, LEAF_2, "replacementLeaf");
        assertTrue(registry.isRevoked(LEAF_1), "isRevoked");
        assertEq(registry.revocationSignerOf(LEAF_1), KEY_1, "revocationSignerOf");
        assertEq(registry.revocationSignerOf(LEAF_2), bytes32(0), "replacement's signer");
    }

    function test_revokeSigned_emitsDocumentRevokedThenDocumentRevocationSigned() public {
        vm.warp(1_700_000_200);
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeSigned(LEAF_1, ISSUED_IN_ERROR, bytes32(0), KEY_1, SIG_1);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 2, "events");
        assertEq(logs[0].emitter, address(registry), "emitter 0");
        assertEq(logs[0].topics.length, 2, "DocumentRevoked topics");
        assertEq(logs[0].topics[0], IAnchorRegistry.DocumentRevoked.selector, "DocumentRevoked first");
        assertEq(logs[0].topics[1], LEAF_1, "DocumentRevoked leaf");
        assertEq(logs[0].data, abi.encode(ISSUED_IN_ERROR, bytes32(0), uint64(1_700_000_200)), "DocumentRevoked data");
        assertEq(logs[1].emitter, address(registry), "emitter 1");
        assertEq(logs[1].topics.length, 3, "DocumentRevocationSigned topics");
        assertEq(logs[1].topics[0], IAnchorRegistry.DocumentRevocationSigned.selector, "DocumentRevocationSigned");
        assertEq(logs[1].topics[1], LEAF_1, "DocumentRevocationSigned leaf");
        assertEq(logs[1].topics[2], KEY_1, "DocumentRevocationSigned keyFingerprint");
        assertEq(logs[1].data, abi.encode(SIG_1), "DocumentRevocationSigned signature");
    }

    function test_revokeSigned_isIdempotent() public {
        vm.roll(100);
        vm.warp(1_000_000);
        vm.prank(ANCHORER);
        registry.revokeSigned(LEAF_1, SUPERSEDED, LEAF_2, KEY_1, SIG_1);

        vm.roll(200);
        vm.warp(2_000_000);
        vm.recordLogs();
        vm.startPrank(ANCHORER);
        registry.revokeSigned(LEAF_1, SUPERSEDED, LEAF_2, KEY_1, SIG_1);
        registry.revokeSigned(LEAF_1, FRAUD, bytes32(0), KEY_2, SIG_2);
        registry.revoke(LEAF_1, OTHER, bytes32(0));
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 0, "retry emitted an event");

        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, SUPERSEDED, "reason");
        assertEq(revokedAt, 1_000_000, "revokedAt");
        assertEq(blockNumber, 100, "blockNumber");
        assertEq(replacementLeaf, LEAF_2, "replacementLeaf");
        assertEq(registry.revocationSignerOf(LEAF_1), KEY_1, "signer");
    }

    function test_revokeSigned_leavesUnsignedRevocationStanding() public {
        vm.startPrank(ANCHORER);
        registry.revoke(LEAF_1, WITHDRAWN, bytes32(0));
        vm.recordLogs();
        // The department's signed request arrives after the revoker acted on its behalf: the first one stands.
        registry.revokeSigned(LEAF_1, FRAUD, LEAF_2, KEY_1, SIG_1);
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 0, "events");
        (uint8 reason,,, bytes32 replacementLeaf) = registry.revocationOf(LEAF_1);
        assertEq(reason, WITHDRAWN, "reason");
        assertEq(replacementLeaf, bytes32(0), "replacementLeaf");
        assertEq(registry.revocationSignerOf(LEAF_1), bytes32(0), "unsigned revocation gained a signer");
    }

    function test_revocationSignerOf_isZeroForUnsignedAndUnrevokedLeaves() public {
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, bytes32(0));
        assertEq(registry.revocationSignerOf(LEAF_1), bytes32(0), "unsigned");
        assertEq(registry.revocationSignerOf(LEAF_2), bytes32(0), "not revoked");
        assertEq(registry.revocationSignerOf(bytes32(0)), bytes32(0), "zero leaf");
    }

    function test_revokeSigned_acceptsSignatureLengthBounds() public {
        vm.startPrank(ANCHORER);
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, hex"00");
        registry.revokeSigned(LEAF_2, SUPERSEDED, bytes32(0), KEY_1, new bytes(128));
        vm.stopPrank();
        assertEq(registry.revocationSignerOf(LEAF_1), KEY_1, "1 byte");
        assertEq(registry.revocationSignerOf(LEAF_2), KEY_1, "128 bytes");
    }

    function test_RevertWhen_signedRevocationIsMalformed() public {
        vm.startPrank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 0));
        registry.revokeSigned(LEAF_1, 0, bytes32(0), KEY_1, SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 6));
        registry.revokeSigned(LEAF_1, 6, bytes32(0), KEY_1, SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroLeaf.selector));
        registry.revokeSigned(bytes32(0), SUPERSEDED, LEAF_2, KEY_1, SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySelfReplacement.selector, LEAF_1));
        registry.revokeSigned(LEAF_1, SUPERSEDED, LEAF_1, KEY_1, SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroKeyFingerprint.selector));
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), bytes32(0), SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidSignatureLength.selector, 0));
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, "");
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidSignatureLength.selector, 129));
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, new bytes(129));
        vm.stopPrank();
        assertFalse(registry.isRevoked(LEAF_1), "revoked");
    }

    function test_RevertWhen_retryOfSignedRevocationIsMalformed() public {
        vm.startPrank(ANCHORER);
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroKeyFingerprint.selector));
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), bytes32(0), SIG_1);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidSignatureLength.selector, 0));
        registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, "");
        vm.stopPrank();
    }

    /// @dev The revocationOf ABI is read by hand-written decoders in the verifiers: selector and four words.
    function test_revocationOf_abiIsUnchanged() public {
        vm.warp(1_700_000_300);
        vm.roll(77);
        vm.prank(ANCHORER);
        registry.revokeSigned(LEAF_1, FRAUD, LEAF_2, KEY_1, SIG_1);

        bytes4 selector = bytes4(keccak256("revocationOf(bytes32)"));
        assertEq(uint256(uint32(IAnchorRegistry.revocationOf.selector)), uint256(uint32(selector)), "selector");
        (bool success, bytes memory answer) = address(registry).staticcall(abi.encodeWithSelector(selector, LEAF_1));
        assertTrue(success, "call");
        assertEq(
            answer, abi.encode(uint256(FRAUD), uint256(1_700_000_300), uint256(77), LEAF_2), "four words, as before"
        );
    }

    // ---------------------------------------------------------------- revocationMessage

    function test_revocationMessage_matchesSpecification() public view {
        assertEq(
            registry.revocationMessage("CIVIL", LEAF_1, FRAUD, LEAF_2),
            bytes(
                "anchor-gateway/v1/revocation\nCIVIL\n"
                "0x350bb3dca2efdb96db44fe0ad0417cf25bfe6be8ef4c46499b2585bd7001b9f2\n4\n"
                "0x10a9efebd232336dd0f7ce1952e6b764c03ab6fc7f81abd938fe95db2a31aaae"
            ),
            "with a replacement"
        );
        assertEq(
            registry.revocationMessage("TAX-2", LEAF_2, SUPERSEDED, bytes32(0)),
            bytes(
                "anchor-gateway/v1/revocation\nTAX-2\n"
                "0x10a9efebd232336dd0f7ce1952e6b764c03ab6fc7f81abd938fe95db2a31aaae\n1\n"
                "0x0000000000000000000000000000000000000000000000000000000000000000"
            ),
            "without a replacement"
        );
        assertEq(registry.revocationMessage("A", LEAF_2, SUPERSEDED, bytes32(0)).length, 166, "length");
    }

    /// @dev Against forge's own formatting of bytes32 (0x + 64 lower-case hex) and of integers (decimal).
    function testFuzz_revocationMessage_matchesReference(
        string calldata department,
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf
    ) public view {
        bytes memory expected = bytes(
            string.concat(
                "anchor-gateway/v1/revocation\n",
                department,
                "\n",
                vm.toString(leaf),
                "\n",
                vm.toString(uint256(reason)),
                "\n",
                vm.toString(replacementLeaf)
            )
        );
        assertEq(registry.revocationMessage(department, leaf, reason, replacementLeaf), expected, "message");
    }

    // ---------------------------------------------------------------- revokeSignedBatch

    function test_revokeSignedBatch_storesEveryRevocationAndSigner() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        (bytes32[] memory keys, bytes[] memory signatures) = _signatures(3);
        vm.roll(55);
        vm.warp(1_700_000_300);
        vm.prank(ANCHORER);
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);

        for (uint256 i = 0; i < leaves.length; i++) {
            (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) =
                registry.revocationOf(leaves[i]);
            assertEq(reason, reasons[i], "reason");
            assertEq(revokedAt, 1_700_000_300, "revokedAt");
            assertEq(blockNumber, 55, "blockNumber");
            assertEq(replacementLeaf, replacements[i], "replacementLeaf");
            assertEq(registry.revocationSignerOf(leaves[i]), keys[i], "revocationSignerOf");
        }
    }

    function test_revokeSignedBatch_emitsBothEventsPerLeafInOrder() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        (bytes32[] memory keys, bytes[] memory signatures) = _signatures(3);
        vm.warp(1_700_000_400);
        for (uint256 i = 0; i < leaves.length; i++) {
            vm.expectEmit(true, false, false, true, address(registry));
            emit IAnchorRegistry.DocumentRevoked(leaves[i], reasons[i], replacements[i], 1_700_000_400);
            vm.expectEmit(true, true, false, true, address(registry));
            emit IAnchorRegistry.DocumentRevocationSigned(leaves[i], keys[i], signatures[i]);
        }
        vm.prank(ANCHORER);
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);
    }

    function test_revokeSignedBatch_skipsAlreadyRevokedAndRepeatedLeaves() public {
        vm.warp(1_000);
        vm.prank(ANCHORER);
        registry.revoke(LEAF_1, SUPERSEDED, LEAF_2);

        bytes32[] memory leaves = new bytes32[](4);
        uint8[] memory reasons = new uint8[](4);
        (bytes32[] memory keys, bytes[] memory signatures) = _signatures(4);
        (leaves[0], reasons[0]) = (LEAF_1, FRAUD); // revoked before, unsigned
        (leaves[1], reasons[1]) = (LEAF_2, WITHDRAWN); // new
        (leaves[2], reasons[2]) = (LEAF_2, OTHER); // repeated within the batch, other key
        (leaves[3], reasons[3]) = (LEAF_1, OTHER); // revoked before, again

        vm.warp(2_000);
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeSignedBatch(leaves, reasons, new bytes32[](4), keys, signatures);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 2, "events");
        assertEq(logs[0].topics[1], LEAF_2, "DocumentRevoked leaf");
        assertEq(logs[1].topics[2], keys[1], "DocumentRevocationSigned key of the first occurrence");
        assertEq(registry.revocationSignerOf(LEAF_1), bytes32(0), "LEAF_1 stays unsigned");
        assertEq(registry.revocationSignerOf(LEAF_2), keys[1], "LEAF_2 signer: first occurrence wins");
        (uint8 reason2,,,) = registry.revocationOf(LEAF_2);
        assertEq(reason2, WITHDRAWN, "LEAF_2 reason: first occurrence wins");
    }

    function test_revokeSignedBatch_acceptsEmptyBatch() public {
        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeSignedBatch(new bytes32[](0), new uint8[](0), new bytes32[](0), new bytes32[](0), new bytes[](0));
        assertEq(vm.getRecordedLogs().length, 0, "events");
    }

    function test_RevertWhen_signedBatchLengthsMismatch() public {
        vm.startPrank(ANCHORER);
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, 2, 1, 2, 2, 2)
        );
        registry.revokeSignedBatch(new bytes32[](2), new uint8[](1), new bytes32[](2), new bytes32[](2), new bytes[](2));
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, 2, 2, 3, 2, 2)
        );
        registry.revokeSignedBatch(new bytes32[](2), new uint8[](2), new bytes32[](3), new bytes32[](2), new bytes[](2));
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, 2, 2, 2, 1, 2)
        );
        registry.revokeSignedBatch(new bytes32[](2), new uint8[](2), new bytes32[](2), new bytes32[](1), new bytes[](2));
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, 2, 2, 2, 2, 3)
        );
        registry.revokeSignedBatch(new bytes32[](2), new uint8[](2), new bytes32[](2), new bytes32[](2), new bytes[](3));
        vm.expectRevert(
            abi.encodeWithSelector(IAnchorRegistry.AnchorRegistrySignedLengthMismatch.selector, 0, 0, 0, 0, 1)
        );
        registry.revokeSignedBatch(new bytes32[](0), new uint8[](0), new bytes32[](0), new bytes32[](0), new bytes[](1));
        vm.stopPrank();
    }

    function test_RevertWhen_signedBatchItemIsInvalid() public {
        (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements) = _batch(3);
        (bytes32[] memory keys, bytes[] memory signatures) = _signatures(3);
        keys[2] = bytes32(0);
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryZeroKeyFingerprint.selector));
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);

        keys[2] = KEY_2;
        signatures[1] = new bytes(200);
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidSignatureLength.selector, 200));
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);

        signatures[1] = SIG_2;
        reasons[2] = 0;
        vm.prank(ANCHORER);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.AnchorRegistryInvalidRevocationReason.selector, 0));
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);

        // All or nothing: the valid items before the invalid one were not recorded either.
        assertFalse(registry.isRevoked(leaves[0]), "first item revoked");
        assertEq(registry.revocationSignerOf(leaves[0]), bytes32(0), "first item's signer");
    }

    /// @dev As testFuzz_revokeBatch_equalsSingleRevokes, for the signed forms.
    function testFuzz_revokeSignedBatch_equalsSingleRevokeSigned(bytes32[] memory seeds, uint256 repeatMask) public {
        uint256 count = seeds.length > MAX_FUZZ_LEAVES ? MAX_FUZZ_LEAVES : seeds.length;
        bytes32[] memory leaves = new bytes32[](count);
        uint8[] memory reasons = new uint8[](count);
        bytes32[] memory replacements = new bytes32[](count);
        bytes32[] memory keys = new bytes32[](count);
        bytes[] memory signatures = new bytes[](count);
        for (uint256 i = 0; i < count; i++) {
            leaves[i] = (i > 0 && (repeatMask >> i) & 1 == 1) ? leaves[i - 1] : _nonzero(seeds[i], i);
            // casting to 'uint8' is safe because the value is at most OTHER
            // forge-lint: disable-next-line(unsafe-typecast)
            reasons[i] = uint8(1 + uint256(seeds[i]) % OTHER);
            replacements[i] = uint256(seeds[i]) % 3 == 0 ? bytes32(0) : keccak256(abi.encode(seeds[i], "next"));
            keys[i] = _nonzero(keccak256(abi.encode(seeds[i], "key")), i);
            signatures[i] = abi.encodePacked(seeds[i], keys[i]);
        }
        AnchorRegistry single = new AnchorRegistry(ADMIN_DELAY, ADMIN, ANCHORER, address(0));

        vm.recordLogs();
        vm.prank(ANCHORER);
        registry.revokeSignedBatch(leaves, reasons, replacements, keys, signatures);
        Vm.Log[] memory batchLogs = vm.getRecordedLogs();
        vm.startPrank(ANCHORER);
        for (uint256 i = 0; i < count; i++) {
            single.revokeSigned(leaves[i], reasons[i], replacements[i], keys[i], signatures[i]);
        }
        vm.stopPrank();
        Vm.Log[] memory singleLogs = vm.getRecordedLogs();

        assertEq(batchLogs.length, singleLogs.length, "event count");
        for (uint256 i = 0; i < batchLogs.length; i++) {
            assertEq(keccak256(abi.encode(batchLogs[i].topics)), keccak256(abi.encode(singleLogs[i].topics)), "topics");
            assertEq(keccak256(batchLogs[i].data), keccak256(singleLogs[i].data), "data");
        }
        for (uint256 i = 0; i < count; i++) {
            assertEq(_revocationHash(registry, leaves[i]), _revocationHash(single, leaves[i]), "revocationOf");
            assertEq(registry.revocationSignerOf(leaves[i]), single.revocationSignerOf(leaves[i]), "signer");
        }
    }

    function test_RevertWhen_callerLacksRevokerRoleForSignedRevocation() public {
        bytes32 role = registry.REVOKER_ROLE();
        bytes32 anchorerRole = registry.ANCHORER_ROLE();
        vm.prank(ADMIN);
        registry.revokeRole(role, ANCHORER);
        (bytes32[] memory keys, bytes[] memory signatures) = _signatures(1);
        address[3] memory callers = [STRANGER, ADMIN, ANCHORER];
        for (uint256 i = 0; i < callers.length; i++) {
            bytes memory refused =
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role);
            vm.prank(callers[i]);
            vm.expectRevert(refused);
            registry.revokeSigned(LEAF_1, SUPERSEDED, bytes32(0), KEY_1, SIG_1);
            vm.prank(callers[i]);
            vm.expectRevert(refused);
            registry.revokeSignedBatch(_leaves1(), _reasons1(), new bytes32[](1), keys, signatures);
        }
        assertTrue(registry.hasRole(anchorerRole, ANCHORER), "anchorer keeps anchoring");
        assertFalse(registry.isRevoked(LEAF_1), "revoked");
    }

    // ---------------------------------------------------------------- helpers

    function _anchor(bytes32 root, uint256 leafCount) internal {
        uint64 batchId = registry.lastBatchId() + 1;
        vm.prank(ANCHORER);
        // casting to 'uint32' is safe because trees here have at most MAX_FUZZ_LEAVES leaves
        // forge-lint: disable-next-line(unsafe-typecast)
        registry.anchor(batchId, root, uint32(leafCount));
    }

    /// @dev `count` distinct leaves with varied reasons, every other one with a replacement.
    function _batch(uint256 count)
        internal
        pure
        returns (bytes32[] memory leaves, uint8[] memory reasons, bytes32[] memory replacements)
    {
        leaves = new bytes32[](count);
        reasons = new uint8[](count);
        replacements = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            leaves[i] = keccak256(abi.encode("batch-leaf", i));
            // casting to 'uint8' is safe because the value is at most OTHER
            // forge-lint: disable-next-line(unsafe-typecast)
            reasons[i] = uint8(1 + i % OTHER);
            if (i % 2 == 0) replacements[i] = keccak256(abi.encode("batch-replacement", i));
        }
    }

    function _signatures(uint256 count) internal pure returns (bytes32[] memory keys, bytes[] memory signatures) {
        keys = new bytes32[](count);
        signatures = new bytes[](count);
        for (uint256 i = 0; i < count; i++) {
            keys[i] = keccak256(abi.encode("key", i));
            signatures[i] = i % 2 == 0 ? SIG_1 : SIG_2;
        }
    }

    function _leaves1() internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](1);
        leaves[0] = LEAF_1;
    }

    function _reasons1() internal pure returns (uint8[] memory reasons) {
        reasons = new uint8[](1);
        reasons[0] = SUPERSEDED;
    }

    function _revocationHash(AnchorRegistry target, bytes32 leaf) internal view returns (bytes32) {
        (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = target.revocationOf(leaf);
        return keccak256(abi.encode(reason, revokedAt, blockNumber, replacementLeaf));
    }

    function _nonzero(bytes32 value, uint256 salt) internal pure returns (bytes32) {
        return value != bytes32(0) ? value : keccak256(abi.encode("nonzero", salt));
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
        registry = new AnchorRegistry(1 days, ADMIN, ANCHORER, address(0));
        // The dev setup: the constructor grants the gateway's single key both roles.
        handler = new AnchorRegistryHandler(registry, ANCHORER, ANCHORER);
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

    function invariant_revocationsAreNeverChangedOrRemoved() public view {
        uint256 count = handler.revokedCount();
        for (uint256 i = 0; i < count; i++) {
            bytes32 leaf = handler.revokedLeaf(i);
            AnchorRegistryHandler.Revocation memory expected = handler.revocation(leaf);
            (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(leaf);
            assertEq(reason, expected.reason, "revocationOf.reason");
            assertEq(revokedAt, expected.revokedAt, "revocationOf.revokedAt");
            assertEq(blockNumber, expected.blockNumber, "revocationOf.blockNumber");
            assertEq(replacementLeaf, expected.replacementLeaf, "revocationOf.replacementLeaf");
            assertTrue(registry.isRevoked(leaf), "isRevoked");
            assertEq(registry.revocationSignerOf(leaf), expected.keyFingerprint, "revocationSignerOf");
        }
    }

    function invariant_revokedAtIsNeverInTheFuture() public view {
        uint256 count = handler.revokedCount();
        for (uint256 i = 0; i < count; i++) {
            (, uint64 revokedAt, uint64 blockNumber,) = registry.revocationOf(handler.revokedLeaf(i));
            // Comparing with block.timestamp is the point here, not a source of randomness or deadlines.
            // forge-lint: disable-next-line(block-timestamp)
            assertTrue(revokedAt <= block.timestamp, "revokedAt in the future");
            assertTrue(blockNumber <= block.number, "revocation block in the future");
        }
    }

    function invariant_rejectedRevocationsLeaveNoTrace() public view {
        uint256 count = handler.probedCount();
        for (uint256 i = 0; i < count; i++) {
            bytes32 leaf = handler.probedLeaf(i);
            if (handler.revocation(leaf).reason != 0) continue; // revoked validly later
            (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf) = registry.revocationOf(leaf);
            assertEq(reason, 0, "reason");
            assertEq(revokedAt, 0, "revokedAt");
            assertEq(blockNumber, 0, "blockNumber");
            assertEq(replacementLeaf, bytes32(0), "replacementLeaf");
            assertFalse(registry.isRevoked(leaf), "isRevoked");
            assertEq(registry.revocationSignerOf(leaf), bytes32(0), "revocationSignerOf");
        }
    }

    function invariant_invalidRevocationsAreRejected() public view {
        assertEq(handler.ghostAcceptedInvalidRevocations(), 0, "invalid revocation accepted");
        assertEq(handler.ghostUnexpectedRevocationErrors(), 0, "invalid revocation rejected with the wrong error");
    }

    function invariant_eventsMatchNewRevocations() public view {
        assertEq(handler.ghostUnexpectedRevocationEvents(), 0, "DocumentRevoked events differ from new revocations");
    }
}
