// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IIssuerRegistry
/// @notice On-chain register of the departments that issue documents, the keys that sign for them and the
/// document types they are accredited for, written by the body that accredits departments.
/// @dev A department is named by its code: 1 to 32 bytes from `A-Z 0-9 -`, the first not `-` (the `department`
/// of a proof's leaf). Events index it as `departmentId = keccak256(bytes(code))` and also carry the code itself.
///
/// Every time is a Unix timestamp in seconds, compared with block timestamps. A department's status is a history
/// of (active, from) entries: the first, written at registration, is (true, registeredAt); later ones alternate
/// suspended and active and their `from` times never decrease, so the status at time `t` is that of the last entry
/// with `from <= t`. An entry may share its `from` with the previous one and then replaces it from that time on
/// (a suspension dated in the future can be cancelled before it starts this way; a suspension already in force
/// cannot, because a reinstatement is never dated before the current block).
///
/// A signing key is a canonical DER SubjectPublicKeyInfo (SPKI) of algorithm 1 ECDSA P-256, 2 Ed25519 or 3 SM2,
/// named by `fingerprint = sha256(spki)`, the `sha256:<hex>` fingerprint of the verifiers. Canonical means the
/// one encoding the verifiers fingerprint: for P-256 and SM2 the algorithm id-ecPublicKey with the named curve
/// (prime256v1, 1.2.840.10045.3.1.7, or sm2p256v1, 1.2.156.10197.1.301) and the uncompressed point (91 bytes);
/// for Ed25519 the algorithm 1.3.101.112 without parameters and the 32-byte key (44 bytes). A key of a
/// department is valid at time `t` when `validFrom <= t` and it was not revoked by then (`t < effectiveAt`).
/// Key revocation reasons: 1 superseded (from now on or later), 2 compromised (may be backdated, down to
/// `validFrom`). A revocation is final, except that a superseded key may later be marked compromised with an
/// effective time no later than the recorded one: a key's validity only ever shrinks.
///
/// Document types are 1 to 64 bytes from `a-z 0-9 -`, the first not `-` (e.g. `birth-certificate`).
///
/// Nothing is ever deleted except a withdrawn document type, and the events carry every value written, so the
/// whole registry can be rebuilt from its logs alone. Views answer for unknown departments and keys with zeros
/// and empty values; they never revert.
interface IIssuerRegistry {
    /// @notice Emitted when a department is registered; it is active from `registeredAt`.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param nameZh The department's name in Chinese.
    /// @param nameEn The department's name in English.
    /// @param registeredAt Timestamp of the block that registered it, the `from` of its first status entry.
    event DepartmentRegistered(
        bytes32 indexed departmentId, string code, string nameZh, string nameEn, uint64 registeredAt
    );

    /// @notice Emitted when a department's names change.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param nameZh The new name in Chinese.
    /// @param nameEn The new name in English.
    event DepartmentRenamed(bytes32 indexed departmentId, string code, string nameZh, string nameEn);

    /// @notice Emitted when a status entry (suspended, `from`) is appended to a department's history.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param from Time from which the department is suspended; may be in the past.
    event DepartmentSuspended(bytes32 indexed departmentId, string code, uint64 from);

    /// @notice Emitted when a status entry (active, `from`) is appended to a department's history.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param from Time from which the department is active again; never before the block that recorded it.
    event DepartmentReinstated(bytes32 indexed departmentId, string code, uint64 from);

    /// @notice Emitted when a signing key is registered for a department.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param fingerprint `sha256(spki)`.
    /// @param code The department code.
    /// @param algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2.
    /// @param spki The canonical DER SubjectPublicKeyInfo.
    /// @param validFrom Time from which the key signs for the department.
    /// @param registeredAt Timestamp of the block that registered the key.
    event KeyRegistered(
        bytes32 indexed departmentId,
        bytes32 indexed fingerprint,
        string code,
        uint8 algorithm,
        bytes spki,
        uint64 validFrom,
        uint64 registeredAt
    );

    /// @notice Emitted when a key is revoked, or a superseded key is marked compromised.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param fingerprint The key's fingerprint.
    /// @param code The department code.
    /// @param reason 1 superseded, 2 compromised.
    /// @param effectiveAt Time from which the key no longer signs for the department.
    /// @param revokedAt Timestamp of the block that recorded the revocation.
    event KeyRevoked(
        bytes32 indexed departmentId,
        bytes32 indexed fingerprint,
        string code,
        uint8 reason,
        uint64 effectiveAt,
        uint64 revokedAt
    );

    /// @notice Emitted when a department is accredited for a document type.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param docType The document type.
    event DocumentTypeAllowed(bytes32 indexed departmentId, string code, string docType);

    /// @notice Emitted when a department's accreditation for a document type is withdrawn.
    /// @param departmentId `keccak256(bytes(code))`.
    /// @param code The department code.
    /// @param docType The document type.
    event DocumentTypeWithdrawn(bytes32 indexed departmentId, string code, string docType);

    /// @notice The department code is not 1 to 32 bytes from `A-Z 0-9 -` with a first byte other than `-`.
    /// @param code The code that was passed.
    error IssuerRegistryInvalidDepartmentCode(string code);

    /// @notice A department name is empty or longer than 200 bytes.
    /// @param name The name that was passed.
    error IssuerRegistryInvalidDepartmentName(string name);

    /// @notice The department code is registered already.
    /// @param code The code that was passed.
    error IssuerRegistryDepartmentAlreadyRegistered(string code);

    /// @notice No department is registered under this code.
    /// @param code The code that was passed.
    error IssuerRegistryUnknownDepartment(string code);

    /// @notice The department's latest status entry is a suspension already.
    /// @param code The department code.
    error IssuerRegistryDepartmentAlreadySuspended(string code);

    /// @notice The department's latest status entry is not a suspension, so there is nothing to reinstate.
    /// @param code The department code.
    error IssuerRegistryDepartmentNotSuspended(string code);

    /// @notice A status entry would start before the latest one (or, for the first change, before registration).
    /// @param code The department code.
    /// @param from The time that was passed.
    /// @param earliest The earliest time accepted: the `from` of the latest entry.
    error IssuerRegistryStatusOutOfOrder(string code, uint64 from, uint64 earliest);

    /// @notice A reinstatement was dated before the current block.
    /// @param code The department code.
    /// @param from The time that was passed.
    /// @param earliest The current block's timestamp.
    error IssuerRegistryReinstatementBackdated(string code, uint64 from, uint64 earliest);

    /// @notice The key algorithm is not 1 (ECDSA P-256), 2 (Ed25519) or 3 (SM2).
    /// @param algorithm The algorithm that was passed.
    error IssuerRegistryInvalidKeyAlgorithm(uint8 algorithm);

    /// @notice The bytes are not the canonical DER SubjectPublicKeyInfo of a key of that algorithm.
    /// @param algorithm The algorithm that was passed.
    /// @param spki The bytes that were passed.
    error IssuerRegistryNonCanonicalSpki(uint8 algorithm, bytes spki);

    /// @notice The P-256 or SM2 point of the SubjectPublicKeyInfo is not on the curve.
    /// @param algorithm The algorithm that was passed.
    /// @param spki The bytes that were passed.
    error IssuerRegistryKeyNotOnCurve(uint8 algorithm, bytes spki);

    /// @notice A key's `validFrom` is before the current block: a key must not make earlier signatures count.
    /// @param validFrom The time that was passed.
    /// @param earliest The current block's timestamp.
    error IssuerRegistryKeyBackdated(uint64 validFrom, uint64 earliest);

    /// @notice The key was registered for this department before (perhaps revoked since; it never comes back).
    /// @param code The department code.
    /// @param fingerprint The key's fingerprint.
    error IssuerRegistryKeyAlreadyRegistered(string code, bytes32 fingerprint);

    /// @notice No key with this fingerprint is registered for the department.
    /// @param code The department code.
    /// @param fingerprint The fingerprint that was passed.
    error IssuerRegistryUnknownKey(string code, bytes32 fingerprint);

    /// @notice The key revocation reason is not 1 (superseded) or 2 (compromised).
    /// @param reason The reason that was passed.
    error IssuerRegistryInvalidKeyRevocationReason(uint8 reason);

    /// @notice A key was marked superseded from a time before the current block.
    /// @param effectiveAt The time that was passed.
    /// @param earliest The current block's timestamp.
    error IssuerRegistrySupersessionBackdated(uint64 effectiveAt, uint64 earliest);

    /// @notice A key was marked compromised from a time before it became valid.
    /// @param effectiveAt The time that was passed.
    /// @param validFrom The key's `validFrom`.
    error IssuerRegistryRevocationBeforeValidFrom(uint64 effectiveAt, uint64 validFrom);

    /// @notice The key's revocation is final: it is compromised, or superseded and the new revocation does not
    /// mark it compromised no later than the recorded effective time.
    /// @param code The department code.
    /// @param fingerprint The key's fingerprint.
    /// @param reason The recorded reason.
    /// @param effectiveAt The recorded effective time.
    error IssuerRegistryKeyAlreadyRevoked(string code, bytes32 fingerprint, uint8 reason, uint64 effectiveAt);

    /// @notice The document type is not 1 to 64 bytes from `a-z 0-9 -` with a first byte other than `-`.
    /// @param docType The document type that was passed.
    error IssuerRegistryInvalidDocumentType(string docType);

    /// @notice The department is accredited for the document type already.
    /// @param code The department code.
    /// @param docType The document type.
    error IssuerRegistryDocumentTypeAlreadyAllowed(string code, string docType);

    /// @notice The department is not accredited for the document type.
    /// @param code The department code.
    /// @param docType The document type.
    error IssuerRegistryDocumentTypeNotAllowed(string code, string docType);

    /// @notice Registers a department, active from the current block's timestamp.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryInvalidDepartmentCode} unless `code` is 1 to 32 bytes from `A-Z 0-9 -` and does not start
    /// with `-`, {IssuerRegistryInvalidDepartmentName} unless each name is 1 to 200 bytes (UTF-8 is not checked),
    /// and {IssuerRegistryDepartmentAlreadyRegistered} if `code` was registered before. Writes the status entry
    /// (active, `block.timestamp`). Emits {DepartmentRegistered}.
    /// @param code The department code, as in proofs.
    /// @param nameZh The name in Chinese.
    /// @param nameEn The name in English.
    function registerDepartment(string calldata code, string calldata nameZh, string calldata nameEn) external;

    /// @notice Replaces a department's names.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryInvalidDepartmentName} unless each name is 1 to 200 bytes, and
    /// {IssuerRegistryUnknownDepartment} if `code` is not registered. Emits {DepartmentRenamed}, also when the
    /// names are unchanged.
    /// @param code The department code.
    /// @param nameZh The new name in Chinese.
    /// @param nameEn The new name in English.
    function renameDepartment(string calldata code, string calldata nameZh, string calldata nameEn) external;

    /// @notice Suspends a department from `from`, which may be in the past (a department found issuing
    /// fraudulently) or in the future.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryUnknownDepartment} if `code` is not registered, {IssuerRegistryDepartmentAlreadySuspended} if
    /// its latest status entry is a suspension, and {IssuerRegistryStatusOutOfOrder} if `from` is before the
    /// latest entry's `from` (hence never before registration). Appends (suspended, `from`) to the history.
    /// Emits {DepartmentSuspended}.
    /// @param code The department code.
    /// @param from Time from which the department is suspended.
    function suspendDepartment(string calldata code, uint64 from) external;

    /// @notice Makes a suspended department active again from `from`, never before the current block.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryUnknownDepartment} if `code` is not registered, {IssuerRegistryDepartmentNotSuspended}
    /// unless its latest status entry is a suspension, {IssuerRegistryReinstatementBackdated} if
    /// `from < block.timestamp`, and {IssuerRegistryStatusOutOfOrder} if `from` is before the latest entry's
    /// `from`. Appends (active, `from`) to the history. Emits {DepartmentReinstated}.
    /// @param code The department code.
    /// @param from Time from which the department is active again.
    function reinstateDepartment(string calldata code, uint64 from) external;

    /// @notice Registers a signing key of a department, valid from `validFrom`.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. The fingerprint is `sha256(spki)`, computed here
    /// (SHA-256 precompile). Reverts with {IssuerRegistryInvalidKeyAlgorithm} unless `algorithm` is 1, 2 or 3,
    /// {IssuerRegistryNonCanonicalSpki} unless `spki` is the canonical SubjectPublicKeyInfo of that algorithm
    /// (see the contract documentation; this also bounds it to 91 or 44 bytes), {IssuerRegistryKeyNotOnCurve}
    /// unless a P-256 or SM2 point has both coordinates below the field prime and satisfies the curve equation,
    /// {IssuerRegistryKeyBackdated} if `validFrom < block.timestamp`, {IssuerRegistryUnknownDepartment} if
    /// `code` is not registered, and {IssuerRegistryKeyAlreadyRegistered} if this department registered the key
    /// before, revoked or not. The department need not be active. Emits {KeyRegistered}.
    /// @param code The department code.
    /// @param algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2.
    /// @param spki The key's canonical DER SubjectPublicKeyInfo.
    /// @param validFrom Time from which the key signs for the department; not before the current block.
    function registerKey(string calldata code, uint8 algorithm, bytes calldata spki, uint64 validFrom) external;

    /// @notice Revokes a department's key from `effectiveAt` on, or marks a superseded key compromised.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryInvalidKeyRevocationReason} unless `reason` is 1 (superseded) or 2 (compromised),
    /// {IssuerRegistrySupersessionBackdated} if `reason` is 1 and `effectiveAt < block.timestamp`,
    /// {IssuerRegistryUnknownDepartment} if `code` is not registered, {IssuerRegistryUnknownKey} if the key is not
    /// the department's, {IssuerRegistryRevocationBeforeValidFrom} if `reason` is 2 and `effectiveAt` is before
    /// the key's `validFrom`, and {IssuerRegistryKeyAlreadyRevoked} if the key is revoked already, unless it is
    /// superseded, `reason` is 2 and `effectiveAt` is not after the recorded effective time (then the reason
    /// becomes 2 and the effective time `effectiveAt`). A superseded key's `effectiveAt` may lie before
    /// `validFrom` (a key registered by mistake is withdrawn before it ever becomes valid).
    /// Emits {KeyRevoked}.
    /// @param code The department code.
    /// @param fingerprint The key's fingerprint.
    /// @param reason 1 superseded, 2 compromised.
    /// @param effectiveAt Time from which the key no longer signs for the department.
    function revokeKey(string calldata code, bytes32 fingerprint, uint8 reason, uint64 effectiveAt) external;

    /// @notice Accredits a department for a document type.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryInvalidDocumentType} unless `docType` is 1 to 64 bytes from `a-z 0-9 -` and does not start
    /// with `-`, {IssuerRegistryUnknownDepartment} if `code` is not registered, and
    /// {IssuerRegistryDocumentTypeAlreadyAllowed} if it is allowed already. Emits {DocumentTypeAllowed}.
    /// @param code The department code.
    /// @param docType The document type.
    function allowDocumentType(string calldata code, string calldata docType) external;

    /// @notice Withdraws a department's accreditation for a document type.
    /// @dev Only callable by accounts holding `ISSUER_ADMIN_ROLE`. Reverts with
    /// {IssuerRegistryInvalidDocumentType} unless `docType` is well-formed, {IssuerRegistryUnknownDepartment} if
    /// `code` is not registered, and {IssuerRegistryDocumentTypeNotAllowed} unless it is allowed. The last
    /// document type of {documentTypesOf} takes the withdrawn one's place. Emits {DocumentTypeWithdrawn}.
    /// @param code The department code.
    /// @param docType The document type.
    function withdrawDocumentType(string calldata code, string calldata docType) external;

    /// @notice A department's record now.
    /// @return registered Whether `code` is registered.
    /// @return nameZh The name in Chinese, or empty.
    /// @return nameEn The name in English, or empty.
    /// @return registeredAt Timestamp of the block that registered it, or 0.
    /// @return active Whether it is active at the current block's timestamp (see {departmentAt}).
    function department(string calldata code)
        external
        view
        returns (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt, bool active);

    /// @notice A department's standing at `time`.
    /// @return registered Whether `code` is registered and `registeredAt <= time`.
    /// @return active Whether `registered` and the last status entry with `from <= time` is active.
    function departmentAt(string calldata code, uint64 time) external view returns (bool registered, bool active);

    /// @notice A department's status history, oldest first; empty arrays for an unknown code.
    /// @return active Whether entry `i` makes the department active (true) or suspended (false).
    /// @return from The time from which entry `i` applies; never decreasing.
    function statusHistory(string calldata code) external view returns (bool[] memory active, uint64[] memory from);

    /// @notice The codes of all registered departments, in order of registration.
    function departmentCodes() external view returns (string[] memory);

    /// @notice Whether a key signs for a department at `time`.
    /// @return valid True when the key is registered for `code`, `validFrom <= time`, and it is not revoked or
    /// `time < effectiveAt`. The department's own status is not considered: see {departmentAt}.
    /// @return algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2, whether valid or not; 0 for an unknown key.
    function keyAt(string calldata code, bytes32 fingerprint, uint64 time)
        external
        view
        returns (bool valid, uint8 algorithm);

    /// @notice Everything recorded about a department's key; all zeros and empty for an unknown key.
    /// @return algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2; 0 if the key is unknown.
    /// @return spki The canonical DER SubjectPublicKeyInfo; `sha256(spki) == fingerprint`.
    /// @return validFrom Time from which the key signs.
    /// @return registeredAt Timestamp of the block that registered the key.
    /// @return revocationReason 0 not revoked, 1 superseded, 2 compromised.
    /// @return effectiveAt Time from which the key no longer signs, or 0 if not revoked.
    /// @return revokedAt Timestamp of the block that recorded the (latest) revocation, or 0.
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
        );

    /// @notice The fingerprints of every key ever registered for a department, revoked or not, in order.
    function keysOf(string calldata code) external view returns (bytes32[] memory);

    /// @notice The document types a department is accredited for now; the order is not meaningful.
    function documentTypesOf(string calldata code) external view returns (string[] memory);

    /// @notice Whether a department is accredited for `docType` now.
    function isDocumentTypeAllowed(string calldata code, string calldata docType) external view returns (bool);
}
