// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AnchorRegistry} from "../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../src/IAnchorRegistry.sol";
import {IIssuerRegistry} from "../src/IIssuerRegistry.sol";
import {IssuerRegistry} from "../src/IssuerRegistry.sol";
import {Test} from "./utils/Test.sol";
import {TestKeys} from "./utils/TestKeys.sol";
import {Vm} from "./utils/Vm.sol";

/// @notice The production key split across both registries: the gateway's anchoring and revocation keys cannot
/// touch the issuer registry, and the accreditation body's issuer admin key cannot anchor or revoke.
contract RoleSeparationTest is Test {
    address internal constant ADMIN = address(0xAD);
    address internal constant ANCHORER = address(0xA1);
    address internal constant REVOKER = address(0xB2);
    address internal constant ISSUER_ADMIN = address(0x1A);
    uint64 internal constant T0 = 1_700_000_000;
    string internal constant CIVIL = "CIVIL";
    bytes32 internal constant LEAF = keccak256("leaf");
    bytes32 internal constant ROOT = keccak256("root");

    IssuerRegistry internal issuers;
    AnchorRegistry internal registry;

    function setUp() public {
        issuers = new IssuerRegistry(3 days, ADMIN, ISSUER_ADMIN);
        registry = new AnchorRegistry(3 days, ADMIN, ANCHORER, address(issuers));
    }

    function test_RevertWhen_anchorerOrRevokerWritesIssuerRegistry() public {
        _splitRevoker();
        _registerCivilWithKey();
        bytes32 role = issuers.ISSUER_ADMIN_ROLE();
        address[2] memory gatewayKeys = [ANCHORER, REVOKER];
        bytes[8] memory calls = [
            abi.encodeCall(IIssuerRegistry.registerDepartment, ("EDU", "x", "y")),
            abi.encodeCall(IIssuerRegistry.renameDepartment, (CIVIL, "x", "y")),
            abi.encodeCall(IIssuerRegistry.suspendDepartment, (CIVIL, T0)),
            abi.encodeCall(IIssuerRegistry.reinstateDepartment, (CIVIL, T0)),
            abi.encodeCall(IIssuerRegistry.registerKey, (CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0)),
            abi.encodeCall(IIssuerRegistry.revokeKey, (CIVIL, TestKeys.P256_A_FINGERPRINT, 2, T0)),
            abi.encodeCall(IIssuerRegistry.allowDocumentType, (CIVIL, "permit")),
            abi.encodeCall(IIssuerRegistry.withdrawDocumentType, (CIVIL, "permit"))
        ];
        for (uint256 k = 0; k < gatewayKeys.length; k++) {
            for (uint256 i = 0; i < calls.length; i++) {
                vm.prank(gatewayKeys[k]);
                (bool success, bytes memory returnData) = address(issuers).call(calls[i]);
                assertFalse(success, "gateway key wrote the issuer registry");
                assertEq(
                    returnData,
                    abi.encodeWithSelector(
                        IAccessControl.AccessControlUnauthorizedAccount.selector, gatewayKeys[k], role
                    ),
                    "revert data"
                );
            }
        }
        (bool valid,) = issuers.keyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0);
        assertTrue(valid, "key untouched");
    }

    function test_RevertWhen_issuerAdminAnchorsOrRevokes() public {
        _splitRevoker();
        bytes32[] memory leaves = new bytes32[](1);
        uint8[] memory reasons = new uint8[](1);
        bytes32[] memory keys = new bytes32[](1);
        bytes[] memory signatures = new bytes[](1);
        (leaves[0], reasons[0], keys[0], signatures[0]) = (LEAF, 4, TestKeys.P256_A_FINGERPRINT, hex"3006020101020101");
        bytes32 anchorer = registry.ANCHORER_ROLE();
        bytes32 revoker = registry.REVOKER_ROLE();

        _expectRefused(ISSUER_ADMIN, abi.encodeCall(IAnchorRegistry.anchor, (1, ROOT, 1)), anchorer);
        _expectRefused(ISSUER_ADMIN, abi.encodeCall(IAnchorRegistry.revoke, (LEAF, 4, bytes32(0))), revoker);
        _expectRefused(
            ISSUER_ADMIN, abi.encodeCall(IAnchorRegistry.revokeBatch, (leaves, reasons, new bytes32[](1))), revoker
        );
        _expectRefused(
            ISSUER_ADMIN,
            abi.encodeCall(IAnchorRegistry.revokeSigned, (LEAF, 4, bytes32(0), keys[0], signatures[0])),
            revoker
        );
        _expectRefused(
            ISSUER_ADMIN,
            abi.encodeCall(IAnchorRegistry.revokeSignedBatch, (leaves, reasons, new bytes32[](1), keys, signatures)),
            revoker
        );
        assertEq(registry.lastBatchId(), 0, "anchored");
        assertFalse(registry.isRevoked(LEAF), "revoked");
    }

    function test_RevertWhen_splitKeysCrossTheirRoles() public {
        _splitRevoker();
        _expectRefused(REVOKER, abi.encodeCall(IAnchorRegistry.anchor, (1, ROOT, 1)), registry.ANCHORER_ROLE());
        _expectRefused(
            ANCHORER,
            abi.encodeCall(IAnchorRegistry.revokeSigned, (LEAF, 4, bytes32(0), bytes32(uint256(1)), hex"01")),
            registry.REVOKER_ROLE()
        );
    }

    /// @dev What a verifier does for a signed revocation, from the anchor registry it trusts alone: find the
    /// issuer registry, the signer's fingerprint, the signature in the log and the key valid at revocation time,
    /// and rebuild the signed message (the signature check itself runs off chain).
    function test_signedRevocation_isTracedThroughTheIssuerRegistry() public {
        vm.warp(T0);
        _splitRevoker();
        _registerCivilWithKey();
        bytes memory signature = hex"3006020101020101";
        vm.warp(T0 + 1 days);
        vm.recordLogs();
        vm.prank(REVOKER);
        registry.revokeSigned(LEAF, 4, bytes32(0), TestKeys.P256_A_FINGERPRINT, signature);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        IIssuerRegistry found = IIssuerRegistry(registry.issuerRegistry());
        assertEq(address(found), address(issuers), "issuerRegistry");
        bytes32 fingerprint = registry.revocationSignerOf(LEAF);
        (, uint64 revokedAt,,) = registry.revocationOf(LEAF);
        (bool valid, uint8 algorithm) = found.keyAt(CIVIL, fingerprint, revokedAt);
        assertTrue(valid, "key valid at revocation time");
        assertEq(algorithm, TestKeys.ECDSA_P256, "algorithm");
        (, bytes memory spki,,,,,) = found.key(CIVIL, fingerprint);
        assertEq(sha256(spki), fingerprint, "key bytes match the fingerprint");
        (bool registered, bool active) = found.departmentAt(CIVIL, revokedAt);
        assertTrue(registered && active, "department in good standing");

        assertEq(logs.length, 2, "events");
        assertEq(logs[1].topics[0], IAnchorRegistry.DocumentRevocationSigned.selector, "signed event");
        assertEq(logs[1].topics[2], fingerprint, "event key");
        assertEq(abi.decode(logs[1].data, (bytes)), signature, "event signature");
        assertEq(
            registry.revocationMessage(CIVIL, LEAF, 4, bytes32(0)),
            bytes(
                string.concat(
                    "anchor-gateway/v1/revocation\nCIVIL\n",
                    vm.toString(LEAF),
                    "\n4\n0x0000000000000000000000000000000000000000000000000000000000000000"
                )
            ),
            "signed message"
        );
    }

    function _splitRevoker() internal {
        bytes32 revoker = registry.REVOKER_ROLE();
        vm.startPrank(ADMIN);
        registry.revokeRole(revoker, ANCHORER);
        registry.grantRole(revoker, REVOKER);
        vm.stopPrank();
    }

    function _registerCivilWithKey() internal {
        vm.startPrank(ISSUER_ADMIN);
        issuers.registerDepartment(CIVIL, unicode"民政局", "Civil Affairs Bureau");
        issuers.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, uint64(block.timestamp));
        vm.stopPrank();
    }

    function _expectRefused(address caller, bytes memory callData, bytes32 role) internal {
        vm.prank(caller);
        (bool success, bytes memory returnData) = address(registry).call(callData);
        assertFalse(success, "call succeeded");
        assertEq(
            returnData,
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role),
            "revert data"
        );
    }
}
