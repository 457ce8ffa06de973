// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AnchorRegistry} from "../src/AnchorRegistry.sol";
import {IssuerRegistry} from "../src/IssuerRegistry.sol";
import {Test} from "./utils/Test.sol";
import {TestKeys} from "./utils/TestKeys.sol";

/// @notice Gas of every write with typical arguments, one operation per test, recorded as forge gas snapshots.
/// @dev `npm run gas` runs these with `--isolate` (each call its own transaction, so cold storage is charged as
/// on chain) and writes snapshots/IssuerRegistry.json and snapshots/AnchorRegistry.json. The figures are execution
/// gas, without the 21,000 intrinsic cost and the calldata of the transaction. Plain `forge test` runs them as
/// ordinary tests and writes nothing (foundry.toml: gas_snapshot_emit = false).
contract GasTest is Test {
    address internal constant ADMIN = address(0xAD);
    address internal constant GATEWAY = address(0xA1);
    address internal constant ISSUER_ADMIN = address(0x1A);
    uint64 internal constant T0 = 1_700_000_000;
    string internal constant CIVIL = "CIVIL";
    string internal constant NAME_ZH = unicode"民政局";
    string internal constant NAME_EN = "Civil Affairs Bureau";
    bytes32 internal constant LEAF = keccak256("leaf");

    IssuerRegistry internal issuers;
    AnchorRegistry internal registry;

    function setUp() public {
        issuers = new IssuerRegistry(3 days, ADMIN, ISSUER_ADMIN);
        registry = new AnchorRegistry(3 days, ADMIN, GATEWAY, address(issuers));
    }

    // ---------------------------------------------------------------- IssuerRegistry

    function test_gas_registerDepartment() public {
        _asIssuerAdmin();
        issuers.registerDepartment(CIVIL, NAME_ZH, NAME_EN);
        vm.snapshotGasLastCall("IssuerRegistry", "registerDepartment (short names)");
    }

    function test_gas_registerDepartmentWithLongNames() public {
        _asIssuerAdmin();
        issuers.registerDepartment(
            "HAIDIAN-MARKET-REGULATION",
            unicode"北京市海淀区市场监督管理局企业登记注册科",
            "Enterprise Registration Section, Haidian District Administration for Market Regulation, Beijing"
        );
        vm.snapshotGasLastCall("IssuerRegistry", "registerDepartment (57 + 95 byte names)");
    }

    function test_gas_renameDepartment() public {
        _registerCivil();
        _asIssuerAdmin();
        issuers.renameDepartment(CIVIL, unicode"民政厅", "Department of Civil Affairs");
        vm.snapshotGasLastCall("IssuerRegistry", "renameDepartment");
    }

    function test_gas_suspendAndReinstateDepartment() public {
        _registerCivil();
        vm.warp(T0 + 1 days);
        _asIssuerAdmin();
        issuers.suspendDepartment(CIVIL, T0 + 1 hours);
        vm.snapshotGasLastCall("IssuerRegistry", "suspendDepartment");
        _asIssuerAdmin();
        issuers.reinstateDepartment(CIVIL, T0 + 2 days);
        vm.snapshotGasLastCall("IssuerRegistry", "reinstateDepartment");
    }

    function test_gas_registerKey() public {
        _registerCivil();
        _asIssuerAdmin();
        issuers.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
        vm.snapshotGasLastCall("IssuerRegistry", "registerKey (ECDSA P-256, 91-byte SPKI)");
        _asIssuerAdmin();
        issuers.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, T0);
        vm.snapshotGasLastCall("IssuerRegistry", "registerKey (Ed25519, 44-byte SPKI)");
        _asIssuerAdmin();
        issuers.registerKey(CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0);
        vm.snapshotGasLastCall("IssuerRegistry", "registerKey (SM2, 91-byte SPKI)");
    }

    function test_gas_revokeKey() public {
        _registerCivil();
        _asIssuerAdmin();
        issuers.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
        _asIssuerAdmin();
        issuers.registerKey(CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0);
        vm.warp(T0 + 10 days);
        _asIssuerAdmin();
        issuers.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, 1, T0 + 11 days);
        vm.snapshotGasLastCall("IssuerRegistry", "revokeKey (superseded)");
        _asIssuerAdmin();
        issuers.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, 2, T0 + 5 days);
        vm.snapshotGasLastCall("IssuerRegistry", "revokeKey (superseded key marked compromised)");
        _asIssuerAdmin();
        issuers.revokeKey(CIVIL, TestKeys.SM2_A_FINGERPRINT, 2, T0 + 1 days);
        vm.snapshotGasLastCall("IssuerRegistry", "revokeKey (compromised, backdated)");
    }

    function test_gas_allowAndWithdrawDocumentType() public {
        _registerCivil();
        _asIssuerAdmin();
        issuers.allowDocumentType(CIVIL, "birth-certificate");
        vm.snapshotGasLastCall("IssuerRegistry", "allowDocumentType");
        _asIssuerAdmin();
        issuers.allowDocumentType(CIVIL, "marriage-certificate");
        _asIssuerAdmin();
        issuers.withdrawDocumentType(CIVIL, "birth-certificate");
        vm.snapshotGasLastCall("IssuerRegistry", "withdrawDocumentType (last one moved)");
        _asIssuerAdmin();
        issuers.withdrawDocumentType(CIVIL, "marriage-certificate");
        vm.snapshotGasLastCall("IssuerRegistry", "withdrawDocumentType (last one)");
    }

    // ---------------------------------------------------------------- AnchorRegistry

    function test_gas_anchor() public {
        vm.prank(GATEWAY);
        registry.anchor(1, keccak256("root-1"), 1000);
        vm.snapshotGasLastCall("AnchorRegistry", "anchor (first batch)");
        vm.prank(GATEWAY);
        registry.anchor(2, keccak256("root-2"), 1000);
        vm.snapshotGasLastCall("AnchorRegistry", "anchor (next batch)");
    }

    function test_gas_revoke() public {
        vm.prank(GATEWAY);
        registry.revoke(LEAF, 4, bytes32(0));
        vm.snapshotGasLastCall("AnchorRegistry", "revoke");
        vm.prank(GATEWAY);
        registry.revoke(LEAF, 4, bytes32(0));
        vm.snapshotGasLastCall("AnchorRegistry", "revoke (retry, no change)");
    }

    function test_gas_revokeSigned() public {
        bytes memory der = new bytes(71);
        vm.prank(GATEWAY);
        registry.revokeSigned(LEAF, 1, keccak256("next"), TestKeys.P256_A_FINGERPRINT, der);
        vm.snapshotGasLastCall("AnchorRegistry", "revokeSigned (71-byte DER signature, with replacement)");
        vm.prank(GATEWAY);
        registry.revokeSigned(keccak256("leaf-2"), 4, bytes32(0), TestKeys.ED25519_A_FINGERPRINT, new bytes(64));
        vm.snapshotGasLastCall("AnchorRegistry", "revokeSigned (64-byte Ed25519 signature)");
    }

    function test_gas_revokeBatches() public {
        uint256 n = 10;
        bytes32[] memory leaves = new bytes32[](n);
        bytes32[] memory signedLeaves = new bytes32[](n);
        uint8[] memory reasons = new uint8[](n);
        bytes32[] memory keys = new bytes32[](n);
        bytes[] memory signatures = new bytes[](n);
        for (uint256 i = 0; i < n; i++) {
            (leaves[i], signedLeaves[i]) = (keccak256(abi.encode("leaf", i)), keccak256(abi.encode("signed", i)));
            (reasons[i], keys[i], signatures[i]) = (4, TestKeys.P256_A_FINGERPRINT, new bytes(71));
        }
        vm.prank(GATEWAY);
        registry.revokeBatch(leaves, reasons, new bytes32[](n));
        vm.snapshotGasLastCall("AnchorRegistry", "revokeBatch (10 leaves)");
        vm.prank(GATEWAY);
        registry.revokeSignedBatch(signedLeaves, reasons, new bytes32[](n), keys, signatures);
        vm.snapshotGasLastCall("AnchorRegistry", "revokeSignedBatch (10 leaves, 71-byte signatures)");
    }

    function _registerCivil() internal {
        vm.warp(T0);
        _asIssuerAdmin();
        issuers.registerDepartment(CIVIL, NAME_ZH, NAME_EN);
    }

    function _asIssuerAdmin() internal {
        vm.prank(ISSUER_ADMIN);
    }
}
