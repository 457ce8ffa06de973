package org.docanchor.verifier.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree built exactly as OpenZeppelin's {@code StandardMerkleTree} builds it, so that its roots and
 * proofs verify with OpenZeppelin {@code MerkleProof}, the {@code @openzeppelin/merkle-tree} library and the
 * registry contract.
 *
 * <p>Leaves are already hashed ({@link LeafEncoding#leafHash}); they are sorted, laid out as a complete binary
 * tree in an array (leaf {@code i} of the sorted list at index {@code size - 1 - i}) and every inner node is
 * keccak256 of its two children in ascending byte order.
 */
public final class StandardMerkleTree {

    private final Hash32[] nodes;
    private final List<Hash32> sortedLeaves;

    private StandardMerkleTree(Hash32[] nodes, List<Hash32> sortedLeaves) {
        this.nodes = nodes;
        this.sortedLeaves = sortedLeaves;
    }

    /** Builds the tree over the given leaf hashes (in any order; duplicates are allowed, as in OpenZeppelin). */
    public static StandardMerkleTree of(List<Hash32> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<Hash32> sorted = new ArrayList<>(leaves);
        sorted.sort(null);
        Hash32[] nodes = new Hash32[2 * sorted.size() - 1];
        for (int i = 0; i < sorted.size(); i++) {
            nodes[nodes.length - 1 - i] = sorted.get(i);
        }
        for (int i = nodes.length - 1 - sorted.size(); i >= 0; i--) {
            nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        return new StandardMerkleTree(nodes, List.copyOf(sorted));
    }

    public Hash32 root() {
        return nodes[0];
    }

    public int size() {
        return sortedLeaves.size();
    }

    /** The leaves in tree order (ascending); {@link #proof(int)} takes an index into this list. */
    public List<Hash32> sortedLeaves() {
        return sortedLeaves;
    }

    /** Returns the sibling path from the leaf at {@code sortedIndex} up to (not including) the root. */
    public List<Hash32> proof(int sortedIndex) {
        if (sortedIndex < 0 || sortedIndex >= sortedLeaves.size()) {
            throw new IndexOutOfBoundsException(
                    "leaf index " + sortedIndex + " is outside a tree of " + sortedLeaves.size() + " leaves");
        }
        List<Hash32> path = new ArrayList<>();
        int i = nodes.length - 1 - sortedIndex;
        while (i > 0) {
            path.add(nodes[i % 2 == 1 ? i + 1 : i - 1]);
            i = (i - 1) / 2;
        }
        return path;
    }

    /** Folds a sibling path onto a leaf, as OpenZeppelin {@code MerkleProof.processProof} does. */
    public static Hash32 rootFromProof(List<Hash32> path, Hash32 leaf) {
        Hash32 computed = leaf;
        for (Hash32 sibling : path) {
            computed = hashPair(computed, sibling);
        }
        return computed;
    }

    /** True when {@code path} leads from {@code leaf} to {@code root}. */
    public static boolean verify(List<Hash32> path, Hash32 root, Hash32 leaf) {
        return rootFromProof(path, leaf).equals(root);
    }

    /** keccak256 of the two nodes in ascending byte order (commutative, as in OpenZeppelin). */
    public static Hash32 hashPair(Hash32 a, Hash32 b) {
        byte[] x = a.bytes();
        byte[] y = b.bytes();
        return Arrays.compareUnsigned(x, y) <= 0 ? new Hash32(Keccak.hash(x, y)) : new Hash32(Keccak.hash(y, x));
    }
}
