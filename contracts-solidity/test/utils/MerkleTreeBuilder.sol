// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice Builds Merkle trees in the layout of OpenZeppelin's `StandardMerkleTree` (merkle-tree 1.0.x).
/// @dev Leaves are sorted ascending, stored at the end of a flat array in reverse order and paired
/// with the commutative `Hashes.commutativeKeccak256`, so roots and proofs match the JS library
/// and `MerkleProof.verify`. Deliberately simple and slow: it is a reference, not production code.
library MerkleTreeBuilder {
    /// @notice The leaf hash `StandardMerkleTree.of([[value]], ["bytes32"])` uses.
    function leafHash(bytes32 value) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(value))));
    }

    /// @notice Sorts `leaves` in place, ascending, as `StandardMerkleTree` does by default.
    function sortLeaves(bytes32[] memory leaves) internal pure {
        for (uint256 i = 1; i < leaves.length; i++) {
            bytes32 key = leaves[i];
            uint256 j = i;
            while (j > 0 && leaves[j - 1] > key) {
                leaves[j] = leaves[j - 1];
                j--;
            }
            leaves[j] = key;
        }
    }

    /// @notice The full tree for already sorted `leaves`; `tree[0]` is the root.
    function build(bytes32[] memory leaves) internal pure returns (bytes32[] memory tree) {
        require(leaves.length > 0, "MerkleTreeBuilder: no leaves");
        tree = new bytes32[](2 * leaves.length - 1);
        for (uint256 i = 0; i < leaves.length; i++) {
            tree[tree.length - 1 - i] = leaves[i];
        }
        for (uint256 i = tree.length - leaves.length; i > 0; i--) {
            uint256 node = i - 1;
            tree[node] = Hashes.commutativeKeccak256(tree[2 * node + 1], tree[2 * node + 2]);
        }
    }

    /// @notice The proof for the `leafIndex`-th sorted leaf of `tree`, from the leaf's sibling upwards.
    function proofOf(bytes32[] memory tree, uint256 leafIndex) internal pure returns (bytes32[] memory proof) {
        uint256 leafCount = (tree.length + 1) / 2;
        require(leafIndex < leafCount, "MerkleTreeBuilder: leaf index out of range");
        uint256 node = tree.length - 1 - leafIndex;
        uint256 depth = 0;
        for (uint256 n = node; n > 0; n = (n - 1) / 2) {
            depth++;
        }
        proof = new bytes32[](depth);
        for (uint256 level = 0; node > 0; level++) {
            proof[level] = tree[node % 2 == 1 ? node + 1 : node - 1];
            node = (node - 1) / 2;
        }
    }
}
