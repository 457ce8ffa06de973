// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IIssuerRegistry} from "../src/IIssuerRegistry.sol";
import {IssuerRegistry} from "../src/IssuerRegistry.sol";
import {IssuerRegistryHandler} from "./handlers/IssuerRegistryHandler.sol";
import {IssuerRegistryReplica} from "./handlers/IssuerRegistryReplica.sol";
import {Test} from "./utils/Test.sol";
import {TestKeys} from "./utils/TestKeys.sol";
import {Vm} from "./utils/Vm.sol";

/// @notice Unit and fuzz tests of {IssuerRegistry}.
contract IssuerRegistryTest is Test {
    uint48 internal constant ADMIN_DELAY = 3 days;
    address internal constant ADMIN = address(0xAD);
    address internal constant ISSUER_ADMIN = address(0x1A);
    address internal constant STRANGER = address(0x5E);
    uint64 internal constant T0 = 1_700_000_000;
    string internal constant CIVIL = "CIVIL";
    string internal constant EDU = "EDU";
    string internal constant NAME_ZH = unicode"民政局";
    string internal constant NAME_EN = "Civil Affairs Bureau";
    uint8 internal constant SUPERSEDED = 1;
    uint8 internal constant COMPROMISED = 2;
    uint256 internal constant MAX_FUZZ_STEPS = 6;

    IssuerRegistry internal registry;

    function setUp() public {
        registry = new IssuerRegistry(ADMIN_DELAY, ADMIN, ISSUER_ADMIN);
    }

    // ---------------------------------------------------------------- construction

    function test_constructor_setsAdminAndIssuerAdmin() public view {
        assertEq(registry.defaultAdmin(), ADMIN, "default admin");
        assertEq(registry.defaultAdminDelay(), ADMIN_DELAY, "admin delay");
        assertEq(registry.ISSUER_ADMIN_ROLE(), keccak256("ISSUER_ADMIN_ROLE"), "role id");
        assertTrue(registry.hasRole(registry.ISSUER_ADMIN_ROLE(), ISSUER_ADMIN), "issuer admin role");
        assertFalse(registry.hasRole(registry.ISSUER_ADMIN_ROLE(), ADMIN), "default admin is no issuer admin");
        assertEq(registry.departmentCodes().length, 0, "departments");
    }

    function test_constructor_grantsNoIssuerAdminRoleForZeroAddress() public {
        IssuerRegistry nobody = new IssuerRegistry(ADMIN_DELAY, ADMIN, address(0));
        assertFalse(nobody.hasRole(nobody.ISSUER_ADMIN_ROLE(), address(0)), "zero address holds role");
    }

    function test_supportsInterface_reportsIIssuerRegistry() public view {
        assertTrue(registry.supportsInterface(type(IIssuerRegistry).interfaceId), "IIssuerRegistry");
        assertTrue(registry.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertTrue(
            registry.supportsInterface(type(IAccessControlDefaultAdminRules).interfaceId),
            "IAccessControlDefaultAdminRules"
        );
        assertTrue(registry.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertFalse(registry.supportsInterface(0xffffffff), "0xffffffff");
    }

    // ---------------------------------------------------------------- registerDepartment

    function test_registerDepartment_storesDepartment() public {
        vm.warp(T0);
        vm.prank(ISSUER_ADMIN);
        registry.registerDepartment(CIVIL, NAME_ZH, NAME_EN);

        (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt, bool active) =
            registry.department(CIVIL);
        assertTrue(registered, "registered");
        assertEq(nameZh, NAME_ZH, "nameZh");
        assertEq(nameEn, NAME_EN, "nameEn");
        assertEq(registeredAt, T0, "registeredAt");
        assertTrue(active, "active");
        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        assertEq(actives.length, 1, "history length");
        assertTrue(actives[0], "first entry active");
        assertEq(froms[0], T0, "first entry from");
        assertEq(registry.departmentCodes().length, 1, "departmentCodes length");
        assertEq(registry.departmentCodes()[0], CIVIL, "departmentCodes[0]");
    }

    function test_registerDepartment_emitsDepartmentRegistered() public {
        vm.warp(T0);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.registerDepartment(CIVIL, NAME_ZH, NAME_EN);
        _assertOnlyLog(
            IIssuerRegistry.DepartmentRegistered.selector,
            _id(CIVIL),
            bytes32(0),
            abi.encode(CIVIL, NAME_ZH, NAME_EN, T0)
        );
    }

    function test_registerDepartment_acceptsBoundaryCodesAndNames() public {
        string[5] memory codes = ["A", "0", "9-", "TAX-2026", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"];
        string memory longName = _repeat(unicode"局", 66); // 198 bytes
        string memory name200 = string.concat(longName, "ab");
        assertEq(bytes(name200).length, 200, "name length");
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < codes.length; i++) {
            registry.registerDepartment(codes[i], name200, "x");
            (bool registered,,,,) = registry.department(codes[i]);
            assertTrue(registered, codes[i]);
        }
        vm.stopPrank();
        assertEq(registry.departmentCodes().length, codes.length, "departmentCodes length");
        for (uint256 i = 0; i < codes.length; i++) {
            assertEq(registry.departmentCodes()[i], codes[i], "registration order");
        }
    }

    function test_RevertWhen_departmentCodeIsInvalid() public {
        string[9] memory codes = [
            "",
            "-CIVIL",
            "civil",
            "CIVIL ",
            "CIVIL_2",
            "CIVIL.GOV",
            unicode"民政",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456",
            "CIVIL\n"
        ];
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < codes.length; i++) {
            vm.expectRevert(
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentCode.selector, codes[i])
            );
            registry.registerDepartment(codes[i], NAME_ZH, NAME_EN);
        }
        vm.stopPrank();
        assertEq(registry.departmentCodes().length, 0, "departments registered");
    }

    function test_RevertWhen_departmentNameIsInvalid() public {
        string memory name201 = string.concat(_repeat("n", 200), "n");
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, ""));
        registry.registerDepartment(CIVIL, "", NAME_EN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, ""));
        registry.registerDepartment(CIVIL, NAME_ZH, "");
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, name201));
        registry.registerDepartment(CIVIL, name201, NAME_EN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, name201));
        registry.registerDepartment(CIVIL, NAME_ZH, name201);
        vm.stopPrank();
        (bool registered,,,,) = registry.department(CIVIL);
        assertFalse(registered, "registered");
    }

    function test_RevertWhen_departmentAlreadyRegistered() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.warp(T0 + 1 days);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentAlreadyRegistered.selector, CIVIL)
        );
        registry.registerDepartment(CIVIL, "other", "other");
        (,, string memory nameEn, uint64 registeredAt,) = registry.department(CIVIL);
        assertEq(nameEn, NAME_EN, "first registration's name");
        assertEq(registeredAt, T0, "first registration's time");
        assertEq(registry.departmentCodes().length, 1, "departmentCodes length");
    }

    function testFuzz_registerDepartment_validatesCode(bytes memory raw) public {
        string memory code = string(raw);
        vm.prank(ISSUER_ADMIN);
        if (!_isCodeReference(raw)) {
            vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentCode.selector, code));
        }
        registry.registerDepartment(code, NAME_ZH, NAME_EN);
        (bool registered,,,,) = registry.department(code);
        assertEq(registered, _isCodeReference(raw), "registered iff well-formed");
    }

    /// @dev Random bytes are almost never well-formed: this builds well-formed codes, then breaks one byte.
    function testFuzz_registerDepartment_acceptsWellFormedCodesOnly(bytes32 seed, uint8 length, uint8 at, bytes1 bad)
        public
    {
        bytes memory raw = _token(seed, bound(length, 1, 32), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
        assertTrue(_isCodeReference(raw), "generator");
        vm.prank(ISSUER_ADMIN);
        registry.registerDepartment(string(raw), NAME_ZH, NAME_EN);

        uint256 index = bound(at, 0, raw.length - 1);
        raw[index] = bad;
        if (_isCodeReference(raw)) return; // the replacement happened to be allowed
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentCode.selector, string(raw))
        );
        registry.registerDepartment(string(raw), NAME_ZH, NAME_EN);
    }

    // ---------------------------------------------------------------- renameDepartment

    function test_renameDepartment_replacesNamesAndEmitsDepartmentRenamed() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.warp(T0 + 10);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.renameDepartment(CIVIL, unicode"民政厅", "Department of Civil Affairs");
        _assertOnlyLog(
            IIssuerRegistry.DepartmentRenamed.selector,
            _id(CIVIL),
            bytes32(0),
            abi.encode(CIVIL, unicode"民政厅", "Department of Civil Affairs")
        );

        (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt, bool active) =
            registry.department(CIVIL);
        assertTrue(registered, "registered");
        assertEq(nameZh, unicode"民政厅", "nameZh");
        assertEq(nameEn, "Department of Civil Affairs", "nameEn");
        assertEq(registeredAt, T0, "registeredAt unchanged");
        assertTrue(active, "active");
    }

    function test_RevertWhen_renamingUnknownDepartment() public {
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.renameDepartment(CIVIL, NAME_ZH, NAME_EN);
    }

    function test_RevertWhen_newNameIsInvalid() public {
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, ""));
        registry.renameDepartment(CIVIL, "", NAME_EN);
        string memory name201 = _repeat("n", 201);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, name201));
        registry.renameDepartment(CIVIL, NAME_ZH, name201);
        vm.stopPrank();
        (, string memory nameZh,,,) = registry.department(CIVIL);
        assertEq(nameZh, NAME_ZH, "name unchanged");
    }

    // ---------------------------------------------------------------- suspend and reinstate

    function test_suspendDepartment_appendsEntryAndEmitsDepartmentSuspended() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.warp(T0 + 100);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 100);
        _assertOnlyLog(
            IIssuerRegistry.DepartmentSuspended.selector, _id(CIVIL), bytes32(0), abi.encode(CIVIL, T0 + 100)
        );

        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        assertEq(actives.length, 2, "history length");
        assertFalse(actives[1], "suspended entry");
        assertEq(froms[1], T0 + 100, "suspended from");
        (,,,, bool active) = registry.department(CIVIL);
        assertFalse(active, "active now");
    }

    function test_suspendDepartment_acceptsPastDateDownToRegistration() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.warp(T0 + 30 days);
        vm.prank(ISSUER_ADMIN);
        // Found issuing fraudulently from the start: documents anchored since then no longer count.
        registry.suspendDepartment(CIVIL, T0);

        (bool registered, bool active) = registry.departmentAt(CIVIL, T0);
        assertTrue(registered, "registered at T0");
        assertFalse(active, "active at T0");
        (, active) = registry.departmentAt(CIVIL, T0 + 10 days);
        assertFalse(active, "active in between");
    }

    function test_suspendDepartment_acceptsFutureDate() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 7 days);
        (,,,, bool active) = registry.department(CIVIL);
        assertTrue(active, "active until the suspension starts");
        (, bool later) = registry.departmentAt(CIVIL, T0 + 7 days);
        assertFalse(later, "active from the suspension on");
    }

    function test_RevertWhen_suspensionPrecedesRegistration() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryStatusOutOfOrder.selector, CIVIL, T0 - 1, T0)
        );
        registry.suspendDepartment(CIVIL, T0 - 1);
    }

    function test_RevertWhen_suspensionPrecedesLatestEntry() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 10);
        vm.warp(T0 + 20);
        registry.reinstateDepartment(CIVIL, T0 + 50);
        vm.warp(T0 + 100);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryStatusOutOfOrder.selector, CIVIL, T0 + 49, T0 + 50)
        );
        registry.suspendDepartment(CIVIL, T0 + 49);
        registry.suspendDepartment(CIVIL, T0 + 50);
        vm.stopPrank();
    }

    function test_RevertWhen_departmentAlreadySuspended() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 10);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentAlreadySuspended.selector, CIVIL)
        );
        registry.suspendDepartment(CIVIL, T0 + 20);
        vm.stopPrank();
    }

    function test_reinstateDepartment_appendsEntryAndEmitsDepartmentReinstated() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0);
        vm.warp(T0 + 5 days);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.reinstateDepartment(CIVIL, T0 + 6 days);
        _assertOnlyLog(
            IIssuerRegistry.DepartmentReinstated.selector, _id(CIVIL), bytes32(0), abi.encode(CIVIL, T0 + 6 days)
        );

        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        assertEq(actives.length, 3, "history length");
        assertTrue(actives[2], "reinstated entry");
        assertEq(froms[2], T0 + 6 days, "reinstated from");
        (,,,, bool active) = registry.department(CIVIL);
        assertFalse(active, "still suspended now");
        (, active) = registry.departmentAt(CIVIL, T0 + 6 days);
        assertTrue(active, "active from the reinstatement");
    }

    function test_reinstateDepartment_fromNowTakesEffectAtOnce() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0);
        vm.warp(T0 + 1 days);
        vm.prank(ISSUER_ADMIN);
        registry.reinstateDepartment(CIVIL, T0 + 1 days);
        (,,,, bool active) = registry.department(CIVIL);
        assertTrue(active, "active now");
        (, active) = registry.departmentAt(CIVIL, T0 + 1 days - 1);
        assertFalse(active, "suspension stays on record");
    }

    function test_reinstateDepartment_cancelsFutureSuspensionWithSameFrom() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 7 days);
        registry.reinstateDepartment(CIVIL, T0 + 7 days);
        vm.stopPrank();
        (, bool active) = registry.departmentAt(CIVIL, T0 + 7 days);
        assertTrue(active, "later entry with the same from wins");
        (bool[] memory actives,) = registry.statusHistory(CIVIL);
        assertEq(actives.length, 3, "both entries stay in the history");
    }

    function test_RevertWhen_reinstatementIsBackdated() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0);
        vm.warp(T0 + 10 days);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryReinstatementBackdated.selector, CIVIL, T0 + 10 days - 1, T0 + 10 days
            )
        );
        registry.reinstateDepartment(CIVIL, T0 + 10 days - 1);
    }

    function test_RevertWhen_reinstatementPrecedesSuspension() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 100);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryStatusOutOfOrder.selector, CIVIL, T0 + 99, T0 + 100)
        );
        registry.reinstateDepartment(CIVIL, T0 + 99);
        vm.stopPrank();
    }

    function test_RevertWhen_reinstatingActiveDepartment() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentNotSuspended.selector, CIVIL));
        registry.reinstateDepartment(CIVIL, T0 + 1);
    }

    function test_RevertWhen_statusChangeNamesUnknownDepartment() public {
        vm.warp(T0);
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.suspendDepartment(CIVIL, T0);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.reinstateDepartment(CIVIL, T0);
        vm.stopPrank();
    }

    function test_departmentAt_followsHistory() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0 + 100);
        registry.reinstateDepartment(CIVIL, T0 + 200);
        registry.suspendDepartment(CIVIL, T0 + 300);
        vm.stopPrank();

        _assertDepartmentAt(CIVIL, 0, false, false);
        _assertDepartmentAt(CIVIL, T0 - 1, false, false);
        _assertDepartmentAt(CIVIL, T0, true, true);
        _assertDepartmentAt(CIVIL, T0 + 99, true, true);
        _assertDepartmentAt(CIVIL, T0 + 100, true, false);
        _assertDepartmentAt(CIVIL, T0 + 199, true, false);
        _assertDepartmentAt(CIVIL, T0 + 200, true, true);
        _assertDepartmentAt(CIVIL, T0 + 299, true, true);
        _assertDepartmentAt(CIVIL, T0 + 300, true, false);
        _assertDepartmentAt(CIVIL, type(uint64).max, true, false);
    }

    function test_views_answerZerosForUnknownDepartment() public view {
        (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt, bool active) =
            registry.department(CIVIL);
        assertFalse(registered, "registered");
        assertEq(nameZh, "", "nameZh");
        assertEq(nameEn, "", "nameEn");
        assertEq(registeredAt, 0, "registeredAt");
        assertFalse(active, "active");
        _assertDepartmentAt(CIVIL, 0, false, false);
        _assertDepartmentAt(CIVIL, type(uint64).max, false, false);
        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        assertEq(actives.length + froms.length, 0, "history");
        assertEq(registry.keysOf(CIVIL).length, 0, "keysOf");
        assertEq(registry.documentTypesOf(CIVIL).length, 0, "documentTypesOf");
        assertFalse(registry.isDocumentTypeAllowed(CIVIL, "birth-certificate"), "isDocumentTypeAllowed");
        (bool valid, uint8 algorithm) = registry.keyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0);
        assertFalse(valid, "keyAt.valid");
        assertEq(algorithm, 0, "keyAt.algorithm");
        // An invalid code is simply unknown to the views.
        (registered,,,,) = registry.department("not a code");
        assertFalse(registered, "invalid code registered");
    }

    /// @dev A random sequence of suspensions and reinstatements, each checked against a slow reference model
    /// (expected error or accepted), then `departmentAt` at fuzzed times against the model's forward scan.
    function testFuzz_departmentAt_matchesReference(
        uint8[MAX_FUZZ_STEPS] memory ops,
        uint32[MAX_FUZZ_STEPS] memory advances,
        int32[MAX_FUZZ_STEPS] memory offsets,
        uint64[8] memory queries
    ) public {
        vm.warp(T0);
        _register(CIVIL);
        StatusModel memory model = _newStatusModel(T0);

        for (uint256 i = 0; i < MAX_FUZZ_STEPS; i++) {
            vm.warp(block.timestamp + advances[i] % 10 days);
            bool suspend = ops[i] % 2 == 0;
            uint64 from = _offset(uint64(block.timestamp), int256(offsets[i]) % 30 days);
            bytes memory expected = _expectedStatusError(model, suspend, from);
            vm.prank(ISSUER_ADMIN);
            if (expected.length != 0) vm.expectRevert(expected);
            if (suspend) registry.suspendDepartment(CIVIL, from);
            else registry.reinstateDepartment(CIVIL, from);
            if (expected.length == 0) _pushStatus(model, !suspend, from);
        }

        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        assertEq(actives.length, model.count, "history length");
        for (uint256 i = 0; i < model.count; i++) {
            assertEq(actives[i], model.active[i], "history active");
            assertEq(froms[i], model.from[i], "history from");
        }
        for (uint256 q = 0; q < queries.length; q++) {
            // Half the queries land next to an entry's time, where off-by-one errors live.
            uint64 time = queries[q];
            if (q % 2 == 0) time = _near(model.from[uint256(time) % model.count], time);
            (bool expectedRegistered, bool expectedActive) = _referenceDepartmentAt(model, time);
            _assertDepartmentAt(CIVIL, time, expectedRegistered, expectedActive);
        }
    }

    // ---------------------------------------------------------------- registerKey

    function test_registerKey_storesKeyUnderVerifiersFingerprint() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
        registry.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, T0 + 1);
        registry.registerKey(CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0 + 2);
        vm.stopPrank();

        bytes32[] memory keys = registry.keysOf(CIVIL);
        assertEq(keys.length, 3, "keysOf length");
        // Fingerprints as vectors.json records them: what the Java and JavaScript verifiers compute.
        assertEq(keys[0], TestKeys.P256_A_FINGERPRINT, "P-256 fingerprint");
        assertEq(keys[1], TestKeys.ED25519_A_FINGERPRINT, "Ed25519 fingerprint");
        assertEq(keys[2], TestKeys.SM2_A_FINGERPRINT, "SM2 fingerprint");

        (
            uint8 algorithm,
            bytes memory spki,
            uint64 validFrom,
            uint64 registeredAt,
            uint8 revocationReason,
            uint64 effectiveAt,
            uint64 revokedAt
        ) = registry.key(CIVIL, TestKeys.ED25519_A_FINGERPRINT);
        assertEq(algorithm, TestKeys.ED25519, "algorithm");
        assertEq(spki, TestKeys.ED25519_A, "spki");
        assertEq(validFrom, T0 + 1, "validFrom");
        assertEq(registeredAt, T0, "registeredAt");
        assertEq(revocationReason, 0, "revocationReason");
        assertEq(effectiveAt, 0, "effectiveAt");
        assertEq(revokedAt, 0, "revokedAt");
    }

    function test_registerKey_emitsKeyRegistered() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0 + 60);
        _assertOnlyLog(
            IIssuerRegistry.KeyRegistered.selector,
            _id(CIVIL),
            TestKeys.SM2_A_FINGERPRINT,
            abi.encode(CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0 + 60, T0)
        );
    }

    function test_registerKey_refusesBackdating() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.warp(T0 + 1 days);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryKeyBackdated.selector, T0 + 1 days - 1, T0 + 1 days)
        );
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0 + 1 days - 1);
        assertEq(registry.keysOf(CIVIL).length, 0, "key registered");
    }

    function test_registerKey_validFromIsInclusive() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0 + 100);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 99, false, TestKeys.ECDSA_P256);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 100, true, TestKeys.ECDSA_P256);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, type(uint64).max, true, TestKeys.ECDSA_P256);
    }

    function test_registerKey_acceptsKeyOfSuspendedDepartment() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.suspendDepartment(CIVIL, T0);
        registry.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, T0);
        vm.stopPrank();
        _assertKeyAt(CIVIL, TestKeys.ED25519_A_FINGERPRINT, T0, true, TestKeys.ED25519);
        _assertDepartmentAt(CIVIL, T0, true, false);
    }

    function test_registerKey_acceptsOneKeyForTwoDepartments() public {
        vm.warp(T0);
        _register(CIVIL);
        _register(EDU);
        vm.startPrank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
        registry.registerKey(EDU, TestKeys.ECDSA_P256, TestKeys.P256_A, T0 + 5);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0);
        vm.stopPrank();
        // The signed message names the department, so the two registrations are independent.
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 5, false, TestKeys.ECDSA_P256);
        _assertKeyAt(EDU, TestKeys.P256_A_FINGERPRINT, T0 + 5, true, TestKeys.ECDSA_P256);
    }

    function test_RevertWhen_keyAlgorithmIsInvalid() public {
        vm.warp(T0);
        _register(CIVIL);
        uint8[3] memory algorithms = [0, 4, 255];
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < algorithms.length; i++) {
            vm.expectRevert(
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyAlgorithm.selector, algorithms[i])
            );
            registry.registerKey(CIVIL, algorithms[i], TestKeys.P256_A, T0);
        }
        vm.stopPrank();
    }

    function test_RevertWhen_spkiIsNotCanonical() public {
        vm.warp(T0);
        _register(CIVIL);
        bytes memory p256 = TestKeys.P256_A;
        // The same P-256 key with its point compressed: valid DER, but not the encoding verifiers fingerprint.
        bytes memory compressed = bytes.concat(
            hex"3039301306072a8648ce3d020106082a8648ce3d030107032200",
            uint8(p256[90]) % 2 == 1 ? bytes1(0x03) : bytes1(0x02),
            _slice(p256, 27, 59)
        );
        // An SM2 key under the algorithm OID id-sm2 instead of id-ecPublicKey (refused by the Java verifier).
        bytes memory sm2Oid =
            bytes.concat(hex"3059301306082a811ccf5501822d06082a811ccf5501822d034200", _slice(TestKeys.SM2_A, 26, 91));
        sm2Oid[1] = 0x5a;
        sm2Oid[3] = 0x14;

        _expectNonCanonical(TestKeys.ECDSA_P256, compressed);
        _expectNonCanonical(TestKeys.ECDSA_P256, _slice(p256, 26, 91)); // the raw point, no SPKI around it
        _expectNonCanonical(TestKeys.ECDSA_P256, _slice(p256, 0, 90)); // truncated
        _expectNonCanonical(TestKeys.ECDSA_P256, bytes.concat(p256, hex"00")); // trailing byte
        _expectNonCanonical(TestKeys.ECDSA_P256, TestKeys.SM2_A); // another curve than the algorithm says
        _expectNonCanonical(TestKeys.SM2, TestKeys.P256_A);
        _expectNonCanonical(TestKeys.SM2, sm2Oid);
        _expectNonCanonical(TestKeys.ED25519, TestKeys.P256_A);
        _expectNonCanonical(TestKeys.ED25519, _slice(TestKeys.ED25519_A, 12, 44)); // the raw 32-byte key
        _expectNonCanonical(TestKeys.ED25519, bytes.concat(TestKeys.ED25519_A, hex"00"));
        _expectNonCanonical(TestKeys.ECDSA_P256, "");
        _expectNonCanonical(TestKeys.ED25519, "");
        bytes memory uncompressedMarker = bytes.concat(p256);
        uncompressedMarker[26] = 0x06; // hybrid point encoding
        _expectNonCanonical(TestKeys.ECDSA_P256, uncompressedMarker);
        assertEq(registry.keysOf(CIVIL).length, 0, "key registered");
    }

    function test_RevertWhen_pointIsNotOnCurve() public {
        vm.warp(T0);
        _register(CIVIL);
        bytes memory flipped = bytes.concat(TestKeys.P256_A);
        flipped[90] ^= 0x01;
        // (p, y) looks like x = 0 to arithmetic modulo p; it must be refused as an unreduced coordinate.
        bytes memory xIsP = bytes.concat(
            _slice(TestKeys.P256_A, 0, 27),
            bytes32(0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff),
            // y = sqrt(b) for x = 0 on P-256 would still need x < p; any y shows the refusal.
            _slice(TestKeys.P256_A, 59, 91)
        );
        bytes memory sm2Flipped = bytes.concat(TestKeys.SM2_A);
        sm2Flipped[60] ^= 0x80;
        _expectNotOnCurve(TestKeys.ECDSA_P256, flipped);
        _expectNotOnCurve(TestKeys.ECDSA_P256, xIsP);
        _expectNotOnCurve(TestKeys.SM2, sm2Flipped);
        // Every fixed key is on its curve.
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < 6; i++) {
            (uint8 algorithm, bytes memory spki) = TestKeys.ecKey(i);
            registry.registerKey(CIVIL, algorithm, spki, T0);
        }
        vm.stopPrank();
    }

    function test_RevertWhen_keyAlreadyRegistered() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryKeyAlreadyRegistered.selector, CIVIL, TestKeys.P256_A_FINGERPRINT
            )
        );
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0 + 1);
        vm.stopPrank();
    }

    function test_RevertWhen_revokedKeyIsRegisteredAgain() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, T0);
        registry.revokeKey(CIVIL, TestKeys.ED25519_A_FINGERPRINT, COMPROMISED, T0);
        vm.warp(T0 + 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryKeyAlreadyRegistered.selector, CIVIL, TestKeys.ED25519_A_FINGERPRINT
            )
        );
        registry.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, T0 + 365 days);
        vm.stopPrank();
        _assertKeyAt(CIVIL, TestKeys.ED25519_A_FINGERPRINT, T0 + 365 days, false, TestKeys.ED25519);
        assertEq(registry.keysOf(CIVIL).length, 1, "keysOf length");
    }

    function test_RevertWhen_keyNamesUnknownDepartment() public {
        vm.warp(T0);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.registerKey(CIVIL, TestKeys.ECDSA_P256, TestKeys.P256_A, T0);
    }

    function testFuzz_registerKey_fingerprintIsSha256OfSpki(bytes32 raw, uint32 delay) public {
        vm.warp(T0);
        _register(CIVIL);
        bytes memory spki = TestKeys.ed25519(raw);
        vm.prank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ED25519, spki, T0 + delay);
        bytes32 fingerprint = registry.keysOf(CIVIL)[0];
        assertEq(fingerprint, sha256(spki), "fingerprint");
        (, bytes memory stored,,,,,) = registry.key(CIVIL, fingerprint);
        assertEq(stored, spki, "spki");
    }

    function testFuzz_RevertWhen_spkiIsArbitraryBytes(bytes memory spki, uint8 algorithm) public {
        algorithm = uint8(bound(algorithm, 1, 3));
        // Arbitrary bytes are canonical only by accident of prefix and length; those cases are covered above.
        vm.assume(spki.length != 44 && spki.length != 91);
        vm.warp(T0);
        _register(CIVIL);
        _expectNonCanonical(algorithm, spki);
    }

    function testFuzz_RevertWhen_ecPointIsRandom(bytes32 x, bytes32 y, bool sm2) public {
        bytes memory spki = bytes.concat(_slice(sm2 ? TestKeys.SM2_A : TestKeys.P256_A, 0, 27), x, y);
        uint8 algorithm = sm2 ? TestKeys.SM2 : TestKeys.ECDSA_P256;
        vm.warp(T0);
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        if (!_isOnCurveReference(uint256(x), uint256(y), sm2)) {
            vm.expectRevert(
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryKeyNotOnCurve.selector, algorithm, spki)
            );
        }
        registry.registerKey(CIVIL, algorithm, spki, T0);
    }

    // ---------------------------------------------------------------- revokeKey

    function test_revokeKey_supersededFromNowOrLater() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.warp(T0 + 10 days);
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 11 days);

        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 11 days - 1, true, TestKeys.ECDSA_P256);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 11 days, false, TestKeys.ECDSA_P256);
        (,,,, uint8 reason, uint64 effectiveAt, uint64 revokedAt) = registry.key(CIVIL, TestKeys.P256_A_FINGERPRINT);
        assertEq(reason, SUPERSEDED, "reason");
        assertEq(effectiveAt, T0 + 11 days, "effectiveAt");
        assertEq(revokedAt, T0 + 10 days, "revokedAt");
    }

    function test_revokeKey_emitsKeyRevoked() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.warp(T0 + 3 days);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 1 days);
        _assertOnlyLog(
            IIssuerRegistry.KeyRevoked.selector,
            _id(CIVIL),
            TestKeys.P256_A_FINGERPRINT,
            abi.encode(CIVIL, COMPROMISED, T0 + 1 days, T0 + 3 days)
        );
    }

    function test_revokeKey_compromisedMayBeBackdatedToValidFrom() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0 + 5);
        vm.warp(T0 + 30 days);
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 5);
        for (uint64 t = T0; t <= T0 + 10; t++) {
            _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, t, false, TestKeys.ECDSA_P256);
        }
    }

    function test_revokeKey_marksSupersededKeyCompromisedEarlier() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.warp(T0 + 10 days);
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 10 days);
        vm.warp(T0 + 20 days);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 4 days);
        _assertOnlyLog(
            IIssuerRegistry.KeyRevoked.selector,
            _id(CIVIL),
            TestKeys.P256_A_FINGERPRINT,
            abi.encode(CIVIL, COMPROMISED, T0 + 4 days, T0 + 20 days)
        );

        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 4 days - 1, true, TestKeys.ECDSA_P256);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 4 days, false, TestKeys.ECDSA_P256);
        (,,,, uint8 reason, uint64 effectiveAt, uint64 revokedAt) = registry.key(CIVIL, TestKeys.P256_A_FINGERPRINT);
        assertEq(reason, COMPROMISED, "reason");
        assertEq(effectiveAt, T0 + 4 days, "effectiveAt");
        assertEq(revokedAt, T0 + 20 days, "revokedAt");
    }

    function test_revokeKey_marksSupersededKeyCompromisedAtSameTime() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.startPrank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 1 days);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 1 days);
        vm.stopPrank();
        (,,,, uint8 reason, uint64 effectiveAt,) = registry.key(CIVIL, TestKeys.P256_A_FINGERPRINT);
        assertEq(reason, COMPROMISED, "reason");
        assertEq(effectiveAt, T0 + 1 days, "effectiveAt");
    }

    function test_revokeKey_supersededBeforeValidFromWithdrawsKey() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0 + 30 days);
        vm.prank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 1 days);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 30 days, false, TestKeys.ECDSA_P256);
        _assertKeyAt(CIVIL, TestKeys.P256_A_FINGERPRINT, T0 + 1 days - 1, false, TestKeys.ECDSA_P256);
    }

    function test_RevertWhen_supersessionIsBackdated() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.warp(T0 + 2 days);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistrySupersessionBackdated.selector, T0 + 2 days - 1, T0 + 2 days
            )
        );
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 2 days - 1);
    }

    function test_RevertWhen_compromiseIsDatedBeforeValidFrom() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0 + 100);
        vm.warp(T0 + 200);
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryRevocationBeforeValidFrom.selector, T0 + 99, T0 + 100)
        );
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 99);
    }

    function test_RevertWhen_keyRevocationReasonIsInvalid() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        uint8[3] memory reasons = [0, 3, 255];
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < reasons.length; i++) {
            vm.expectRevert(
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyRevocationReason.selector, reasons[i])
            );
            registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, reasons[i], T0 + 1);
        }
        vm.stopPrank();
    }

    function test_RevertWhen_revokedKeyIsUnknown() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        _register(EDU);
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, "TAX"));
        registry.revokeKey("TAX", TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0);
        // Registered for CIVIL, not for EDU: a department cannot revoke another's key.
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownKey.selector, EDU, TestKeys.P256_A_FINGERPRINT)
        );
        registry.revokeKey(EDU, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownKey.selector, CIVIL, TestKeys.SM2_A_FINGERPRINT)
        );
        registry.revokeKey(CIVIL, TestKeys.SM2_A_FINGERPRINT, COMPROMISED, T0);
        vm.stopPrank();
    }

    function test_RevertWhen_keyAlreadyRevoked() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.startPrank(ISSUER_ADMIN);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 10);
        // Superseded again: final.
        vm.expectRevert(_alreadyRevoked(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 10));
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 5);
        // Compromised later than the supersession would extend validity.
        vm.expectRevert(_alreadyRevoked(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 10));
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 11);
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 3);
        // Compromised: final, even earlier.
        vm.expectRevert(_alreadyRevoked(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 3));
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 1);
        vm.expectRevert(_alreadyRevoked(CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0 + 3));
        registry.revokeKey(CIVIL, TestKeys.P256_A_FINGERPRINT, SUPERSEDED, T0 + 1);
        vm.stopPrank();
        (,,,, uint8 reason, uint64 effectiveAt,) = registry.key(CIVIL, TestKeys.P256_A_FINGERPRINT);
        assertEq(reason, COMPROMISED, "reason");
        assertEq(effectiveAt, T0 + 3, "effectiveAt");
    }

    function test_key_answersZerosForUnknownKey() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        (
            uint8 algorithm,
            bytes memory spki,
            uint64 validFrom,
            uint64 registeredAt,
            uint8 revocationReason,
            uint64 effectiveAt,
            uint64 revokedAt
        ) = registry.key(EDU, TestKeys.P256_A_FINGERPRINT);
        assertEq(algorithm, 0, "algorithm");
        assertEq(spki.length, 0, "spki");
        assertEq(uint256(validFrom) + registeredAt + revocationReason + effectiveAt + revokedAt, 0, "times");
        _assertKeyAt(CIVIL, bytes32(0), T0, false, 0);
    }

    function test_keysOf_listsEveryKeyInRegistrationOrder() public {
        vm.warp(T0);
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < 6; i++) {
            (uint8 algorithm, bytes memory spki) = TestKeys.ecKey(i);
            registry.registerKey(CIVIL, algorithm, spki, T0);
            if (i % 2 == 0) registry.revokeKey(CIVIL, sha256(spki), COMPROMISED, T0);
        }
        vm.stopPrank();
        bytes32[] memory keys = registry.keysOf(CIVIL);
        assertEq(keys.length, 6, "keysOf length");
        for (uint256 i = 0; i < 6; i++) {
            (, bytes memory spki) = TestKeys.ecKey(i);
            assertEq(keys[i], sha256(spki), "keysOf order");
        }
    }

    /// @dev A key, then fuzzed revocations each checked against a slow reference model (expected error or
    /// accepted, keeping every accepted revocation), then `keyAt` at fuzzed times against "registered,
    /// validFrom <= t, and t before the effective time of every revocation".
    function testFuzz_keyAt_matchesReference(
        uint32 validDelay,
        uint8[MAX_FUZZ_STEPS] memory reasons,
        uint32[MAX_FUZZ_STEPS] memory advances,
        int32[MAX_FUZZ_STEPS] memory offsets,
        uint64[8] memory queries
    ) public {
        vm.warp(T0);
        _register(CIVIL);
        KeyModel memory model = _newKeyModel(T0 + validDelay % 30 days);
        vm.prank(ISSUER_ADMIN);
        registry.registerKey(CIVIL, TestKeys.ED25519, TestKeys.ED25519_A, model.validFrom);

        for (uint256 i = 0; i < MAX_FUZZ_STEPS; i++) {
            vm.warp(block.timestamp + advances[i] % 10 days);
            // Reasons 1 and 2 mostly, and sometimes an invalid one.
            uint8 reason = reasons[i] % 8 == 7 ? reasons[i] : 1 + reasons[i] % 2;
            uint64 effectiveAt = _offset(uint64(block.timestamp), int256(offsets[i]) % 30 days);
            bytes memory expected = _expectedKeyRevocationError(model, reason, effectiveAt);
            vm.prank(ISSUER_ADMIN);
            if (expected.length != 0) vm.expectRevert(expected);
            registry.revokeKey(CIVIL, TestKeys.ED25519_A_FINGERPRINT, reason, effectiveAt);
            if (expected.length == 0) _pushRevocation(model, reason, effectiveAt);
        }

        for (uint256 q = 0; q < queries.length; q++) {
            uint64 time = queries[q];
            if (q % 2 == 0) {
                // Next to validFrom or to an effective time.
                uint64 anchor = model.count == 0 || time % 3 == 0
                    ? model.validFrom
                    : model.effectiveAt[uint256(time) % model.count];
                time = _near(anchor, time);
            }
            _assertKeyAt(CIVIL, TestKeys.ED25519_A_FINGERPRINT, time, _referenceKeyAt(model, time), TestKeys.ED25519);
        }
    }

    // ---------------------------------------------------------------- document types

    function test_allowDocumentType_addsTypeAndEmitsDocumentTypeAllowed() public {
        _register(CIVIL);
        vm.recordLogs();
        vm.prank(ISSUER_ADMIN);
        registry.allowDocumentType(CIVIL, "birth-certificate");
        _assertOnlyLog(
            IIssuerRegistry.DocumentTypeAllowed.selector, _id(CIVIL), bytes32(0), abi.encode(CIVIL, "birth-certificate")
        );
        assertTrue(registry.isDocumentTypeAllowed(CIVIL, "birth-certificate"), "allowed");
        assertFalse(registry.isDocumentTypeAllowed(EDU, "birth-certificate"), "allowed for another department");
        string[] memory types = registry.documentTypesOf(CIVIL);
        assertEq(types.length, 1, "documentTypesOf length");
        assertEq(types[0], "birth-certificate", "documentTypesOf[0]");
    }

    function test_withdrawDocumentType_removesTypeAndEmitsDocumentTypeWithdrawn() public {
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        registry.allowDocumentType(CIVIL, "birth-certificate");
        registry.allowDocumentType(CIVIL, "marriage-certificate");
        registry.allowDocumentType(CIVIL, "death-certificate");
        vm.recordLogs();
        registry.withdrawDocumentType(CIVIL, "birth-certificate");
        vm.stopPrank();
        _assertOnlyLog(
            IIssuerRegistry.DocumentTypeWithdrawn.selector,
            _id(CIVIL),
            bytes32(0),
            abi.encode(CIVIL, "birth-certificate")
        );

        assertFalse(registry.isDocumentTypeAllowed(CIVIL, "birth-certificate"), "withdrawn");
        assertTrue(registry.isDocumentTypeAllowed(CIVIL, "death-certificate"), "moved type");
        string[] memory types = registry.documentTypesOf(CIVIL);
        assertEq(types.length, 2, "documentTypesOf length");
        assertEq(types[0], "death-certificate", "last type takes the withdrawn one's place");
        assertEq(types[1], "marriage-certificate", "documentTypesOf[1]");

        // The moved type's position was updated: withdrawing it and allowing again works.
        vm.startPrank(ISSUER_ADMIN);
        registry.withdrawDocumentType(CIVIL, "death-certificate");
        registry.allowDocumentType(CIVIL, "birth-certificate");
        vm.stopPrank();
        types = registry.documentTypesOf(CIVIL);
        assertEq(types.length, 2, "documentTypesOf length after re-allowing");
        assertEq(types[0], "marriage-certificate", "documentTypesOf[0]");
        assertEq(types[1], "birth-certificate", "documentTypesOf[1]");
    }

    function test_RevertWhen_documentTypeIsInvalid() public {
        _register(CIVIL);
        string[7] memory docTypes =
            ["", "-licence", "Business-licence", "business licence", "business_licence", unicode"许可证", "a.b"];
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < docTypes.length; i++) {
            bytes memory expected =
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDocumentType.selector, docTypes[i]);
            vm.expectRevert(expected);
            registry.allowDocumentType(CIVIL, docTypes[i]);
            vm.expectRevert(expected);
            registry.withdrawDocumentType(CIVIL, docTypes[i]);
        }
        string memory tooLong = _repeat("a", 65);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDocumentType.selector, tooLong));
        registry.allowDocumentType(CIVIL, tooLong);
        registry.allowDocumentType(CIVIL, _repeat("a", 64));
        registry.allowDocumentType(CIVIL, "0");
        vm.stopPrank();
    }

    function test_RevertWhen_documentTypeAlreadyAllowedOrNotAllowed() public {
        _register(CIVIL);
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryDocumentTypeNotAllowed.selector, CIVIL, "business-licence"
            )
        );
        registry.withdrawDocumentType(CIVIL, "business-licence");
        registry.allowDocumentType(CIVIL, "business-licence");
        vm.expectRevert(
            abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryDocumentTypeAlreadyAllowed.selector, CIVIL, "business-licence"
            )
        );
        registry.allowDocumentType(CIVIL, "business-licence");
        vm.stopPrank();
    }

    function test_RevertWhen_documentTypeNamesUnknownDepartment() public {
        vm.startPrank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.allowDocumentType(CIVIL, "business-licence");
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, CIVIL));
        registry.withdrawDocumentType(CIVIL, "business-licence");
        vm.stopPrank();
    }

    function testFuzz_allowDocumentType_validatesDocType(bytes memory raw) public {
        _register(CIVIL);
        vm.prank(ISSUER_ADMIN);
        if (!_isDocTypeReference(raw)) {
            vm.expectRevert(
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDocumentType.selector, string(raw))
            );
        }
        registry.allowDocumentType(CIVIL, string(raw));
        assertEq(registry.isDocumentTypeAllowed(CIVIL, string(raw)), _isDocTypeReference(raw), "allowed iff valid");
    }

    function testFuzz_allowDocumentType_acceptsWellFormedTypesOnly(bytes32 seed, uint8 length, uint8 at, bytes1 bad)
        public
    {
        _register(CIVIL);
        bytes memory raw = _token(seed, bound(length, 1, 64), "abcdefghijklmnopqrstuvwxyz0123456789-");
        assertTrue(_isDocTypeReference(raw), "generator");
        vm.prank(ISSUER_ADMIN);
        registry.allowDocumentType(CIVIL, string(raw));

        raw[bound(at, 0, raw.length - 1)] = bad;
        if (_isDocTypeReference(raw)) return;
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDocumentType.selector, string(raw)));
        registry.allowDocumentType(CIVIL, string(raw));
    }

    /// @dev Allows and withdraws types from a pool of five against a reference set of flags.
    function testFuzz_documentTypesOf_matchesReferenceSet(uint8[12] memory ops) public {
        _register(CIVIL);
        string[5] memory pool = ["a", "birth-certificate", "business-licence", "permit", "z-9"];
        bool[5] memory allowed;
        vm.startPrank(ISSUER_ADMIN);
        for (uint256 i = 0; i < ops.length; i++) {
            uint256 t = ops[i] % 5;
            if (allowed[t]) {
                registry.withdrawDocumentType(CIVIL, pool[t]);
            } else {
                registry.allowDocumentType(CIVIL, pool[t]);
            }
            allowed[t] = !allowed[t];
        }
        vm.stopPrank();

        string[] memory types = registry.documentTypesOf(CIVIL);
        uint256 expectedCount = 0;
        for (uint256 t = 0; t < 5; t++) {
            assertEq(registry.isDocumentTypeAllowed(CIVIL, pool[t]), allowed[t], "isDocumentTypeAllowed");
            if (!allowed[t]) continue;
            expectedCount++;
            uint256 seen = 0;
            for (uint256 j = 0; j < types.length; j++) {
                if (keccak256(bytes(types[j])) == keccak256(bytes(pool[t]))) seen++;
            }
            assertEq(seen, 1, "allowed type listed once");
        }
        assertEq(types.length, expectedCount, "documentTypesOf length");
    }

    // ---------------------------------------------------------------- access control

    function test_RevertWhen_callerLacksIssuerAdminRole() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.prank(ISSUER_ADMIN);
        registry.allowDocumentType(CIVIL, "permit");
        _assertEveryWriteRefused(STRANGER);
    }

    function test_RevertWhen_defaultAdminWritesWithoutIssuerAdminRole() public {
        vm.warp(T0);
        _registerWithKey(CIVIL, T0);
        vm.prank(ISSUER_ADMIN);
        registry.allowDocumentType(CIVIL, "permit");
        _assertEveryWriteRefused(ADMIN);
    }

    function test_grantRole_letsAdminAddAndRemoveIssuerAdmins() public {
        bytes32 role = registry.ISSUER_ADMIN_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(role, STRANGER);
        vm.prank(STRANGER);
        registry.registerDepartment(CIVIL, NAME_ZH, NAME_EN);

        vm.prank(ADMIN);
        registry.revokeRole(role, STRANGER);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        registry.registerDepartment(EDU, NAME_ZH, NAME_EN);
    }

    function test_RevertWhen_issuerAdminGrantsRoles() public {
        bytes32 role = registry.ISSUER_ADMIN_ROLE();
        bytes32 adminRole = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ISSUER_ADMIN, adminRole)
        );
        registry.grantRole(role, STRANGER);
    }

    // ---------------------------------------------------------------- helpers: registry

    function _register(string memory code) internal {
        vm.prank(ISSUER_ADMIN);
        registry.registerDepartment(code, NAME_ZH, NAME_EN);
    }

    function _registerWithKey(string memory code, uint64 validFrom) internal {
        _register(code);
        vm.prank(ISSUER_ADMIN);
        registry.registerKey(code, TestKeys.ECDSA_P256, TestKeys.P256_A, validFrom);
    }

    function _id(string memory code) internal pure returns (bytes32) {
        return keccak256(bytes(code));
    }

    function _assertDepartmentAt(string memory code, uint64 time, bool expectedRegistered, bool expectedActive)
        internal
        view
    {
        (bool registered, bool active) = registry.departmentAt(code, time);
        assertEq(registered, expectedRegistered, "departmentAt.registered");
        assertEq(active, expectedActive, "departmentAt.active");
    }

    function _assertKeyAt(string memory code, bytes32 fingerprint, uint64 time, bool expectedValid, uint8 expectedAlg)
        internal
        view
    {
        (bool valid, uint8 algorithm) = registry.keyAt(code, fingerprint, time);
        assertEq(valid, expectedValid, "keyAt.valid");
        assertEq(algorithm, expectedAlg, "keyAt.algorithm");
    }

    function _expectNonCanonical(uint8 algorithm, bytes memory spki) internal {
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryNonCanonicalSpki.selector, algorithm, spki)
        );
        registry.registerKey(CIVIL, algorithm, spki, uint64(block.timestamp));
    }

    function _expectNotOnCurve(uint8 algorithm, bytes memory spki) internal {
        vm.prank(ISSUER_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryKeyNotOnCurve.selector, algorithm, spki));
        registry.registerKey(CIVIL, algorithm, spki, uint64(block.timestamp));
    }

    function _alreadyRevoked(string memory code, bytes32 fingerprint, uint8 reason, uint64 effectiveAt)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(
            IIssuerRegistry.IssuerRegistryKeyAlreadyRevoked.selector, code, fingerprint, reason, effectiveAt
        );
    }

    /// @dev Asserts that the last call emitted exactly one log, from the registry, with these topics and data
    /// (`topic2` zero means the event has one indexed topic).
    function _assertOnlyLog(bytes32 topic0, bytes32 topic1, bytes32 topic2, bytes memory data) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "log count");
        assertEq(logs[0].emitter, address(registry), "emitter");
        assertEq(logs[0].topics.length, topic2 == bytes32(0) ? 2 : 3, "topic count");
        assertEq(logs[0].topics[0], topic0, "event signature");
        assertEq(logs[0].topics[1], topic1, "topic 1");
        if (topic2 != bytes32(0)) assertEq(logs[0].topics[2], topic2, "topic 2");
        assertEq(logs[0].data, data, "data");
    }

    /// @dev Every write function, called by `caller`, reverts for the missing role and changes nothing.
    function _assertEveryWriteRefused(address caller) internal {
        bytes32 role = registry.ISSUER_ADMIN_ROLE();
        bytes memory refused =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role);
        bytes[9] memory calls = [
            abi.encodeCall(IIssuerRegistry.registerDepartment, (EDU, NAME_ZH, NAME_EN)),
            abi.encodeCall(IIssuerRegistry.renameDepartment, (CIVIL, "x", "y")),
            abi.encodeCall(IIssuerRegistry.suspendDepartment, (CIVIL, T0)),
            abi.encodeCall(IIssuerRegistry.reinstateDepartment, (CIVIL, T0)),
            abi.encodeCall(IIssuerRegistry.registerKey, (CIVIL, TestKeys.SM2, TestKeys.SM2_A, T0)),
            abi.encodeCall(IIssuerRegistry.revokeKey, (CIVIL, TestKeys.P256_A_FINGERPRINT, COMPROMISED, T0)),
            abi.encodeCall(IIssuerRegistry.allowDocumentType, (CIVIL, "licence")),
            abi.encodeCall(IIssuerRegistry.withdrawDocumentType, (CIVIL, "permit")),
            abi.encodeCall(IIssuerRegistry.renameDepartment, (EDU, "x", "y"))
        ];
        bytes32 before = _stateDigest();
        for (uint256 i = 0; i < calls.length; i++) {
            vm.prank(caller);
            (bool success, bytes memory returnData) = address(registry).call(calls[i]);
            assertFalse(success, "unauthorized write succeeded");
            assertEq(returnData, refused, "revert data");
        }
        assertEq(_stateDigest(), before, "state changed");
    }

    function _stateDigest() internal view returns (bytes32) {
        (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt,) = registry.department(CIVIL);
        (bool[] memory actives, uint64[] memory froms) = registry.statusHistory(CIVIL);
        (bool eduRegistered,,,,) = registry.department(EDU);
        bytes memory keyData = abi.encode(registry.keysOf(CIVIL));
        bytes32[] memory keys = registry.keysOf(CIVIL);
        for (uint256 i = 0; i < keys.length; i++) {
            (uint8 a, bytes memory s, uint64 v, uint64 r, uint8 reason, uint64 e, uint64 at) =
                registry.key(CIVIL, keys[i]);
            keyData = abi.encode(keyData, a, s, v, r, reason, e, at);
        }
        return keccak256(
            abi.encode(
                registered,
                nameZh,
                nameEn,
                registeredAt,
                actives,
                froms,
                eduRegistered,
                keyData,
                registry.documentTypesOf(CIVIL),
                registry.departmentCodes()
            )
        );
    }

    // ---------------------------------------------------------------- helpers: reference models

    struct StatusModel {
        uint64 registeredAt;
        uint256 count;
        bool[] active;
        uint64[] from;
    }

    struct KeyModel {
        uint64 validFrom;
        uint256 count;
        uint8[] reason;
        uint64[] effectiveAt;
    }

    function _newStatusModel(uint64 registeredAt) internal pure returns (StatusModel memory model) {
        model.registeredAt = registeredAt;
        model.active = new bool[](MAX_FUZZ_STEPS + 1);
        model.from = new uint64[](MAX_FUZZ_STEPS + 1);
        _pushStatus(model, true, registeredAt);
    }

    function _pushStatus(StatusModel memory model, bool active, uint64 from) internal pure {
        model.active[model.count] = active;
        model.from[model.count] = from;
        model.count++;
    }

    /// @dev The brief's rules, in the order the interface documents the checks.
    function _expectedStatusError(StatusModel memory model, bool suspend, uint64 from)
        internal
        view
        returns (bytes memory)
    {
        bool lastActive = model.active[model.count - 1];
        uint64 lastFrom = model.from[model.count - 1];
        if (suspend) {
            if (!lastActive) {
                return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentAlreadySuspended.selector, CIVIL);
            }
        } else {
            uint64 currentTime = uint64(block.timestamp);
            if (from < currentTime) {
                return abi.encodeWithSelector(
                    IIssuerRegistry.IssuerRegistryReinstatementBackdated.selector, CIVIL, from, currentTime
                );
            }
            if (lastActive) {
                return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentNotSuspended.selector, CIVIL);
            }
        }
        if (from < lastFrom) {
            return
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryStatusOutOfOrder.selector, CIVIL, from, lastFrom);
        }
        return "";
    }

    /// @dev Forward scan: the last entry whose time has come decides.
    function _referenceDepartmentAt(StatusModel memory model, uint64 time)
        internal
        pure
        returns (bool registered, bool active)
    {
        if (time < model.registeredAt) return (false, false);
        for (uint256 i = 0; i < model.count; i++) {
            if (model.from[i] <= time) active = model.active[i];
        }
        return (true, active);
    }

    function _newKeyModel(uint64 validFrom) internal pure returns (KeyModel memory model) {
        model.validFrom = validFrom;
        model.reason = new uint8[](MAX_FUZZ_STEPS);
        model.effectiveAt = new uint64[](MAX_FUZZ_STEPS);
    }

    function _pushRevocation(KeyModel memory model, uint8 reason, uint64 effectiveAt) internal pure {
        model.reason[model.count] = reason;
        model.effectiveAt[model.count] = effectiveAt;
        model.count++;
    }

    function _expectedKeyRevocationError(KeyModel memory model, uint8 reason, uint64 effectiveAt)
        internal
        view
        returns (bytes memory)
    {
        if (reason != SUPERSEDED && reason != COMPROMISED) {
            return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyRevocationReason.selector, reason);
        }
        uint64 currentTime = uint64(block.timestamp);
        if (reason == SUPERSEDED && effectiveAt < currentTime) {
            return abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistrySupersessionBackdated.selector, effectiveAt, currentTime
            );
        }
        if (reason == COMPROMISED && effectiveAt < model.validFrom) {
            return abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryRevocationBeforeValidFrom.selector, effectiveAt, model.validFrom
            );
        }
        if (model.count == 0) return "";
        // Revoked before: only "compromised, not later than every earlier effective time", and only once.
        uint8 lastReason = model.reason[model.count - 1];
        uint64 lastEffectiveAt = model.effectiveAt[model.count - 1];
        bool anyCompromised = false;
        bool notLater = true;
        for (uint256 i = 0; i < model.count; i++) {
            if (model.reason[i] == COMPROMISED) anyCompromised = true;
            if (effectiveAt > model.effectiveAt[i]) notLater = false;
        }
        if (reason == COMPROMISED && !anyCompromised && notLater) return "";
        return _alreadyRevoked(CIVIL, TestKeys.ED25519_A_FINGERPRINT, lastReason, lastEffectiveAt);
    }

    function _referenceKeyAt(KeyModel memory model, uint64 time) internal pure returns (bool) {
        if (time < model.validFrom) return false;
        for (uint256 i = 0; i < model.count; i++) {
            if (time >= model.effectiveAt[i]) return false;
        }
        return true;
    }

    /// @dev Another way to say "1 to 32 bytes of A-Z 0-9 -, not starting with -": by lookup in the alphabet.
    function _isCodeReference(bytes memory raw) internal pure returns (bool) {
        return _inAlphabet(raw, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    }

    function _isDocTypeReference(bytes memory raw) internal pure returns (bool) {
        return _inAlphabet(raw, 64, "abcdefghijklmnopqrstuvwxyz0123456789-");
    }

    function _inAlphabet(bytes memory raw, uint256 maxLength, bytes memory alphabet) internal pure returns (bool) {
        if (raw.length == 0 || raw.length > maxLength || raw[0] == alphabet[alphabet.length - 1]) return false;
        for (uint256 i = 0; i < raw.length; i++) {
            bool found = false;
            for (uint256 j = 0; j < alphabet.length; j++) {
                if (raw[i] == alphabet[j]) found = true;
            }
            if (!found) return false;
        }
        return true;
    }

    /// @dev y^2 == x^3 + a x + b over the integers modulo p, with a and b as the standards print them.
    function _isOnCurveReference(uint256 x, uint256 y, bool sm2) internal pure returns (bool) {
        uint256 p;
        uint256 a;
        uint256 b;
        if (sm2) {
            p = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF;
            a = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC;
            b = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93;
        } else {
            p = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF;
            a = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC;
            b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B;
        }
        if (x >= p || y >= p) return false;
        uint256 x3 = mulmod(mulmod(x, x, p), x, p);
        return mulmod(y, y, p) == addmod(addmod(x3, mulmod(a, x, p), p), b, p);
    }

    // ---------------------------------------------------------------- helpers: bytes and times

    /// @dev `length` bytes from `alphabet` (its last character, `-`, never first), chosen by `seed`.
    function _token(bytes32 seed, uint256 length, bytes memory alphabet) internal pure returns (bytes memory raw) {
        raw = new bytes(length);
        for (uint256 i = 0; i < length; i++) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            raw[i] = alphabet[r % (i == 0 ? alphabet.length - 1 : alphabet.length)];
        }
    }

    function _slice(bytes memory b, uint256 from, uint256 to) internal pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 i = from; i < to; i++) {
            out[i - from] = b[i];
        }
    }

    function _repeat(string memory s, uint256 times) internal pure returns (string memory out) {
        for (uint256 i = 0; i < times; i++) {
            out = string.concat(out, s);
        }
    }

    /// @dev One of `time - 2` to `time + 2`, picked by `selector`, clamped to the uint64 range.
    function _near(uint64 time, uint64 selector) internal pure returns (uint64) {
        uint64 step = selector % 5;
        if (step >= 2) return time > type(uint64).max - (step - 2) ? type(uint64).max : time + (step - 2);
        return time < 2 - step ? 0 : time - (2 - step);
    }

    /// @dev `time + offset`, clamped to the uint64 range.
    function _offset(uint64 time, int256 offset) internal pure returns (uint64) {
        int256 t = int256(uint256(time)) + offset;
        if (t < 0) return 0;
        if (t > int256(uint256(type(uint64).max))) return type(uint64).max;
        // casting to 'uint64' is safe because t was clamped to [0, 2^64 - 1] above
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(uint256(t));
    }
}

/// @notice Invariant tests of {IssuerRegistry}, driven by {IssuerRegistryHandler}.
contract IssuerRegistryInvariantTest is Test {
    address internal constant ADMIN = address(0xAD);
    address internal constant ISSUER_ADMIN = address(0x1A);
    address internal constant ANCHORER = address(0xA1);
    address internal constant REVOKER = address(0xB2);

    IssuerRegistry internal registry;
    IssuerRegistryHandler internal handler;

    function setUp() public {
        registry = new IssuerRegistry(1 days, ADMIN, ISSUER_ADMIN);
        address[] memory outsiders = new address[](3);
        (outsiders[0], outsiders[1], outsiders[2]) = (ADMIN, ANCHORER, REVOKER);
        handler = new IssuerRegistryHandler(registry, ISSUER_ADMIN, outsiders);
        targetContract(address(handler));
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_revokedKeyNeverBecomesValidAgain() public view {
        uint256 count = handler.keyCount();
        for (uint256 k = 0; k < count; k++) {
            IssuerRegistryHandler.KeyModel memory m = handler.keyModel(k);
            if (m.reason == 0) continue;
            string memory code = handler.code(m.department);
            (,,,, uint8 reason, uint64 effectiveAt,) = registry.key(code, m.fingerprint);
            assertTrue(reason != 0, "revocation removed");
            assertTrue(effectiveAt <= m.firstEffectiveAt, "effective time moved later");
            uint64 later = effectiveAt > type(uint64).max - 1 days ? type(uint64).max : effectiveAt + 1 days;
            // Comparing with block.timestamp is the point here: "now" is one of the later times.
            // forge-lint: disable-next-line(block-timestamp)
            uint64 current = uint64(block.timestamp) > effectiveAt ? uint64(block.timestamp) : effectiveAt;
            uint64[5] memory times = [m.firstEffectiveAt, effectiveAt, current, later, type(uint64).max];
            for (uint256 i = 0; i < times.length; i++) {
                (bool valid,) = registry.keyAt(code, m.fingerprint, times[i]);
                assertFalse(valid, "revoked key valid again");
            }
        }
        uint256 observations = handler.observationCount();
        for (uint256 i = 0; i < observations; i++) {
            IssuerRegistryHandler.Observation memory o = handler.observation(i);
            IssuerRegistryHandler.KeyModel memory m = handler.keyModel(o.key);
            (bool valid,) = registry.keyAt(handler.code(m.department), m.fingerprint, o.time);
            assertFalse(valid, "key seen revoked at a time is valid at that time again");
        }
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_statusHistoryTimesNeverDecrease() public view {
        for (uint256 d = 0; d < 4; d++) {
            (bool registered, uint64 registeredAt, bool[] memory modelActive, uint64[] memory modelFrom) =
                handler.departmentModel(d);
            (bool[] memory active, uint64[] memory from) = registry.statusHistory(handler.code(d));
            assertEq(active.length, from.length, "history arrays");
            if (!registered) {
                assertEq(from.length, 0, "history of an unregistered department");
                continue;
            }
            assertTrue(from.length > 0, "empty history");
            assertTrue(active[0], "first entry not active");
            assertEq(from[0], registeredAt, "first entry not at registration");
            for (uint256 i = 1; i < from.length; i++) {
                assertTrue(from[i - 1] <= from[i], "status time decreased");
                assertTrue(active[i] != active[i - 1], "entries do not alternate");
            }
            // Append-only: exactly the entries the accepted calls added, in order.
            assertEq(from.length, modelFrom.length, "history length");
            for (uint256 i = 0; i < from.length; i++) {
                assertEq(active[i], modelActive[i], "history entry rewritten (active)");
                assertEq(from[i], modelFrom[i], "history entry rewritten (from)");
            }
        }
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_fingerprintIsSha256OfSpki() public view {
        uint256 total = 0;
        for (uint256 d = 0; d < 4; d++) {
            string memory code = handler.code(d);
            bytes32[] memory keys = registry.keysOf(code);
            total += keys.length;
            for (uint256 i = 0; i < keys.length; i++) {
                (uint8 algorithm, bytes memory spki,,,,,) = registry.key(code, keys[i]);
                assertTrue(algorithm >= 1 && algorithm <= 3, "algorithm");
                assertEq(sha256(spki), keys[i], "fingerprint is not sha256(spki)");
            }
        }
        assertEq(total, handler.keyCount(), "keys listed");
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_onlyIssuerAdminChangedAnything() public view {
        assertEq(handler.ghostUnauthorizedChanges(), 0, "a call without ISSUER_ADMIN_ROLE changed something");
        // The replica is fed only the events of accepted issuer-admin calls: the registry must hold nothing more.
        _assertRegistryEqualsReplica();
        bytes32 role = registry.ISSUER_ADMIN_ROLE();
        assertTrue(registry.hasRole(role, ISSUER_ADMIN), "issuer admin lost the role");
        assertFalse(registry.hasRole(role, ADMIN), "default admin gained the role");
        assertFalse(registry.hasRole(role, ANCHORER), "anchorer gained the role");
        assertFalse(registry.hasRole(role, REVOKER), "revoker gained the role");
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_eventsRebuildTheRegistry() public view {
        _assertRegistryEqualsReplica();
    }

    function _assertRegistryEqualsReplica() internal view {
        IssuerRegistryReplica replica = handler.replica();
        assertEq(replica.inconsistentEvents(), 0, "inconsistent events");
        assertEq(
            keccak256(abi.encode(replica.departmentCodes())),
            keccak256(abi.encode(registry.departmentCodes())),
            "departmentCodes"
        );
        for (uint256 d = 0; d < 4; d++) {
            string memory code = handler.code(d);
            _assertDepartmentRebuilt(replica, code);
            bytes32[] memory keys = registry.keysOf(code);
            assertEq(keccak256(abi.encode(replica.keysOf(code))), keccak256(abi.encode(keys)), "keysOf");
            for (uint256 i = 0; i < keys.length; i++) {
                _assertKeyRebuilt(replica, code, keys[i]);
            }
            _assertSameSet(replica.documentTypesOf(code), registry.documentTypesOf(code));
        }
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_viewsMatchReferenceModel() public view {
        uint256 count = handler.keyCount();
        for (uint256 k = 0; k < count; k++) {
            IssuerRegistryHandler.KeyModel memory m = handler.keyModel(k);
            // forge-lint: disable-next-line(block-timestamp)
            uint64[7] memory times = [
                m.validFrom - 1,
                m.validFrom,
                m.effectiveAt == 0 ? 0 : m.effectiveAt - 1,
                m.effectiveAt,
                m.firstEffectiveAt,
                uint64(block.timestamp),
                type(uint64).max
            ];
            for (uint256 i = 0; i < times.length; i++) {
                (bool valid, uint8 algorithm) = registry.keyAt(handler.code(m.department), m.fingerprint, times[i]);
                assertEq(valid, handler.referenceKeyAt(k, times[i]), "keyAt differs from the reference");
                assertEq(algorithm, m.algorithm, "keyAt.algorithm");
            }
        }
        for (uint256 d = 0; d < 4; d++) {
            string memory code = handler.code(d);
            (,, bool[] memory active, uint64[] memory from) = handler.departmentModel(d);
            for (uint256 i = 0; i < from.length; i++) {
                for (uint64 delta = 0; delta < 2; delta++) {
                    uint64 time = from[i] + delta == 0 ? 0 : from[i] + delta - 1;
                    (bool registered, bool isActive) = registry.departmentAt(code, time);
                    (bool expectedRegistered, bool expectedActive) = handler.referenceDepartmentAt(d, time);
                    assertEq(registered, expectedRegistered, "departmentAt.registered");
                    assertEq(isActive, expectedActive, "departmentAt.active");
                }
            }
            if (active.length == 0) continue;
            for (uint256 t = 0; t < 3; t++) {
                assertEq(
                    registry.isDocumentTypeAllowed(code, handler.docType(t)), handler.isAllowed(d, t), "document type"
                );
            }
        }
    }

    /// forge-config: default.invariant.depth = 80
    function invariant_callsFollowTheRules() public view {
        assertEq(handler.ghostRejectedValidCalls(), 0, "valid call rejected");
        assertEq(handler.ghostAcceptedInvalidCalls(), 0, "invalid call accepted");
        assertEq(handler.ghostUnexpectedErrors(), 0, "invalid call rejected with the wrong error");
        assertEq(handler.ghostEventCountMismatches(), 0, "accepted call without exactly one event");
    }

    function _assertDepartmentRebuilt(IssuerRegistryReplica replica, string memory code) internal view {
        (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt,) = registry.department(code);
        (bool rRegistered, string memory rNameZh, string memory rNameEn, uint64 rRegisteredAt) =
            replica.department(code);
        assertEq(rRegistered, registered, "registered");
        assertEq(rNameZh, nameZh, "nameZh");
        assertEq(rNameEn, nameEn, "nameEn");
        assertEq(rRegisteredAt, registeredAt, "registeredAt");
        (bool[] memory active, uint64[] memory from) = registry.statusHistory(code);
        (bool[] memory rActive, uint64[] memory rFrom) = replica.statusHistory(code);
        assertEq(keccak256(abi.encode(rActive, rFrom)), keccak256(abi.encode(active, from)), "statusHistory");
    }

    function _assertKeyRebuilt(IssuerRegistryReplica replica, string memory code, bytes32 fingerprint) internal view {
        IssuerRegistryReplica.Key memory r = replica.key(code, fingerprint);
        (
            uint8 algorithm,
            bytes memory spki,
            uint64 validFrom,
            uint64 registeredAt,
            uint8 reason,
            uint64 effectiveAt,
            uint64 revokedAt
        ) = registry.key(code, fingerprint);
        assertEq(
            keccak256(
                abi.encode(
                    r.algorithm, r.spki, r.validFrom, r.registeredAt, r.revocationReason, r.effectiveAt, r.revokedAt
                )
            ),
            keccak256(abi.encode(algorithm, spki, validFrom, registeredAt, reason, effectiveAt, revokedAt)),
            "key"
        );
    }

    function _assertSameSet(string[] memory a, string[] memory b) internal pure {
        assertEq(a.length, b.length, "documentTypesOf length");
        for (uint256 i = 0; i < a.length; i++) {
            bool found = false;
            for (uint256 j = 0; j < b.length; j++) {
                if (keccak256(bytes(a[i])) == keccak256(bytes(b[j]))) found = true;
            }
            assertTrue(found, "documentTypesOf differs");
        }
    }
}

