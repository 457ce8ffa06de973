package org.docanchor.verifier.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StandardMerkleTreeTest {

    /** Known answers from src/test/resources/merkle-vectors.json (see its provenance field). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void matchesRecordedVectors(String desc, JsonNode vector) {
        List<Hash32> leaves = new ArrayList<>();
        vector.get("values").forEach(v -> leaves.add(LeafEncoding.leafHash(Hash32.fromHex(v.get(0).asText()),
                v.get(1).asText(), v.get(2).asText())));
        for (int i = 0; i < leaves.size(); i++) {
            assertThat(leaves.get(i).toHex()).isEqualTo(vector.get("leaves").get(i).asText());
        }
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        assertThat(tree.root().toHex()).isEqualTo(vector.get("root").asText());
        for (int i = 0; i < leaves.size(); i++) {
            List<String> expected = new ArrayList<>();
            vector.get("proofs").get(i).forEach(p -> expected.add(p.asText()));
            assertThat(tree.proof(tree.sortedLeaves().indexOf(leaves.get(i))).stream().map(Hash32::toHex))
                    .containsExactlyElementsOf(expected);
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> vectors() throws Exception {
        try (InputStream in = StandardMerkleTreeTest.class.getResourceAsStream("/merkle-vectors.json")) {
            JsonNode cases = new ObjectMapper().readTree(in).get("cases");
            List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
            cases.forEach(c -> out.add(org.junit.jupiter.params.provider.Arguments.of(c.get("desc").asText(), c)));
            return out.stream();
        }
    }

    @Property(tries = 200)
    void everyLeafProofLeadsToTheRoot(@ForAll("leafLists") List<Hash32> leaves) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        for (int i = 0; i < tree.size(); i++) {
            List<Hash32> path = tree.proof(i);
            assertThat(StandardMerkleTree.verify(path, tree.root(), tree.sortedLeaves().get(i))).isTrue();
            assertThat(path.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(leaves.size()));
        }
    }

    @Property(tries = 200)
    void rootAgreesWithSlowReference(@ForAll("leafLists") List<Hash32> leaves) {
        assertThat(StandardMerkleTree.of(leaves).root()).isEqualTo(referenceRoot(leaves));
    }

    @Property(tries = 200)
    void rootDoesNotDependOnLeafOrder(@ForAll("leafLists") List<Hash32> leaves, @ForAll long seed) {
        List<Hash32> shuffled = new ArrayList<>(leaves);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(StandardMerkleTree.of(shuffled).root()).isEqualTo(StandardMerkleTree.of(leaves).root());
    }

    @Property(tries = 300)
    void anyChangedByteBreaksTheProof(@ForAll("leafLists") List<Hash32> leaves, @ForAll @IntRange(min = 0, max = 10_000) int pick,
            @ForAll @IntRange(min = 0, max = 31) int byteIndex, @ForAll @IntRange(min = 1, max = 255) int flip) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        int index = pick % tree.size();
        Hash32 leaf = tree.sortedLeaves().get(index);
        List<Hash32> path = new ArrayList<>(tree.proof(index));
        // Change the leaf itself, or one node of the path.
        int target = pick % (path.size() + 1);
        if (target == path.size()) {
            leaf = flipped(leaf, byteIndex, flip);
        } else {
            path.set(target, flipped(path.get(target), byteIndex, flip));
        }
        assertThat(StandardMerkleTree.verify(path, tree.root(), leaf)).isFalse();
    }

    @Property(tries = 100)
    void aProofDoesNotVerifyAnotherLeaf(@ForAll("leafLists") List<Hash32> leaves, @ForAll @IntRange(min = 0, max = 10_000) int a,
            @ForAll @IntRange(min = 0, max = 10_000) int b) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        int i = a % tree.size();
        int j = b % tree.size();
        if (!tree.sortedLeaves().get(i).equals(tree.sortedLeaves().get(j))) {
            assertThat(StandardMerkleTree.verify(tree.proof(i), tree.root(), tree.sortedLeaves().get(j))).isFalse();
        }
    }

    /** Leaves that tie on their first 8 to 31 bytes, and duplicates: the prefix sort must fall back to all bytes. */
    @Property(tries = 200)
    void leavesThatShareLongPrefixesAreSortedByAllTheirBytes(@ForAll("tiedLeafLists") List<Hash32> leaves) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);

        List<Hash32> expected = new ArrayList<>(leaves);
        expected.sort(null);
        assertThat(tree.sortedLeaves()).containsExactlyElementsOf(expected);
        assertThat(tree.root()).isEqualTo(referenceRoot(leaves));
    }

    @Property(tries = 100)
    void proofBytesAreTheProofAndSortedIndexOfFindsEachInputLeaf(@ForAll("leafLists") List<Hash32> leaves) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);

        for (int i = 0; i < leaves.size(); i++) {
            int sorted = tree.sortedIndexOf(i);
            assertThat(tree.sortedLeaves().get(sorted)).isEqualTo(leaves.get(i));
            byte[] flat = tree.proofBytes(sorted);
            List<Hash32> path = tree.proof(sorted);
            assertThat(flat).hasSize(32 * path.size());
            for (int k = 0; k < path.size(); k++) {
                assertThat(java.util.Arrays.copyOfRange(flat, 32 * k, 32 * k + 32)).isEqualTo(path.get(k).bytes());
            }
        }
    }

    /** What a store keeps (the sorted leaf level) rebuilds the same tree, and a leaf is found by its value. */
    @Property(tries = 200)
    void sortedLeafBytesRebuildTheTreeAndSortedIndexOfLeafFindsEveryLeaf(@ForAll("tiedLeafLists") List<Hash32> leaves,
            @ForAll("leafLists") List<Hash32> strangers) {
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);

        byte[] stored = tree.sortedLeafBytes();
        StandardMerkleTree rebuilt = StandardMerkleTree.ofSortedLeafHashes(stored, Parallelism.ONE_THREAD);
        assertThat(rebuilt.root()).isEqualTo(tree.root());
        assertThat(StandardMerkleTree.ofLeafHashes(stored, Parallelism.ONE_THREAD).root()).isEqualTo(tree.root());
        assertThat(rebuilt.sortedLeaves()).containsExactlyElementsOf(tree.sortedLeaves());
        for (int k = 0; k < leaves.size(); k++) {
            assertThat(java.util.Arrays.copyOfRange(stored, 32 * k, 32 * k + 32))
                    .isEqualTo(tree.sortedLeaves().get(k).bytes());
        }
        for (Hash32 leaf : leaves) {
            int found = rebuilt.sortedIndexOfLeaf(leaf);
            assertThat(found).isBetween(0, leaves.size() - 1);
            assertThat(rebuilt.sortedLeaves().get(found)).isEqualTo(leaf);
            assertThat(StandardMerkleTree.verify(rebuilt.proof(found), tree.root(), leaf)).isTrue();
        }
        for (Hash32 stranger : strangers) {
            if (!leaves.contains(stranger)) {
                assertThat(rebuilt.sortedIndexOfLeaf(stranger)).isEqualTo(-1);
            }
        }
    }

    /** Leaves out of order are refused by the factory that trusts them to be sorted, not built into a wrong tree. */
    @Property(tries = 100)
    void ofSortedLeafHashesRefusesLeavesOutOfOrder(@ForAll("leafLists") List<Hash32> leaves) {
        Assume.that(new java.util.HashSet<>(leaves).size() > 1);
        byte[] sorted = StandardMerkleTree.of(leaves).sortedLeafBytes();
        byte[] reversed = new byte[sorted.length];
        for (int k = 0; k < leaves.size(); k++) {
            System.arraycopy(sorted, 32 * k, reversed, 32 * (leaves.size() - 1 - k), 32);
        }
        assertThatThrownBy(() -> StandardMerkleTree.ofSortedLeafHashes(reversed, Parallelism.ONE_THREAD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in ascending order");
    }

    /** Sizes on both sides of the split threshold, so that depths are hashed in slices on the common pool. */
    @Property(tries = 8)
    void oneThreadAndAllCoresBuildTheSameTree(@ForAll @IntRange(min = 1, max = 20_000) int size, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] flat = new byte[32 * size];
        random.nextBytes(flat);

        StandardMerkleTree one = StandardMerkleTree.ofLeafHashes(flat, Parallelism.ONE_THREAD);
        StandardMerkleTree all = StandardMerkleTree.ofLeafHashes(flat, Parallelism.ALL_CORES);

        assertThat(all.root()).isEqualTo(one.root());
        int probe = random.nextInt(size);
        assertThat(all.proofBytes(probe)).isEqualTo(one.proofBytes(probe));
        assertThat(StandardMerkleTree.verify(one.proof(probe), one.root(), one.sortedLeaves().get(probe))).isTrue();
        if (size <= 3000) {
            List<Hash32> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(new Hash32(java.util.Arrays.copyOfRange(flat, 32 * i, 32 * i + 32)));
            }
            assertThat(one.root()).isEqualTo(referenceRoot(leaves));
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsBadInputsBeforeHashing() {
        assertThatThrownBy(() -> StandardMerkleTree.of(List.of())).hasMessageContaining("at least one leaf");
        StandardMerkleTree tree = StandardMerkleTree.of(List.of(hash(1), hash(2)));
        assertThatThrownBy(() -> tree.proof(2)).hasMessageContaining("leaf index 2 is outside a tree of 2 leaves");
        assertThatThrownBy(() -> tree.proof(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Hash32(new byte[31])).hasMessageContaining("32 bytes, got 31");
        assertThatThrownBy(() -> Hash32.fromHex("0x" + "ab".repeat(31))).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Hash32.fromHex("ab".repeat(32))).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Hash32.fromHex("0x" + "zz".repeat(32))).hasMessageContaining("64 hex digits");
    }

    @org.junit.jupiter.api.Test
    void singleLeafTreeIsItsLeafWithAnEmptyPath() {
        StandardMerkleTree tree = StandardMerkleTree.of(List.of(hash(7)));
        assertThat(tree.root()).isEqualTo(hash(7));
        assertThat(tree.proof(0)).isEmpty();
    }

    /**
     * OpenZeppelin's layout, written as directly as possible: a heap of 2n-1 nodes, leaves sorted ascending and
     * placed from the last slot backwards, every parent the sorted-pair hash of its two children.
     */
    private static Hash32 referenceRoot(List<Hash32> leaves) {
        List<Hash32> sorted = new ArrayList<>(leaves);
        sorted.sort(null);
        int n = sorted.size();
        Hash32[] heap = new Hash32[2 * n - 1];
        for (int i = 0; i < n; i++) {
            heap[heap.length - 1 - i] = sorted.get(i);
        }
        for (int i = heap.length - 1; i >= 0; i--) {
            if (heap[i] == null) {
                Hash32 left = heap[2 * i + 1];
                Hash32 right = heap[2 * i + 2];
                byte[] l = left.bytes();
                byte[] r = right.bytes();
                heap[i] = left.compareTo(right) <= 0 ? new Hash32(Keccak.hash(l, r)) : new Hash32(Keccak.hash(r, l));
            }
        }
        return heap[0];
    }

    @Provide
    Arbitrary<List<Hash32>> leafLists() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash32::new).list().ofMinSize(1).ofMaxSize(70);
    }

    /** 32-byte leaves drawn from a few shared prefixes, differing in a few late bytes or not at all. */
    @Provide
    Arbitrary<List<Hash32>> tiedLeafLists() {
        Arbitrary<Hash32> leaf = Arbitraries.integers().between(0, 3).flatMap(prefix -> Arbitraries.integers()
                .between(8, 31).flatMap(from -> Arbitraries.bytes().between((byte) 0, (byte) 3).map(tail -> {
                    byte[] b = new byte[32];
                    java.util.Arrays.fill(b, (byte) (0x7f + prefix));
                    b[from] = tail;
                    b[31 - (from - 8) / 2] ^= tail;
                    return new Hash32(b);
                })));
        return leaf.list().ofMinSize(1).ofMaxSize(70);
    }

    private static Hash32 hash(int n) {
        byte[] b = new byte[32];
        b[31] = (byte) n;
        return new Hash32(b);
    }

    private static Hash32 flipped(Hash32 h, int index, int mask) {
        byte[] b = h.bytes();
        b[index] ^= (byte) mask;
        return new Hash32(b);
    }
}
