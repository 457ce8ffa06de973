// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Public keys for the tests, as canonical DER SubjectPublicKeyInfo, with their SHA-256 fingerprints.
/// @dev `P256_A`, `ED25519_A` and `SM2_A` are the keys of `src/test/resources/signatures/vectors.json` (Node 20
/// crypto and OpenSSL 3.0.19), whose `fingerprint` fields the Java and JavaScript verifiers compute: the
/// `*_FINGERPRINT` constants are copied from there, not computed here. `P256_B`, `P256_C`, `SM2_B` and `SM2_C`
/// come from Node 20 `crypto.generateKeyPairSync('ec', {namedCurve})` with `prime256v1` and `SM2`, exported with
/// `publicKey.export({type: 'spki', format: 'der'})`; their private keys were discarded.
library TestKeys {
    uint8 internal constant ECDSA_P256 = 1;
    uint8 internal constant ED25519 = 2;
    uint8 internal constant SM2 = 3;

    bytes internal constant P256_A =
        hex"3059301306072a8648ce3d020106082a8648ce3d03010703420004f501ffaa412cee8bf25ebcadcc33c6129005a046f13e31ebcc9b75005a82e860f342eba544201ced1b60005346aa5a7337143e1fb69d16b641204c55f3eefd2d";
    bytes32 internal constant P256_A_FINGERPRINT = 0x7ab6d692a371cf23b09086dc2d2077cea3acfebf878c98600da631a77bec8d9c;
    bytes internal constant ED25519_A =
        hex"302a300506032b6570032100b70d501cc236ab5f746da99c72025e6c38d3e6712b9d317a6a38baa9ff5b7780";
    bytes32 internal constant ED25519_A_FINGERPRINT =
        0x4e5387c6a8c8a74b22bdef22373f2a5dfba4ba746a204a1bf416b65b370b8810;
    bytes internal constant SM2_A =
        hex"3059301306072a8648ce3d020106082a811ccf5501822d0342000435c3fd79d1f4a6c6e00965b84a4843941f25b65e5643f7ee99303da57826fb047f1ceb31876b044c8a766a557161754e90fe9de0b152b1f75064a41d57a96830";
    bytes32 internal constant SM2_A_FINGERPRINT = 0x2f0e0caaac1e292c919189b41d63d4ad858ea2896981d5c4a42d0c66dd3719cd;

    bytes internal constant P256_B =
        hex"3059301306072a8648ce3d020106082a8648ce3d0301070342000401100576885cfc6278da553f23a35afb1020645e9e5ed130f6586c603f55a8b234af47354ca06a46950cf3a8fc4d630cd6d4d5198f341266b271c684188b1fce";
    bytes internal constant P256_C =
        hex"3059301306072a8648ce3d020106082a8648ce3d03010703420004790613fe8afd12d39ddb5346de4662dec8b9eb2bb3ab69427d69f7e7c6137b43cce02fb515de11ad55f996db21875be9ba38360fc0120c9b8d25d82378c40f87";
    bytes internal constant SM2_B =
        hex"3059301306072a8648ce3d020106082a811ccf5501822d034200047de9a6deabdbce6639cd26df42424c184fd48340201066f711febac3d205267a262bbcb7b84c832dc3233f26d1ee74090152c30637ced3b1d4e615583f7a5a2c";
    bytes internal constant SM2_C =
        hex"3059301306072a8648ce3d020106082a811ccf5501822d034200042358a72af0b1fc61bca3a6dc4de743c57c6aa7d65a1e3a79f0b7405226ea4cbe41698cd2c57f1acbdb305fd36626e3d1ce54c86cb0f90f45a83f539ba43748a5";

    /// @dev The 12 bytes before the key in every Ed25519 SubjectPublicKeyInfo (RFC 8410).
    bytes internal constant ED25519_PREFIX = hex"302a300506032b6570032100";

    /// @notice An Ed25519 SubjectPublicKeyInfo around any 32 bytes (the registry does not decode Ed25519 points).
    function ed25519(bytes32 raw) internal pure returns (bytes memory) {
        return bytes.concat(ED25519_PREFIX, raw);
    }

    /// @notice One of the fixed EC keys: `index % 6` picks P256_A, P256_B, P256_C, SM2_A, SM2_B, SM2_C.
    function ecKey(uint256 index) internal pure returns (uint8 algorithm, bytes memory spki) {
        index %= 6;
        if (index == 0) return (ECDSA_P256, P256_A);
        if (index == 1) return (ECDSA_P256, P256_B);
        if (index == 2) return (ECDSA_P256, P256_C);
        if (index == 3) return (SM2, SM2_A);
        if (index == 4) return (SM2, SM2_B);
        return (SM2, SM2_C);
    }
}
