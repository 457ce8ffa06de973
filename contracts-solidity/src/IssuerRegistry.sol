// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";

/// @title IssuerRegistry
/// @notice The departments that issue documents, their signing keys and their accredited document types, as
/// recorded by the body that accredits departments.
/// @dev Every write needs `ISSUER_ADMIN_ROLE`, which production gives to the accreditation body and never to the
/// gateway's anchoring or revocation keys, so that a stolen gateway key cannot add a department or a key. The
/// default admin (a cold key or multisig, transferred only after a delay) grants and revokes that role.
contract IssuerRegistry is IIssuerRegistry, AccessControlDefaultAdminRules {
    /// @notice Role allowed to call every function that changes the registry.
    bytes32 public constant ISSUER_ADMIN_ROLE = keccak256("ISSUER_ADMIN_ROLE");

    uint8 private constant ALGORITHM_ECDSA_P256 = 1;
    uint8 private constant ALGORITHM_ED25519 = 2;
    uint8 private constant ALGORITHM_SM2 = 3;
    uint8 private constant KEY_SUPERSEDED = 1;
    uint8 private constant KEY_COMPROMISED = 2;

    uint256 private constant MAX_CODE_LENGTH = 32;
    uint256 private constant MAX_NAME_LENGTH = 200;
    uint256 private constant MAX_DOCUMENT_TYPE_LENGTH = 64;

    /// @dev SEQUENCE { SEQUENCE { id-ecPublicKey, namedCurve }, BIT STRING { 0x04 (uncompressed) ... } }: the
    /// first 27 bytes of a 91-byte canonical EC SubjectPublicKeyInfo, left-aligned in a word.
    bytes32 private constant EC_SPKI_PREFIX_MASK = bytes32(~uint256(type(uint40).max));
    bytes32 private constant P256_SPKI_PREFIX = 0x3059301306072a8648ce3d020106082a8648ce3d030107034200040000000000;
    bytes32 private constant SM2_SPKI_PREFIX = 0x3059301306072a8648ce3d020106082a811ccf5501822d034200040000000000;
    uint256 private constant EC_SPKI_LENGTH = 91;
    /// @dev SEQUENCE { SEQUENCE { 1.3.101.112 }, BIT STRING { 32-byte key } }: RFC 8410, 44 bytes in all.
    bytes12 private constant ED25519_SPKI_PREFIX = 0x302a300506032b6570032100;
    uint256 private constant ED25519_SPKI_LENGTH = 44;

    /// @dev Curve parameters (field prime and b; a = p - 3 for both): SEC 2 secp256r1 and GB/T 32918.5 sm2p256v1.
    uint256 private constant P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff;
    uint256 private constant P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b;
    uint256 private constant SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff;
    uint256 private constant SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93;

    struct StatusEntry {
        bool active;
        uint64 from;
    }

    struct Department {
        bool registered;
        uint64 registeredAt;
        string nameZh;
        string nameEn;
        StatusEntry[] history;
        bytes32[] keys;
        string[] documentTypes;
        /// @dev Index in `documentTypes` plus one, by `keccak256(bytes(docType))`; zero when not allowed.
        mapping(bytes32 documentTypeId => uint256 position) documentTypePositions;
    }

    /// @dev `algorithm` is nonzero exactly when the key is registered; the first five fields share one slot.
    struct Key {
        uint8 algorithm;
        uint64 validFrom;
        uint64 registeredAt;
        uint8 revocationReason;
        uint64 effectiveAt;
        uint64 revokedAt;
        bytes spki;
    }

    mapping(bytes32 departmentId => Department) private _departments;
    mapping(bytes32 departmentId => mapping(bytes32 fingerprint => Key)) private _keys;
    string[] private _departmentCodes;

    /// @param initialAdminDelay Delay, in seconds, before a default admin transfer can be accepted.
    /// @param initialAdmin The default admin, who grants and revokes `ISSUER_ADMIN_ROLE`.
    /// @param initialIssuerAdmin Account granted `ISSUER_ADMIN_ROLE`; zero grants it to nobody.
    constructor(uint48 initialAdminDelay, address initialAdmin, address initialIssuerAdmin)
        AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin)
    {
        if (initialIssuerAdmin != address(0)) _grantRole(ISSUER_ADMIN_ROLE, initialIssuerAdmin);
    }

    // ------------------------------------------------------------------------------------------------ departments

    /// @inheritdoc IIssuerRegistry
    function registerDepartment(string calldata code, string calldata nameZh, string calldata nameEn)
        external
        onlyRole(ISSUER_ADMIN_ROLE)
    {
        _checkCode(code);
        _checkName(nameZh);
        _checkName(nameEn);
        bytes32 id = _departmentId(code);
        Department storage d = _departments[id];
        if (d.registered) revert IssuerRegistryDepartmentAlreadyRegistered(code);

        uint64 registeredAt = uint64(block.timestamp);
        d.registered = true;
        d.registeredAt = registeredAt;
        d.nameZh = nameZh;
        d.nameEn = nameEn;
        d.history.push(StatusEntry(true, registeredAt));
        _departmentCodes.push(code);
        emit DepartmentRegistered(id, code, nameZh, nameEn, registeredAt);
    }

    /// @inheritdoc IIssuerRegistry
    function renameDepartment(string calldata code, string calldata nameZh, string calldata nameEn)
        external
        onlyRole(ISSUER_ADMIN_ROLE)
    {
        _checkName(nameZh);
        _checkName(nameEn);
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        d.nameZh = nameZh;
        d.nameEn = nameEn;
        emit DepartmentRenamed(id, code, nameZh, nameEn);
    }

    /// @inheritdoc IIssuerRegistry
    function suspendDepartment(string calldata code, uint64 from) external onlyRole(ISSUER_ADMIN_ROLE) {
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        StatusEntry storage last = d.history[d.history.length - 1];
        if (!last.active) revert IssuerRegistryDepartmentAlreadySuspended(code);
        if (from < last.from) revert IssuerRegistryStatusOutOfOrder(code, from, last.from);
        d.history.push(StatusEntry(false, from));
        emit DepartmentSuspended(id, code, from);
    }

    /// @inheritdoc IIssuerRegistry
    function reinstateDepartment(string calldata code, uint64 from) external onlyRole(ISSUER_ADMIN_ROLE) {
        uint64 currentTime = uint64(block.timestamp);
        // A reinstatement dated in the past would make documents issued while suspended count after the fact.
        if (from < currentTime) revert IssuerRegistryReinstatementBackdated(code, from, currentTime);
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        StatusEntry storage last = d.history[d.history.length - 1];
        if (last.active) revert IssuerRegistryDepartmentNotSuspended(code);
        if (from < last.from) revert IssuerRegistryStatusOutOfOrder(code, from, last.from);
        d.history.push(StatusEntry(true, from));
        emit DepartmentReinstated(id, code, from);
    }

    // ------------------------------------------------------------------------------------------------ keys

    /// @inheritdoc IIssuerRegistry
    function registerKey(string calldata code, uint8 algorithm, bytes calldata spki, uint64 validFrom)
        external
        onlyRole(ISSUER_ADMIN_ROLE)
    {
        _checkSpki(algorithm, spki);
        uint64 currentTime = uint64(block.timestamp);
        // A backdated key would make signatures on documents anchored before its registration count.
        if (validFrom < currentTime) revert IssuerRegistryKeyBackdated(validFrom, currentTime);
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        bytes32 fingerprint = sha256(spki);
        Key storage k = _keys[id][fingerprint];
        // Once registered, always recorded: a revoked key must never come back as a fresh one.
        if (k.algorithm != 0) revert IssuerRegistryKeyAlreadyRegistered(code, fingerprint);

        k.algorithm = algorithm;
        k.validFrom = validFrom;
        k.registeredAt = currentTime;
        k.spki = spki;
        d.keys.push(fingerprint);
        emit KeyRegistered(id, fingerprint, code, algorithm, spki, validFrom, currentTime);
    }

    /// @inheritdoc IIssuerRegistry
    function revokeKey(string calldata code, bytes32 fingerprint, uint8 reason, uint64 effectiveAt)
        external
        onlyRole(ISSUER_ADMIN_ROLE)
    {
        if (reason != KEY_SUPERSEDED && reason != KEY_COMPROMISED) {
            revert IssuerRegistryInvalidKeyRevocationReason(reason);
        }
        uint64 currentTime = uint64(block.timestamp);
        if (reason == KEY_SUPERSEDED && effectiveAt < currentTime) {
            revert IssuerRegistrySupersessionBackdated(effectiveAt, currentTime);
        }
        bytes32 id = _departmentId(code);
        _registered(id, code);
        Key storage k = _keys[id][fingerprint];
        if (k.algorithm == 0) revert IssuerRegistryUnknownKey(code, fingerprint);
        if (reason == KEY_COMPROMISED && effectiveAt < k.validFrom) {
            revert IssuerRegistryRevocationBeforeValidFrom(effectiveAt, k.validFrom);
        }
        uint8 recorded = k.revocationReason;
        // The only change after a revocation: superseded becomes compromised without extending validity.
        if (recorded != 0 && (recorded != KEY_SUPERSEDED || reason != KEY_COMPROMISED || effectiveAt > k.effectiveAt)) {
            revert IssuerRegistryKeyAlreadyRevoked(code, fingerprint, recorded, k.effectiveAt);
        }

        k.revocationReason = reason;
        k.effectiveAt = effectiveAt;
        k.revokedAt = currentTime;
        emit KeyRevoked(id, fingerprint, code, reason, effectiveAt, currentTime);
    }

    // ------------------------------------------------------------------------------------------------ document types

    /// @inheritdoc IIssuerRegistry
    function allowDocumentType(string calldata code, string calldata docType) external onlyRole(ISSUER_ADMIN_ROLE) {
        _checkDocumentType(docType);
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        bytes32 typeId = keccak256(bytes(docType));
        if (d.documentTypePositions[typeId] != 0) revert IssuerRegistryDocumentTypeAlreadyAllowed(code, docType);
        d.documentTypes.push(docType);
        d.documentTypePositions[typeId] = d.documentTypes.length;
        emit DocumentTypeAllowed(id, code, docType);
    }

    /// @inheritdoc IIssuerRegistry
    function withdrawDocumentType(string calldata code, string calldata docType) external onlyRole(ISSUER_ADMIN_ROLE) {
        _checkDocumentType(docType);
        bytes32 id = _departmentId(code);
        Department storage d = _registered(id, code);
        bytes32 typeId = keccak256(bytes(docType));
        uint256 position = d.documentTypePositions[typeId];
        if (position == 0) revert IssuerRegistryDocumentTypeNotAllowed(code, docType);
        uint256 lastIndex = d.documentTypes.length - 1;
        if (position - 1 != lastIndex) {
            d.documentTypes[position - 1] = d.documentTypes[lastIndex];
            d.documentTypePositions[keccak256(bytes(d.documentTypes[position - 1]))] = position;
        }
        d.documentTypes.pop();
        delete d.documentTypePositions[typeId];
        emit DocumentTypeWithdrawn(id, code, docType);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @inheritdoc IIssuerRegistry
    function department(string calldata code)
        external
        view
        returns (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt, bool active)
    {
        Department storage d = _departments[_departmentId(code)];
        (, active) = _standingAt(d, uint64(block.timestamp));
        return (d.registered, d.nameZh, d.nameEn, d.registeredAt, active);
    }

    /// @inheritdoc IIssuerRegistry
    function departmentAt(string calldata code, uint64 time) external view returns (bool registered, bool active) {
        return _standingAt(_departments[_departmentId(code)], time);
    }

    /// @inheritdoc IIssuerRegistry
    function statusHistory(string calldata code) external view returns (bool[] memory active, uint64[] memory from) {
        StatusEntry[] storage history = _departments[_departmentId(code)].history;
        uint256 count = history.length;
        active = new bool[](count);
        from = new uint64[](count);
        for (uint256 i = 0; i < count; i++) {
            (active[i], from[i]) = (history[i].active, history[i].from);
        }
    }

    /// @inheritdoc IIssuerRegistry
    function departmentCodes() external view returns (string[] memory) {
        return _departmentCodes;
    }

    /// @inheritdoc IIssuerRegistry
    function keyAt(string calldata code, bytes32 fingerprint, uint64 time)
        external
        view
        returns (bool valid, uint8 algorithm)
    {
        Key storage k = _keys[_departmentId(code)][fingerprint];
        algorithm = k.algorithm;
        valid = algorithm != 0 && k.validFrom <= time && (k.revocationReason == 0 || time < k.effectiveAt);
    }

    /// @inheritdoc IIssuerRegistry
    function key(string calldata code, bytes32 fingerprint)
        external
        view
        returns (
            uint8 algorithm,
            bytes memory spki,
            uint64 validFrom,
            uint64 registeredAt,
            uint8 revocationReason,
            uint64 effectiveAt,
            uint64 revokedAt
        )
    {
        Key storage k = _keys[_departmentId(code)][fingerprint];
        return (k.algorithm, k.spki, k.validFrom, k.registeredAt, k.revocationReason, k.effectiveAt, k.revokedAt);
    }

    /// @inheritdoc IIssuerRegistry
    function keysOf(string calldata code) external view returns (bytes32[] memory) {
        return _departments[_departmentId(code)].keys;
    }

    /// @inheritdoc IIssuerRegistry
    function documentTypesOf(string calldata code) external view returns (string[] memory) {
        return _departments[_departmentId(code)].documentTypes;
    }

    /// @inheritdoc IIssuerRegistry
    function isDocumentTypeAllowed(string calldata code, string calldata docType) external view returns (bool) {
        return _departments[_departmentId(code)].documentTypePositions[keccak256(bytes(docType))] != 0;
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IIssuerRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------------ internals

    function _departmentId(string calldata code) private pure returns (bytes32) {
        return keccak256(bytes(code));
    }

    function _registered(bytes32 id, string calldata code) private view returns (Department storage d) {
        d = _departments[id];
        if (!d.registered) revert IssuerRegistryUnknownDepartment(code);
    }

    /// @dev The history starts with (active, registeredAt), so for a registered department at a time not before
    /// registration some entry always applies.
    function _standingAt(Department storage d, uint64 time) private view returns (bool registered, bool active) {
        if (!d.registered || time < d.registeredAt) return (false, false);
        StatusEntry[] storage history = d.history;
        for (uint256 i = history.length; i > 0; i--) {
            StatusEntry storage entry = history[i - 1];
            if (entry.from <= time) return (true, entry.active);
        }
        return (true, false);
    }

    function _checkCode(string calldata code) private pure {
        bytes calldata b = bytes(code);
        if (!_isToken(b, MAX_CODE_LENGTH, 0x41)) revert IssuerRegistryInvalidDepartmentCode(code);
    }

    function _checkDocumentType(string calldata docType) private pure {
        bytes calldata b = bytes(docType);
        if (!_isToken(b, MAX_DOCUMENT_TYPE_LENGTH, 0x61)) revert IssuerRegistryInvalidDocumentType(docType);
    }

    /// @dev Whether `b` is 1 to `maxLength` bytes of letters (26 from `firstLetter`, `A` or `a`), digits and `-`,
    /// not starting with `-`.
    function _isToken(bytes calldata b, uint256 maxLength, uint8 firstLetter) private pure returns (bool) {
        uint256 length = b.length;
        if (length == 0 || length > maxLength || b[0] == "-") return false;
        for (uint256 i = 0; i < length; i++) {
            uint8 c = uint8(b[i]);
            bool letter = c >= firstLetter && c < firstLetter + 26;
            bool digit = c >= 0x30 && c <= 0x39;
            if (!letter && !digit && c != 0x2d) return false;
        }
        return true;
    }

    function _checkName(string calldata name) private pure {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_LENGTH) revert IssuerRegistryInvalidDepartmentName(name);
    }

    /// @dev Accepts exactly the canonical encodings (see the interface documentation): any other encoding of the
    /// same key has another SHA-256, which would never match the verifiers' fingerprint.
    function _checkSpki(uint8 algorithm, bytes calldata spki) private pure {
        if (algorithm == ALGORITHM_ED25519) {
            if (spki.length != ED25519_SPKI_LENGTH || bytes12(spki[:12]) != ED25519_SPKI_PREFIX) {
                revert IssuerRegistryNonCanonicalSpki(algorithm, spki);
            }
            return;
        }
        bytes32 prefix;
        uint256 p;
        uint256 b;
        if (algorithm == ALGORITHM_ECDSA_P256) {
            (prefix, p, b) = (P256_SPKI_PREFIX, P256_P, P256_B);
        } else if (algorithm == ALGORITHM_SM2) {
            (prefix, p, b) = (SM2_SPKI_PREFIX, SM2_P, SM2_B);
        } else {
            revert IssuerRegistryInvalidKeyAlgorithm(algorithm);
        }
        if (spki.length != EC_SPKI_LENGTH || bytes32(spki[:32]) & EC_SPKI_PREFIX_MASK != prefix) {
            revert IssuerRegistryNonCanonicalSpki(algorithm, spki);
        }
        uint256 x = uint256(bytes32(spki[27:59]));
        uint256 y = uint256(bytes32(spki[59:91]));
        if (!_isOnCurve(x, y, p, b)) revert IssuerRegistryKeyNotOnCurve(algorithm, spki);
    }

    /// @dev y^2 = x^3 - 3x + b (mod p), both coordinates reduced. Both curves have cofactor 1, so a point on the
    /// curve is in the prime-order group; the point at infinity has no uncompressed encoding.
    function _isOnCurve(uint256 x, uint256 y, uint256 p, uint256 b) private pure returns (bool) {
        if (x >= p || y >= p) return false;
        uint256 rhs = addmod(addmod(mulmod(mulmod(x, x, p), x, p), mulmod(p - 3, x, p), p), b, p);
        return mulmod(y, y, p) == rhs;
    }
}
