// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {IAnchorRegistry} from "./IAnchorRegistry.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";

/// @title AnchorRegistry
/// @notice Append-only on-chain registry of batch Merkle roots for the document-anchoring gateway.
/// @dev The default admin is governed by OpenZeppelin's two-step, delayed transfer rules so that a
/// compromised admin key cannot silently hand the registry over. Anchoring and revocation are separate
/// roles: a development deployment may give both to the gateway's single key, while production may hold
/// them in separate keys so that a leaked anchoring key cannot revoke documents and vice versa.
///
/// Storage layout is part of the proof format (docs/proof-format.md): `_anchors` must stay at slot 3, the first
/// slot after the state inherited from AccessControl and AccessControlDefaultAdminRules (slots 0 to 2). Add new
/// state only after the existing variables; the issuer registry address is an immutable, in the code, not in
/// storage.
contract AnchorRegistry is IAnchorRegistry, AccessControlDefaultAdminRules {
    /// @notice Role allowed to call {anchor}.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");
    /// @notice Role allowed to call {revoke}, {revokeBatch}, {revokeSigned} and {revokeSignedBatch}.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @dev Highest valid revocation reason code (5, "other"); 0 means "not revoked".
    uint8 private constant MAX_REVOCATION_REASON = 5;
    /// @dev DER ECDSA P-256 and SM2 signatures take at most 72 bytes, Ed25519 ones 64.
    uint256 private constant MAX_SIGNATURE_LENGTH = 128;
    bytes16 private constant HEX_DIGITS = "0123456789abcdef";

    address private immutable _issuerRegistry;

    struct Anchor {
        uint64 batchId;
        uint64 blockNumber;
        uint64 timestamp;
    }

    /// @dev `reason` is nonzero exactly when the leaf is revoked; `keyFingerprint` is nonzero exactly when the
    /// revocation was signed, and is written only then.
    struct Revocation {
        uint8 reason;
        uint64 revokedAt;
        uint64 blockNumber;
        bytes32 replacementLeaf;
        bytes32 keyFingerprint;
    }

    mapping(bytes32 root => Anchor) private _anchors;
    mapping(uint64 batchId => bytes32 root) private _roots;
    bytes32 private _head;
    uint64 private _lastBatchId;
    mapping(bytes32 leaf => Revocation) private _revocations;

    /// @param initialAdminDelay Delay, in seconds, before a default admin transfer can be accepted.
    /// @param initialAdmin The default admin.
    /// @param initialAnchorer Account granted `ANCHORER_ROLE` and `REVOKER_ROLE`, so that a gateway with a
    /// single key can do both; zero grants them to nobody. The admin can later revoke either role from it
    /// and grant `REVOKER_ROLE` to a separate key.
    /// @param issuerRegistry_ The issuer registry verifiers should read, or zero for none; reverts with
    /// {AnchorRegistryNotAnIssuerRegistry} unless it reports `IIssuerRegistry` through ERC-165. It cannot be
    /// changed later: a verifier that trusts this registry trusts that issuer registry through it.
    constructor(uint48 initialAdminDelay, address initialAdmin, address initialAnchorer, address issuerRegistry_)
        AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin)
    {
        if (
            issuerRegistry_ != address(0)
                && !ERC165Checker.supportsInterface(issuerRegistry_, type(IIssuerRegistry).interfaceId)
        ) {
            revert AnchorRegistryNotAnIssuerRegistry(issuerRegistry_);
        }
        _issuerRegistry = issuerRegistry_;
        if (initialAnchorer != address(0)) {
            _grantRole(ANCHORER_ROLE, initialAnchorer);
            _grantRole(REVOKER_ROLE, initialAnchorer);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function anchor(uint64 batchId, bytes32 root, uint32 leafCount) external onlyRole(ANCHORER_ROLE) {
        uint64 expected = _lastBatchId + 1;
        if (batchId != expected) revert AnchorRegistryBatchIdOutOfSequence(expected, batchId);
        if (root == bytes32(0)) revert AnchorRegistryZeroRoot();
        uint64 previousBatchId = _anchors[root].batchId;
        if (previousBatchId != 0) revert AnchorRegistryRootAlreadyAnchored(root, previousBatchId);
        if (leafCount == 0) revert AnchorRegistryEmptyBatch();

        bytes32 newHead = keccak256(abi.encode(_head, batchId, root, leafCount));
        _anchors[root] = Anchor(batchId, uint64(block.number), uint64(block.timestamp));
        _roots[batchId] = root;
        _lastBatchId = batchId;
        _head = newHead;
        emit RootAnchored(batchId, root, leafCount, newHead);
    }

    /// @inheritdoc IAnchorRegistry
    function revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) external onlyRole(REVOKER_ROLE) {
        _revoke(leaf, reason, replacementLeaf);
    }

    /// @inheritdoc IAnchorRegistry
    function revokeBatch(bytes32[] calldata leaves, uint8[] calldata reasons, bytes32[] calldata replacements)
        external
        onlyRole(REVOKER_ROLE)
    {
        uint256 count = leaves.length;
        if (reasons.length != count || replacements.length != count) {
            revert AnchorRegistryLengthMismatch(count, reasons.length, replacements.length);
        }
        for (uint256 i = 0; i < count; i++) {
            _revoke(leaves[i], reasons[i], replacements[i]);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function revokeSigned(
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf,
        bytes32 keyFingerprint,
        bytes calldata signature
    ) external onlyRole(REVOKER_ROLE) {
        _revokeSigned(leaf, reason, replacementLeaf, keyFingerprint, signature);
    }

    /// @inheritdoc IAnchorRegistry
    function revokeSignedBatch(
        bytes32[] calldata leaves,
        uint8[] calldata reasons,
        bytes32[] calldata replacements,
        bytes32[] calldata keyFingerprints,
        bytes[] calldata signatures
    ) external onlyRole(REVOKER_ROLE) {
        uint256 count = leaves.length;
        if (
            reasons.length != count || replacements.length != count || keyFingerprints.length != count
                || signatures.length != count
        ) {
            revert AnchorRegistrySignedLengthMismatch(
                count, reasons.length, replacements.length, keyFingerprints.length, signatures.length
            );
        }
        for (uint256 i = 0; i < count; i++) {
            _revokeSigned(leaves[i], reasons[i], replacements[i], keyFingerprints[i], signatures[i]);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function anchorOf(bytes32 root) external view returns (uint64 batchId, uint64 blockNumber, uint64 timestamp) {
        Anchor storage a = _anchors[root];
        return (a.batchId, a.blockNumber, a.timestamp);
    }

    /// @inheritdoc IAnchorRegistry
    function rootOf(uint64 batchId) external view returns (bytes32) {
        return _roots[batchId];
    }

    /// @inheritdoc IAnchorRegistry
    function head() external view returns (bytes32) {
        return _head;
    }

    /// @inheritdoc IAnchorRegistry
    function lastBatchId() external view returns (uint64) {
        return _lastBatchId;
    }

    /// @inheritdoc IAnchorRegistry
    function revocationOf(bytes32 leaf)
        external
        view
        returns (uint8 reason, uint64 revokedAt, uint64 blockNumber, bytes32 replacementLeaf)
    {
        Revocation storage r = _revocations[leaf];
        return (r.reason, r.revokedAt, r.blockNumber, r.replacementLeaf);
    }

    /// @inheritdoc IAnchorRegistry
    function isRevoked(bytes32 leaf) external view returns (bool) {
        return _revocations[leaf].reason != 0;
    }

    /// @inheritdoc IAnchorRegistry
    function revocationSignerOf(bytes32 leaf) external view returns (bytes32 keyFingerprint) {
        return _revocations[leaf].keyFingerprint;
    }

    /// @inheritdoc IAnchorRegistry
    function revocationMessage(string calldata department, bytes32 leaf, uint8 reason, bytes32 replacementLeaf)
        external
        pure
        returns (bytes memory)
    {
        return bytes.concat(
            "anchor-gateway/v1/revocation\n",
            bytes(department),
            "\n",
            _hex(leaf),
            "\n",
            _decimal(reason),
            "\n",
            _hex(replacementLeaf)
        );
    }

    /// @inheritdoc IAnchorRegistry
    function issuerRegistry() external view returns (address) {
        return _issuerRegistry;
    }

    /// @inheritdoc IAnchorRegistry
    function verifyInclusion(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external view returns (bool) {
        return _anchors[root].batchId != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @dev Arguments are validated before the idempotency check, so a malformed retry still reverts
    /// instead of passing silently because the leaf happens to be revoked already.
    function _revoke(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) private {
        _checkRevocation(leaf, reason, replacementLeaf);
        _record(leaf, reason, replacementLeaf, bytes32(0));
    }

    function _revokeSigned(
        bytes32 leaf,
        uint8 reason,
        bytes32 replacementLeaf,
        bytes32 keyFingerprint,
        bytes calldata signature
    ) private {
        _checkRevocation(leaf, reason, replacementLeaf);
        if (keyFingerprint == bytes32(0)) revert AnchorRegistryZeroKeyFingerprint();
        if (signature.length == 0 || signature.length > MAX_SIGNATURE_LENGTH) {
            revert AnchorRegistryInvalidSignatureLength(signature.length);
        }
        if (_record(leaf, reason, replacementLeaf, keyFingerprint)) {
            emit DocumentRevocationSigned(leaf, keyFingerprint, signature);
        }
    }

    function _checkRevocation(bytes32 leaf, uint8 reason, bytes32 replacementLeaf) private pure {
        if (reason == 0 || reason > MAX_REVOCATION_REASON) revert AnchorRegistryInvalidRevocationReason(reason);
        if (leaf == bytes32(0)) revert AnchorRegistryZeroLeaf();
        if (replacementLeaf == leaf) revert AnchorRegistrySelfReplacement(leaf);
    }

    /// @dev Records a new revocation and emits {DocumentRevoked}; returns false, doing nothing, if `leaf` is
    /// revoked already.
    function _record(bytes32 leaf, uint8 reason, bytes32 replacementLeaf, bytes32 keyFingerprint)
        private
        returns (bool)
    {
        Revocation storage r = _revocations[leaf];
        // First revocation stands: a retry, even with other arguments, must neither rewrite nor re-announce it.
        if (r.reason != 0) return false;

        uint64 revokedAt = uint64(block.timestamp);
        r.reason = reason;
        r.revokedAt = revokedAt;
        r.blockNumber = uint64(block.number);
        r.replacementLeaf = replacementLeaf;
        if (keyFingerprint != bytes32(0)) r.keyFingerprint = keyFingerprint;
        emit DocumentRevoked(leaf, reason, replacementLeaf, revokedAt);
        return true;
    }

    /// @dev `0x` and 64 lower-case hex digits. (OpenZeppelin's Strings needs MCOPY, which London lacks.)
    function _hex(bytes32 value) private pure returns (bytes memory out) {
        out = new bytes(66);
        out[0] = "0";
        out[1] = "x";
        for (uint256 i = 0; i < 32; i++) {
            uint8 b = uint8(value[i]);
            out[2 + 2 * i] = HEX_DIGITS[b >> 4];
            out[3 + 2 * i] = HEX_DIGITS[b & 0x0f];
        }
    }

    /// @dev The decimal digits of `value`, without leading zeros.
    function _decimal(uint8 value) private pure returns (bytes memory) {
        if (value >= 100) {
            return
                abi.encodePacked(
                    bytes1(0x30 + value / 100), bytes1(0x30 + (value / 10) % 10), bytes1(0x30 + value % 10)
                );
        }
        if (value >= 10) return abi.encodePacked(bytes1(0x30 + value / 10), bytes1(0x30 + value % 10));
        return abi.encodePacked(bytes1(0x30 + value));
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAnchorRegistry).interfaceId || super.supportsInterface(interfaceId);
    }
}
