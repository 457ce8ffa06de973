package org.docanchor.verifier.merkle;

import java.util.AbstractList;
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
 *
 * <p>That array is one flat {@code byte[]}, 32 bytes a node, so node {@code i}'s children are the 64 bytes at
 * {@code 32 * (2i + 1)}: hashing a node reads them in place. The nodes of one depth depend only on the depth below,
 * so large depths are hashed in slices on several threads ({@link Parallelism}).
 */
public final class StandardMerkleTree {

    /** A million-leaf tree is 64 MB; past this many leaves the node array would not fit a Java array. */
    static final int MAX_LEAVES = (Integer.MAX_VALUE - 64) / 64;

    /** The 2n - 1 nodes in OpenZeppelin's order, 32 bytes each; the root at 0, the leaves in the last n. */
    private final byte[] nodes;
    private final int size;
    /**
     * {@code sortedIndex[i]}: where the i-th leaf given to the factory ended up in {@link #sortedLeaves()}; null for
     * a tree built from leaves already in order, where it is {@code i}.
     */
    private final int[] sortedIndex;

    private StandardMerkleTree(byte[] nodes, int size, int[] sortedIndex) {
        this.nodes = nodes;
        this.size = size;
        this.sortedIndex = sortedIndex;
    }

    /**
     * Builds the tree over the given leaf hashes (in any order; duplicates are allowed, as in OpenZeppelin), on
     * several threads when the tree is large.
     */
    public static StandardMerkleTree of(List<Hash32> leaves) {
        return of(leaves, Parallelism.forSize(leaves.size()));
    }

    /** As {@link #of(List)}, on the calling thread only or on several as {@code parallelism} says. */
    public static StandardMerkleTree of(List<Hash32> leaves, Parallelism parallelism) {
        byte[] flat = new byte[32 * checkSize(leaves.size())];
        for (int i = 0; i < leaves.size(); i++) {
            System.arraycopy(leaves.get(i).array(), 0, flat, 32 * i, 32);
        }
        return ofLeafHashes(flat, parallelism);
    }

    /**
     * Builds the tree over {@code leafHashes}, 32 bytes a leaf, in any order (as {@link LeafEncoding#leafHashes}
     * returns them). The array is not kept.
     */
    public static StandardMerkleTree ofLeafHashes(byte[] leafHashes, Parallelism parallelism) {
        if (leafHashes.length % 32 != 0) {
            throw new IllegalArgumentException("leaf hashes are 32 bytes each, got " + leafHashes.length + " bytes");
        }
        int n = checkSize(leafHashes.length / 32);
        int[] order = sortedOrder(leafHashes, n, parallelism);
        byte[] nodes = new byte[32 * (2 * n - 1)];
        int[] sortedIndex = new int[n];
        int last = 2 * n - 2;
        for (int rank = 0; rank < n; rank++) {
            System.arraycopy(leafHashes, 32 * order[rank], nodes, 32 * (last - rank), 32);
            sortedIndex[order[rank]] = rank;
        }
        hashInnerNodes(nodes, n, parallelism);
        return new StandardMerkleTree(nodes, n, sortedIndex);
    }

    /**
     * Builds the tree over {@code sortedLeafHashes}, 32 bytes a leaf, already in ascending byte order (as
     * {@link #sortedLeafBytes} returns them): no sorting. The array is not kept.
     *
     * @throws IllegalArgumentException when a leaf is smaller than the one before it
     */
    public static StandardMerkleTree ofSortedLeafHashes(byte[] sortedLeafHashes, Parallelism parallelism) {
        if (sortedLeafHashes.length % 32 != 0) {
            throw new IllegalArgumentException("leaf hashes are 32 bytes each, got " + sortedLeafHashes.length
                    + " bytes");
        }
        int n = checkSize(sortedLeafHashes.length / 32);
        byte[] nodes = new byte[32 * (2 * n - 1)];
        int last = 2 * n - 2;
        for (int rank = 0; rank < n; rank++) {
            if (rank > 0 && Arrays.compareUnsigned(sortedLeafHashes, 32 * (rank - 1), 32 * rank,
                    sortedLeafHashes, 32 * rank, 32 * rank + 32) > 0) {
                throw new IllegalArgumentException("leaf " + rank + " is smaller than leaf " + (rank - 1)
                        + ": the leaves are not in ascending order");
            }
            System.arraycopy(sortedLeafHashes, 32 * rank, nodes, 32 * (last - rank), 32);
        }
        hashInnerNodes(nodes, n, parallelism);
        return new StandardMerkleTree(nodes, n, null);
    }

    private static int checkSize(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        if (n > MAX_LEAVES) {
            throw new IllegalArgumentException("a Merkle tree holds at most " + MAX_LEAVES + " leaves, got " + n);
        }
        return n;
    }

    /**
     * The indices of the leaves in ascending byte order. Sorted as longs: the top bits of each leaf's first eight
     * bytes (unsigned) above its index, then runs whose top bits tie are put in order by full comparison.
     */
    private static int[] sortedOrder(byte[] leaves, int n, Parallelism parallelism) {
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        long indexMask = (1L << indexBits) - 1;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = prefix(leaves, 32 * i) >>> indexBits << indexBits | i;
        }
        if (parallelism == Parallelism.ALL_CORES && n >= Parallelism.MIN_SPLIT) {
            Arrays.parallelSort(keys);
        } else {
            Arrays.sort(keys);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & indexMask);
        }
        // Leaves whose kept prefix bits tie (rare: about n^2 / 2^(65 - indexBits) pairs) are ordered by all 32 bytes.
        for (int start = 0; start < n - 1; start++) {
            int end = start + 1;
            while (end < n && keys[end] >>> indexBits == keys[start] >>> indexBits) {
                end++;
            }
            if (end - start > 1) {
                sortRun(leaves, order, start, end);
            }
            start = end - 1;
        }
        return order;
    }

    /** The first eight bytes of the leaf at {@code offset}, big-endian, shifted so that signed order is unsigned. */
    private static long prefix(byte[] leaves, int offset) {
        return Long.reverseBytes((long) Keccak.LE.get(leaves, offset)) >>> 1;
    }

    /** Insertion sort of {@code order[start, end)} by full byte comparison; runs are a few leaves long. */
    private static void sortRun(byte[] leaves, int[] order, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            int moving = order[i];
            int j = i - 1;
            while (j >= start && compare(leaves, 32 * order[j], 32 * moving) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = moving;
        }
    }

    private static int compare(byte[] bytes, int a, int b) {
        return Arrays.compareUnsigned(bytes, a, a + 32, bytes, b, b + 32);
    }

    /** Hashes nodes {@code n - 2} down to 0, one depth at a time, each depth in slices when it is large. */
    private static void hashInnerNodes(byte[] nodes, int n, Parallelism parallelism) {
        int lastInner = n - 2;
        if (lastInner < 0) {
            return;
        }
        for (int depth = 31 - Integer.numberOfLeadingZeros(lastInner + 1); depth >= 0; depth--) {
            int first = (1 << depth) - 1;
            int count = Math.min(2 * first, lastInner) - first + 1;
            int chunks = parallelism.chunksFor(count);
            parallelism.forEachChunk(chunks, c -> {
                long[] state = new long[25];
                int from = first + Parallelism.sliceStart(c, count, chunks);
                int to = first + Parallelism.sliceStart(c + 1, count, chunks);
                for (int i = from; i < to; i++) {
                    hashChildren(nodes, i, state);
                }
            });
        }
    }

    /** Node {@code i} becomes keccak256 of its two children (2i + 1, 2i + 2) in ascending byte order. */
    private static void hashChildren(byte[] nodes, int i, long[] state) {
        int left = 32 * (2 * i + 1);
        int right = left + 32;
        if (lessOrEqual(nodes, left, right)) {
            Keccak.hash64(nodes, left, right, nodes, 32 * i, state);
        } else {
            Keccak.hash64(nodes, right, left, nodes, 32 * i, state);
        }
    }

    /** Unsigned byte order of two 32-byte nodes, a lane (eight bytes) at a time. */
    private static boolean lessOrEqual(byte[] nodes, int a, int b) {
        for (int k = 0; k < 32; k += 8) {
            long x = (long) Keccak.LE.get(nodes, a + k);
            long y = (long) Keccak.LE.get(nodes, b + k);
            if (x != y) {
                return Long.compareUnsigned(Long.reverseBytes(x), Long.reverseBytes(y)) < 0;
            }
        }
        return true;
    }

    public Hash32 root() {
        return node(0);
    }

    public int size() {
        return size;
    }

    /** The leaves in tree order (ascending); {@link #proof(int)} takes an index into this list. */
    public List<Hash32> sortedLeaves() {
        return new AbstractList<>() {
            @Override
            public Hash32 get(int index) {
                return node(2 * size - 2 - checkIndex(index));
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /**
     * The leaves in ascending byte order, 32 bytes each: what a store keeps of the tree, since
     * {@link #ofLeafHashes} rebuilds the same tree from them.
     */
    public byte[] sortedLeafBytes() {
        byte[] leaves = new byte[32 * size];
        for (int rank = 0; rank < size; rank++) {
            System.arraycopy(nodes, 32 * (2 * size - 2 - rank), leaves, 32 * rank, 32);
        }
        return leaves;
    }

    /**
     * Where {@code leaf} is in {@link #sortedLeaves()}, by binary search; -1 when the tree has no such leaf. With
     * duplicate leaves (allowed, as in OpenZeppelin) any of their indices.
     */
    public int sortedIndexOfLeaf(Hash32 leaf) {
        byte[] key = leaf.array();
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int at = 32 * (2 * size - 2 - mid);
            int order = Arrays.compareUnsigned(nodes, at, at + 32, key, 0, 32);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Where the {@code inputIndex}-th leaf given to the factory method is in {@link #sortedLeaves()}. */
    public int sortedIndexOf(int inputIndex) {
        return sortedIndex == null ? checkIndex(inputIndex) : sortedIndex[inputIndex];
    }

    /** Returns the sibling path from the leaf at {@code sortedIndex} up to (not including) the root. */
    public List<Hash32> proof(int sortedIndex) {
        int i = 2 * size - 2 - checkIndex(sortedIndex);
        List<Hash32> path = new ArrayList<>(depth(i));
        while (i > 0) {
            path.add(node(sibling(i)));
            i = (i - 1) / 2;
        }
        return path;
    }

    /** {@link #proof(int)} as one array: the sibling nodes' 32 bytes each, from the leaf's sibling up. */
    public byte[] proofBytes(int sortedIndex) {
        int i = 2 * size - 2 - checkIndex(sortedIndex);
        byte[] path = new byte[32 * depth(i)];
        for (int at = 0; i > 0; at += 32, i = (i - 1) / 2) {
            System.arraycopy(nodes, 32 * sibling(i), path, at, 32);
        }
        return path;
    }

    private int checkIndex(int sortedIndex) {
        if (sortedIndex < 0 || sortedIndex >= size) {
            throw new IndexOutOfBoundsException(
                    "leaf index " + sortedIndex + " is outside a tree of " + size + " leaves");
        }
        return sortedIndex;
    }

    private static int sibling(int i) {
        return i % 2 == 1 ? i + 1 : i - 1;
    }

    /** The depth of node {@code i}, the length of its proof. */
    private static int depth(int i) {
        return 31 - Integer.numberOfLeadingZeros(i + 1);
    }

    private Hash32 node(int i) {
        return new Hash32(Arrays.copyOfRange(nodes, 32 * i, 32 * i + 32));
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
        byte[] pair = new byte[64];
        byte[] x = a.array();
        byte[] y = b.array();
        boolean ascending = Arrays.compareUnsigned(x, y) <= 0;
        System.arraycopy(ascending ? x : y, 0, pair, 0, 32);
        System.arraycopy(ascending ? y : x, 0, pair, 32, 32);
        byte[] out = new byte[32];
        Keccak.hash64(pair, 0, 32, out, 0, new long[25]);
        return new Hash32(out);
    }
}
