// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IIssuerRegistry} from "../../src/IIssuerRegistry.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice The issuer registry rebuilt from its event logs alone, as the gateway rebuilds its database: the
/// invariant tests compare it with the registry's views to show that the events carry everything.
/// @dev Knows nothing of the registry but the event signatures. Document types are kept as a set (the registry's
/// order is not meaningful), so comparisons must not depend on order.
contract IssuerRegistryReplica {
    struct Department {
        bool registered;
        string nameZh;
        string nameEn;
        uint64 registeredAt;
        bool[] active;
        uint64[] from;
        bytes32[] keys;
        string[] documentTypes;
    }

    struct Key {
        uint8 algorithm;
        bytes spki;
        uint64 validFrom;
        uint64 registeredAt;
        uint8 revocationReason;
        uint64 effectiveAt;
        uint64 revokedAt;
    }

    mapping(bytes32 departmentId => Department) private _departments;
    mapping(bytes32 departmentId => mapping(bytes32 fingerprint => Key)) private _keys;
    string[] private _codes;

    /// @notice Events whose indexed department id is not `keccak256(bytes(code))` of the code they carry, or
    /// that name an unknown department; must stay zero.
    uint256 public inconsistentEvents;

    /// @notice Applies one log of the registry; logs of other events (roles) are ignored.
    function replay(Vm.Log memory log) external {
        bytes32 topic = log.topics[0];
        if (topic == IIssuerRegistry.DepartmentRegistered.selector) {
            (string memory code, string memory nameZh, string memory nameEn, uint64 registeredAt) =
                abi.decode(log.data, (string, string, string, uint64));
            Department storage d = _departments[_checkedId(log, code)];
            if (d.registered) inconsistentEvents++;
            d.registered = true;
            (d.nameZh, d.nameEn, d.registeredAt) = (nameZh, nameEn, registeredAt);
            d.active.push(true);
            d.from.push(registeredAt);
            _codes.push(code);
        } else if (topic == IIssuerRegistry.DepartmentRenamed.selector) {
            (string memory code, string memory nameZh, string memory nameEn) =
                abi.decode(log.data, (string, string, string));
            Department storage d = _known(log, code);
            (d.nameZh, d.nameEn) = (nameZh, nameEn);
        } else if (
            topic == IIssuerRegistry.DepartmentSuspended.selector
                || topic == IIssuerRegistry.DepartmentReinstated.selector
        ) {
            (string memory code, uint64 from) = abi.decode(log.data, (string, uint64));
            Department storage d = _known(log, code);
            d.active.push(topic == IIssuerRegistry.DepartmentReinstated.selector);
            d.from.push(from);
        } else if (topic == IIssuerRegistry.KeyRegistered.selector) {
            (string memory code, uint8 algorithm, bytes memory spki, uint64 validFrom, uint64 registeredAt) =
                abi.decode(log.data, (string, uint8, bytes, uint64, uint64));
            Department storage d = _known(log, code);
            bytes32 fingerprint = log.topics[2];
            Key storage k = _keys[log.topics[1]][fingerprint];
            if (k.algorithm != 0) inconsistentEvents++;
            (k.algorithm, k.spki, k.validFrom, k.registeredAt) = (algorithm, spki, validFrom, registeredAt);
            d.keys.push(fingerprint);
        } else if (topic == IIssuerRegistry.KeyRevoked.selector) {
            (string memory code, uint8 reason, uint64 effectiveAt, uint64 revokedAt) =
                abi.decode(log.data, (string, uint8, uint64, uint64));
            _known(log, code);
            Key storage k = _keys[log.topics[1]][log.topics[2]];
            if (k.algorithm == 0) inconsistentEvents++;
            (k.revocationReason, k.effectiveAt, k.revokedAt) = (reason, effectiveAt, revokedAt);
        } else if (topic == IIssuerRegistry.DocumentTypeAllowed.selector) {
            (string memory code, string memory docType) = abi.decode(log.data, (string, string));
            Department storage d = _known(log, code);
            if (_indexOf(d.documentTypes, docType) != type(uint256).max) inconsistentEvents++;
            d.documentTypes.push(docType);
        } else if (topic == IIssuerRegistry.DocumentTypeWithdrawn.selector) {
            (string memory code, string memory docType) = abi.decode(log.data, (string, string));
            Department storage d = _known(log, code);
            uint256 index = _indexOf(d.documentTypes, docType);
            if (index == type(uint256).max) {
                inconsistentEvents++;
                return;
            }
            d.documentTypes[index] = d.documentTypes[d.documentTypes.length - 1];
            d.documentTypes.pop();
        }
    }

    function department(string memory code)
        external
        view
        returns (bool registered, string memory nameZh, string memory nameEn, uint64 registeredAt)
    {
        Department storage d = _departments[keccak256(bytes(code))];
        return (d.registered, d.nameZh, d.nameEn, d.registeredAt);
    }

    function statusHistory(string memory code) external view returns (bool[] memory, uint64[] memory) {
        Department storage d = _departments[keccak256(bytes(code))];
        return (d.active, d.from);
    }

    function keysOf(string memory code) external view returns (bytes32[] memory) {
        return _departments[keccak256(bytes(code))].keys;
    }

    function key(string memory code, bytes32 fingerprint) external view returns (Key memory) {
        return _keys[keccak256(bytes(code))][fingerprint];
    }

    function documentTypesOf(string memory code) external view returns (string[] memory) {
        return _departments[keccak256(bytes(code))].documentTypes;
    }

    function departmentCodes() external view returns (string[] memory) {
        return _codes;
    }

    function _checkedId(Vm.Log memory log, string memory code) private returns (bytes32 id) {
        id = log.topics[1];
        if (id != keccak256(bytes(code))) inconsistentEvents++;
    }

    function _known(Vm.Log memory log, string memory code) private returns (Department storage d) {
        d = _departments[_checkedId(log, code)];
        if (!d.registered) inconsistentEvents++;
    }

    function _indexOf(string[] storage list, string memory item) private view returns (uint256) {
        for (uint256 i = 0; i < list.length; i++) {
            if (keccak256(bytes(list[i])) == keccak256(bytes(item))) return i;
        }
        return type(uint256).max;
    }
}
