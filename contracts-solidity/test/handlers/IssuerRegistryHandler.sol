// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IIssuerRegistry} from "../../src/IIssuerRegistry.sol";
import {IssuerRegistry} from "../../src/IssuerRegistry.sol";
import {TestKeys} from "../utils/TestKeys.sol";
import {VM_ADDRESS, Vm} from "../utils/Vm.sol";
import {IssuerRegistryReplica} from "./IssuerRegistryReplica.sol";

/// @notice Invariant-test handler: drives an {IssuerRegistry} with valid, invalid and unauthorized writes over a
/// small pool of departments, keys and document types, and keeps a model of what the registry should hold.
/// @dev Whether a call must succeed, and otherwise with which error, is decided from the model, never from the
/// registry; a disagreement is counted in a ghost variable that an invariant requires to stay zero. Every log of
/// an accepted issuer-admin call, and nothing else, is fed to an {IssuerRegistryReplica}, so a registry equal to the
/// replica holds exactly what the issuer admin's calls announced; unauthorized calls must also change no view and
/// emit nothing.
contract IssuerRegistryHandler {
    struct DepartmentModel {
        bool registered;
        uint64 registeredAt;
        bool[] active;
        uint64[] from;
        mapping(uint256 docType => bool) allowed;
    }

    struct KeyModel {
        uint256 department;
        bytes32 fingerprint;
        uint8 algorithm;
        uint64 validFrom;
        uint8 reason;
        uint64 effectiveAt;
        uint64 firstEffectiveAt;
    }

    /// @dev A time at which a key was seen invalid although `validFrom <= time`: it must stay invalid for ever.
    struct Observation {
        uint256 key;
        uint64 time;
    }

    Vm internal constant vm = Vm(VM_ADDRESS);
    uint8 internal constant SUPERSEDED = 1;
    uint8 internal constant COMPROMISED = 2;
    uint256 internal constant DEPARTMENT_COUNT = 4;
    uint256 internal constant DOCUMENT_TYPE_COUNT = 3;
    int256 internal constant MAX_OFFSET = 30 days;

    IssuerRegistry public immutable registry;
    IssuerRegistryReplica public immutable replica;
    address public immutable issuerAdmin;
    address[] private _outsiders;

    string[DEPARTMENT_COUNT] private _codes = ["CIVIL", "EDU", "TAX-2", "9"];
    string[DOCUMENT_TYPE_COUNT] private _docTypes = ["birth-certificate", "business-licence", "permit"];
    mapping(uint256 department => DepartmentModel) private _departments;
    KeyModel[] private _keys;
    mapping(uint256 department => mapping(bytes32 fingerprint => uint256 position)) private _keyPositions;
    Observation[] private _observations;

    /// @notice Calls the model deems valid that the registry rejected; must stay zero.
    uint256 public ghostRejectedValidCalls;
    /// @notice Invalid calls the registry accepted; must stay zero.
    uint256 public ghostAcceptedInvalidCalls;
    /// @notice Invalid calls rejected with another error than the model expects; must stay zero.
    uint256 public ghostUnexpectedErrors;
    /// @notice Accepted calls that did not emit exactly one registry event; must stay zero.
    uint256 public ghostEventCountMismatches;
    /// @notice Calls without `ISSUER_ADMIN_ROLE` that succeeded, emitted an event or changed a view; must stay zero.
    uint256 public ghostUnauthorizedChanges;
    /// @notice Calls by each kind, to see that a run exercised them.
    mapping(bytes4 selector => uint256) public accepted;

    constructor(IssuerRegistry registry_, address issuerAdmin_, address[] memory outsiders_) {
        registry = registry_;
        issuerAdmin = issuerAdmin_;
        _outsiders = outsiders_;
        replica = new IssuerRegistryReplica();
    }

    // ------------------------------------------------------------------------------------------------ actions

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + seconds_ % 10 days);
    }

    function registerDepartment(uint256 d, bytes32 seed) external {
        d %= DEPARTMENT_COUNT;
        DepartmentModel storage m = _departments[d];
        bytes memory expected = m.registered
            ? abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentAlreadyRegistered.selector, _codes[d])
            : bytes("");
        bool ok =
            _call(abi.encodeCall(IIssuerRegistry.registerDepartment, (_codes[d], _name(seed), _name(~seed))), expected);
        if (ok && expected.length == 0) {
            m.registered = true;
            m.registeredAt = _now();
            m.active.push(true);
            m.from.push(_now());
        }
    }

    function renameDepartment(uint256 d, bytes32 seed) external {
        d = _department(d);
        _call(
            abi.encodeCall(IIssuerRegistry.renameDepartment, (_codes[d], _name(seed), _name(~seed))),
            _departments[d].registered ? bytes("") : _unknownDepartment(d)
        );
    }

    function suspendDepartment(uint256 d, int32 offset) external {
        d = _department(d);
        uint64 from = _offset(_now(), offset);
        DepartmentModel storage m = _departments[d];
        bytes memory expected;
        if (!m.registered) {
            expected = _unknownDepartment(d);
        } else if (!m.active[m.active.length - 1]) {
            expected =
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentAlreadySuspended.selector, _codes[d]);
        } else if (from < m.from[m.from.length - 1]) {
            expected = _outOfOrder(d, from);
        }
        if (_call(abi.encodeCall(IIssuerRegistry.suspendDepartment, (_codes[d], from)), expected)) {
            m.active.push(false);
            m.from.push(from);
        }
    }

    function reinstateDepartment(uint256 d, int32 offset) external {
        d = _department(d);
        uint64 from = _offset(_now(), offset);
        DepartmentModel storage m = _departments[d];
        bytes memory expected;
        if (from < _now()) {
            expected = abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryReinstatementBackdated.selector, _codes[d], from, _now()
            );
        } else if (!m.registered) {
            expected = _unknownDepartment(d);
        } else if (m.active[m.active.length - 1]) {
            expected = abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryDepartmentNotSuspended.selector, _codes[d]);
        } else if (from < m.from[m.from.length - 1]) {
            expected = _outOfOrder(d, from);
        }
        if (_call(abi.encodeCall(IIssuerRegistry.reinstateDepartment, (_codes[d], from)), expected)) {
            m.active.push(true);
            m.from.push(from);
        }
    }

    /// @notice Registers one of the fixed EC keys or an Ed25519 key made from `raw`, valid from now or later,
    /// or (if `backdate`) tries a validFrom in the past.
    function registerKey(uint256 d, uint256 choice, bytes32 raw, uint32 delay, bool backdate) external {
        d = _department(d);
        (uint8 algorithm, bytes memory spki) =
            choice % 8 < 6 ? TestKeys.ecKey(choice) : (TestKeys.ED25519, TestKeys.ed25519(raw));
        bytes32 fingerprint = sha256(spki);
        // Valid at once half of the time, so that revocations have something to revoke.
        uint64 validFrom = backdate
            ? _offset(_now(), -1 - int256(uint256(delay % 1 days)))
            : _now() + (delay % 2 == 0 ? 0 : delay % 30 days);
        bytes memory expected;
        if (validFrom < _now()) {
            expected = abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryKeyBackdated.selector, validFrom, _now());
        } else if (!_departments[d].registered) {
            expected = _unknownDepartment(d);
        } else if (_keyPositions[d][fingerprint] != 0) {
            expected = abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryKeyAlreadyRegistered.selector, _codes[d], fingerprint
            );
        }
        if (_call(abi.encodeCall(IIssuerRegistry.registerKey, (_codes[d], algorithm, spki, validFrom)), expected)) {
            _keys.push(KeyModel(d, fingerprint, algorithm, validFrom, 0, 0, 0));
            _keyPositions[d][fingerprint] = _keys.length;
        }
    }

    /// @notice Revokes a known key (sometimes naming another department, sometimes with an invalid reason), from
    /// a time near now, near its validFrom or near its current effective time; the model decides whether that
    /// is allowed.
    function revokeKey(uint256 k, uint8 reason, int32 offset, uint8 flags) external {
        if (_keys.length == 0) return;
        KeyModel storage m = _keys[k % _keys.length];
        uint256 d = flags % 4 == 0 ? (m.department + 1) % DEPARTMENT_COUNT : m.department;
        reason = reason % 10 == 9 ? reason : 1 + reason % 2;
        uint256 near = (flags >> 2) % 3;
        uint64 base = near == 0 || (near == 2 && m.reason == 0) ? _now() : near == 1 ? m.validFrom : m.effectiveAt;
        uint64 effectiveAt = _offset(base, offset);
        bytes memory expected = _expectedRevocationError(m, d, reason, effectiveAt);
        if (_call(abi.encodeCall(IIssuerRegistry.revokeKey, (_codes[d], m.fingerprint, reason, effectiveAt)), expected))
        {
            // With another department, the same key registered there (if any) is the one revoked.
            uint256 target = _keyPositions[d][m.fingerprint] - 1;
            KeyModel storage t = _keys[target];
            if (t.reason == 0) t.firstEffectiveAt = effectiveAt;
            t.reason = reason;
            t.effectiveAt = effectiveAt;
            _observations.push(Observation(target, effectiveAt));
        }
    }

    function allowDocumentType(uint256 d, uint256 t) external {
        d = _department(d);
        t %= DOCUMENT_TYPE_COUNT;
        bytes memory expected;
        if (!_departments[d].registered) {
            expected = _unknownDepartment(d);
        } else if (_departments[d].allowed[t]) {
            expected = abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryDocumentTypeAlreadyAllowed.selector, _codes[d], _docTypes[t]
            );
        }
        if (_call(abi.encodeCall(IIssuerRegistry.allowDocumentType, (_codes[d], _docTypes[t])), expected)) {
            _departments[d].allowed[t] = true;
        }
    }

    function withdrawDocumentType(uint256 d, uint256 t) external {
        d = _department(d);
        t %= DOCUMENT_TYPE_COUNT;
        bytes memory expected;
        if (!_departments[d].registered) {
            expected = _unknownDepartment(d);
        } else if (!_departments[d].allowed[t]) {
            expected = abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryDocumentTypeNotAllowed.selector, _codes[d], _docTypes[t]
            );
        }
        if (_call(abi.encodeCall(IIssuerRegistry.withdrawDocumentType, (_codes[d], _docTypes[t])), expected)) {
            _departments[d].allowed[t] = false;
        }
    }

    /// @notice Looks at a key at `time`; an invalid answer at or after `validFrom` is remembered, to be checked
    /// again in every later state.
    function observeKey(uint256 k, uint64 time) external {
        if (_keys.length == 0) return;
        k %= _keys.length;
        KeyModel storage m = _keys[k];
        if (time < m.validFrom) return;
        (bool valid,) = registry.keyAt(_codes[m.department], m.fingerprint, time);
        if (!valid) _observations.push(Observation(k, time));
    }

    /// @notice Tries a write that would succeed for the issuer admin from an account without the role.
    function writeWithoutRole(uint256 who, uint256 which, address stranger, bytes32 seed) external {
        address caller =
            who % (_outsiders.length + 1) == _outsiders.length ? stranger : _outsiders[who % _outsiders.length];
        if (caller == VM_ADDRESS || registry.hasRole(registry.ISSUER_ADMIN_ROLE(), caller)) return;
        uint256 d = uint256(seed) % DEPARTMENT_COUNT;
        bytes memory callData;
        which %= 8;
        if (which == 0) {
            callData = abi.encodeCall(IIssuerRegistry.registerDepartment, (_codes[d], "x", "y"));
        } else if (which == 1) {
            callData = abi.encodeCall(IIssuerRegistry.renameDepartment, (_codes[d], "x", "y"));
        } else if (which == 2) {
            callData = abi.encodeCall(IIssuerRegistry.suspendDepartment, (_codes[d], _now()));
        } else if (which == 3) {
            callData = abi.encodeCall(IIssuerRegistry.reinstateDepartment, (_codes[d], _now()));
        } else if (which == 4) {
            callData = abi.encodeCall(
                IIssuerRegistry.registerKey, (_codes[d], TestKeys.ED25519, TestKeys.ed25519(seed), _now())
            );
        } else if (which == 5) {
            if (_keys.length == 0) return;
            KeyModel storage m = _keys[uint256(seed) % _keys.length];
            callData = abi.encodeCall(
                IIssuerRegistry.revokeKey, (_codes[m.department], m.fingerprint, COMPROMISED, m.validFrom)
            );
        } else if (which == 6) {
            callData = abi.encodeCall(IIssuerRegistry.allowDocumentType, (_codes[d], _docTypes[uint8(seed[0]) % 3]));
        } else {
            callData = abi.encodeCall(IIssuerRegistry.withdrawDocumentType, (_codes[d], _docTypes[uint8(seed[0]) % 3]));
        }
        bytes32 before = digest();
        vm.recordLogs();
        vm.prank(caller);
        (bool success, bytes memory returnData) = address(registry).call(callData);
        bool emitted = _registryLogCount(vm.getRecordedLogs()) != 0;
        bytes memory refused = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, caller, registry.ISSUER_ADMIN_ROLE()
        );
        if (success || emitted || keccak256(returnData) != keccak256(refused) || digest() != before) {
            ghostUnauthorizedChanges++;
        }
    }

    /// @notice Tries a malformed write whose arguments are wrong whatever the state: a bad code, name, document
    /// type, key algorithm, SPKI, or key revocation reason.
    function writeMalformed(uint256 kind, bytes32 seed) external {
        uint256 d = uint256(seed) % DEPARTMENT_COUNT;
        kind %= 6;
        if (kind == 0) {
            string memory badCode = string.concat(_codes[d], "_");
            _call(
                abi.encodeCall(IIssuerRegistry.registerDepartment, (badCode, "x", "y")),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentCode.selector, badCode)
            );
        } else if (kind == 1) {
            _call(
                abi.encodeCall(IIssuerRegistry.renameDepartment, (_codes[d], "", "y")),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDepartmentName.selector, "")
            );
        } else if (kind == 2) {
            _call(
                abi.encodeCall(IIssuerRegistry.allowDocumentType, (_codes[d], "Permit")),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidDocumentType.selector, "Permit")
            );
        } else if (kind == 3) {
            uint8 algorithm = uint8(seed[1]) < 4 ? 0 : uint8(seed[1]);
            _call(
                abi.encodeCall(IIssuerRegistry.registerKey, (_codes[d], algorithm, TestKeys.P256_A, _now())),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyAlgorithm.selector, algorithm)
            );
        } else if (kind == 4) {
            // The raw Ed25519 key, without its SubjectPublicKeyInfo.
            bytes memory raw = abi.encodePacked(seed);
            _call(
                abi.encodeCall(IIssuerRegistry.registerKey, (_codes[d], TestKeys.ED25519, raw, _now())),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryNonCanonicalSpki.selector, TestKeys.ED25519, raw)
            );
        } else {
            uint8 reason = uint8(seed[2]) < 3 ? 0 : uint8(seed[2]);
            _call(
                abi.encodeCall(IIssuerRegistry.revokeKey, (_codes[d], seed, reason, _now())),
                abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyRevocationReason.selector, reason)
            );
        }
    }

    // ------------------------------------------------------------------------------------------------ model reads

    function code(uint256 d) external view returns (string memory) {
        return _codes[d];
    }

    function docType(uint256 t) external view returns (string memory) {
        return _docTypes[t];
    }

    function departmentModel(uint256 d)
        external
        view
        returns (bool registered, uint64 registeredAt, bool[] memory active, uint64[] memory from)
    {
        DepartmentModel storage m = _departments[d];
        return (m.registered, m.registeredAt, m.active, m.from);
    }

    function isAllowed(uint256 d, uint256 t) external view returns (bool) {
        return _departments[d].allowed[t];
    }

    function keyCount() external view returns (uint256) {
        return _keys.length;
    }

    function keyModel(uint256 k) external view returns (KeyModel memory) {
        return _keys[k];
    }

    function observationCount() external view returns (uint256) {
        return _observations.length;
    }

    function observation(uint256 i) external view returns (Observation memory) {
        return _observations[i];
    }

    /// @notice Reference answer: registered, `validFrom <= time`, and before every effective time recorded.
    function referenceKeyAt(uint256 k, uint64 time) external view returns (bool) {
        KeyModel storage m = _keys[k];
        if (time < m.validFrom) return false;
        if (m.reason != 0 && (time >= m.effectiveAt || time >= m.firstEffectiveAt)) return false;
        return true;
    }

    /// @notice Reference answer: the last status entry whose time has come, by forward scan.
    function referenceDepartmentAt(uint256 d, uint64 time) external view returns (bool registered, bool active) {
        DepartmentModel storage m = _departments[d];
        if (!m.registered || time < m.registeredAt) return (false, false);
        for (uint256 i = 0; i < m.from.length; i++) {
            if (m.from[i] <= time) active = m.active[i];
        }
        return (true, active);
    }

    /// @notice Hash of everything the registry's views show, except "active now", which moves with the clock.
    function digest() public view returns (bytes32 h) {
        h = keccak256(abi.encode(registry.departmentCodes()));
        for (uint256 d = 0; d < DEPARTMENT_COUNT; d++) {
            string memory c = _codes[d];
            (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt,) = registry.department(c);
            (bool[] memory active, uint64[] memory from) = registry.statusHistory(c);
            h = keccak256(abi.encode(h, registered, nameZh, nameEn, registeredAt, active, from));
            bytes32[] memory keys = registry.keysOf(c);
            for (uint256 i = 0; i < keys.length; i++) {
                h = keccak256(abi.encode(h, _keyRecord(c, keys[i])));
            }
            h = keccak256(abi.encode(h, registry.documentTypesOf(c)));
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    /// @dev Calls the registry as the issuer admin. Returns true only when the call succeeded and the model
    /// expected it to (`expectedError` empty); counts every disagreement.
    function _call(bytes memory callData, bytes memory expectedError) private returns (bool) {
        vm.recordLogs();
        vm.prank(issuerAdmin);
        (bool success, bytes memory returnData) = address(registry).call(callData);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        if (expectedError.length != 0) {
            if (success) ghostAcceptedInvalidCalls++;
            else if (keccak256(returnData) != keccak256(expectedError)) ghostUnexpectedErrors++;
            return false;
        }
        if (!success) {
            ghostRejectedValidCalls++;
            return false;
        }
        if (_registryLogCount(logs) != 1) ghostEventCountMismatches++;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == address(registry)) replica.replay(logs[i]);
        }
        // casting to 'bytes4' is safe because call data starts with the 4-byte selector
        // forge-lint: disable-next-line(unsafe-typecast)
        accepted[bytes4(callData)]++;
        return true;
    }

    function _expectedRevocationError(KeyModel storage m, uint256 d, uint8 reason, uint64 effectiveAt)
        private
        view
        returns (bytes memory)
    {
        if (reason != SUPERSEDED && reason != COMPROMISED) {
            return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryInvalidKeyRevocationReason.selector, reason);
        }
        if (reason == SUPERSEDED && effectiveAt < _now()) {
            return
                abi.encodeWithSelector(
                    IIssuerRegistry.IssuerRegistrySupersessionBackdated.selector, effectiveAt, _now()
                );
        }
        if (!_departments[d].registered) return _unknownDepartment(d);
        if (_keyPositions[d][m.fingerprint] == 0) {
            return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownKey.selector, _codes[d], m.fingerprint);
        }
        // `m` is the key of department m.department; with another department it is that department's own record.
        KeyModel storage target = _keys[_keyPositions[d][m.fingerprint] - 1];
        if (reason == COMPROMISED && effectiveAt < target.validFrom) {
            return abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryRevocationBeforeValidFrom.selector, effectiveAt, target.validFrom
            );
        }
        if (
            target.reason != 0
                && !(target.reason == SUPERSEDED && reason == COMPROMISED && effectiveAt <= target.effectiveAt)
        ) {
            return abi.encodeWithSelector(
                IIssuerRegistry.IssuerRegistryKeyAlreadyRevoked.selector,
                _codes[d],
                m.fingerprint,
                target.reason,
                target.effectiveAt
            );
        }
        return "";
    }

    function _keyRecord(string memory c, bytes32 fingerprint) private view returns (bytes memory) {
        (uint8 a, bytes memory spki, uint64 validFrom, uint64 registeredAt, uint8 reason, uint64 eff, uint64 at) =
            registry.key(c, fingerprint);
        return abi.encode(a, spki, validFrom, registeredAt, reason, eff, at);
    }

    function _registryLogCount(Vm.Log[] memory logs) private view returns (uint256 count) {
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == address(registry)) count++;
        }
    }

    /// @dev Mostly a registered department (when there is one), so that runs get past registration; otherwise
    /// any of the pool, registered or not.
    function _department(uint256 d) private view returns (uint256) {
        if (d % 4 == 0) return (d / 4) % DEPARTMENT_COUNT;
        uint256 registered = 0;
        for (uint256 i = 0; i < DEPARTMENT_COUNT; i++) {
            if (_departments[i].registered) registered++;
        }
        if (registered == 0) return (d / 4) % DEPARTMENT_COUNT;
        uint256 pick = (d / 4) % registered;
        for (uint256 i = 0; i < DEPARTMENT_COUNT; i++) {
            if (!_departments[i].registered) continue;
            if (pick == 0) return i;
            pick--;
        }
        return 0;
    }

    function _unknownDepartment(uint256 d) private view returns (bytes memory) {
        return abi.encodeWithSelector(IIssuerRegistry.IssuerRegistryUnknownDepartment.selector, _codes[d]);
    }

    function _outOfOrder(uint256 d, uint64 from) private view returns (bytes memory) {
        DepartmentModel storage m = _departments[d];
        return abi.encodeWithSelector(
            IIssuerRegistry.IssuerRegistryStatusOutOfOrder.selector, _codes[d], from, m.from[m.from.length - 1]
        );
    }

    /// @dev A name of 1 to 200 bytes derived from `seed`.
    function _name(bytes32 seed) private pure returns (string memory) {
        bytes memory b = new bytes(1 + uint256(seed) % 200);
        for (uint256 i = 0; i < b.length; i++) {
            b[i] = bytes1(uint8(0x61 + uint256(keccak256(abi.encode(seed, i))) % 26));
        }
        return string(b);
    }

    function _now() private view returns (uint64) {
        return uint64(block.timestamp);
    }

    /// @dev `time + offset` with the offset cut to +-MAX_OFFSET, clamped at zero.
    function _offset(uint64 time, int256 offset) private pure returns (uint64) {
        int256 t = int256(uint256(time)) + offset % MAX_OFFSET;
        // casting to 'uint64' is safe because t is at most time + MAX_OFFSET, far below 2^64
        // forge-lint: disable-next-line(unsafe-typecast)
        return t < 0 ? 0 : uint64(uint256(t));
    }
}
