package org.docanchor.verifier.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.docanchor.verifier.merkle.Hash32;

/**
 * {@link MerklePatriciaProof} against {@link ReferenceTrie}, the yellow paper's definition written out slowly:
 * random tries, the proof of every key (present or absent), and mutated proofs.
 *
 * <p>Two shapes of key sets: short keys from a five-byte alphabet (shared prefixes, extensions, keys that are
 * prefixes of others, nodes small enough to be embedded), and 32-byte random keys (Ethereum's secure tries).
 */
class MerklePatriciaProofPropertiesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Provide
    Arbitrary<Map<List<Byte>, byte[]>> tries() {
        Arbitrary<List<Byte>> shortKeys = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x10, (byte) 0x11,
                (byte) 0xff).list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<List<Byte>> longKeys = Arbitraries.bytes().list().ofSize(32);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
        return Arbitraries.oneOf(
                Arbitraries.maps(shortKeys, values).ofMinSize(1).ofMaxSize(30),
                Arbitraries.maps(longKeys, values).ofMinSize(1).ofMaxSize(60));
    }

    @Property(tries = 300)
    void everyStoredKey_provesItsValue(@ForAll("tries") Map<List<Byte>, byte[]> entries) throws Exception {
        ReferenceTrie trie = new ReferenceTrie(entries);
        Hash32 root = new Hash32(trie.root());
        for (Map.Entry<List<Byte>, byte[]> e : entries.entrySet()) {
            byte[] key = ReferenceTrie.key(e.getKey());
            Optional<byte[]> value = MerklePatriciaProof.value(root, key, trie.proof(key));
            assertThat(value).as("key 0x%s", HEX.formatHex(key)).isPresent();
            assertThat(value.get()).as("value of key 0x%s", HEX.formatHex(key)).isEqualTo(e.getValue());
        }
    }

    @Property(tries = 300)
    void keyNotStored_provesAbsence(@ForAll("tries") Map<List<Byte>, byte[]> entries,
            @ForAll("absentKeys") List<Byte> absent) throws Exception {
        Assume.that(!entries.containsKey(absent));
        ReferenceTrie trie = new ReferenceTrie(entries);
        byte[] key = ReferenceTrie.key(absent);

        assertThat(MerklePatriciaProof.value(new Hash32(trie.root()), key, trie.proof(key)))
                .as("key 0x%s", HEX.formatHex(key)).isEmpty();
    }

    @Provide
    Arbitrary<List<Byte>> absentKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x10, (byte) 0x11, (byte) 0xff).list().ofMaxSize(4),
                Arbitraries.bytes().list().ofSize(32));
    }

    /** A mutation: which node, which byte, which bit. */
    @Provide
    Arbitrary<Tuple.Tuple3<Integer, Integer, Integer>> flips() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 7)).as(Tuple::of);
    }

    @Property(tries = 500)
    void anyFlippedBit_isRefused(@ForAll("tries") Map<List<Byte>, byte[]> entries,
            @ForAll("flips") Tuple.Tuple3<Integer, Integer, Integer> flip) {
        ReferenceTrie trie = new ReferenceTrie(entries);
        byte[] key = ReferenceTrie.key(entries.keySet().iterator().next());
        List<byte[]> proof = new ArrayList<>(trie.proof(key));
        int node = flip.get1() % proof.size();
        byte[] mutated = proof.get(node).clone();
        mutated[flip.get2() % mutated.length] ^= (byte) (1 << flip.get3());
        proof.set(node, mutated);

        // Every node's bytes are fixed by the hash its parent (or the root) holds.
        assertThatThrownBy(() -> MerklePatriciaProof.value(new Hash32(trie.root()), key, proof))
                .isInstanceOf(InvalidTrieProofException.class);
    }

    @Property(tries = 300)
    void droppedOrAddedNode_isRefused(@ForAll("tries") Map<List<Byte>, byte[]> entries,
            @ForAll("flips") Tuple.Tuple3<Integer, Integer, Integer> where) {
        ReferenceTrie trie = new ReferenceTrie(entries);
        byte[] key = ReferenceTrie.key(entries.keySet().iterator().next());
        List<byte[]> proof = trie.proof(key);
        Hash32 root = new Hash32(trie.root());

        List<byte[]> dropped = new ArrayList<>(proof);
        dropped.remove(where.get1() % proof.size());
        assertThatThrownBy(() -> MerklePatriciaProof.value(root, key, dropped))
                .isInstanceOf(InvalidTrieProofException.class);

        List<byte[]> added = new ArrayList<>(proof);
        added.add(proof.get(where.get2() % proof.size()));
        assertThatThrownBy(() -> MerklePatriciaProof.value(root, key, added))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("more node");
    }

    @Property(tries = 300)
    void proofOfAnotherKey_neverGivesAWrongAnswer(@ForAll("tries") Map<List<Byte>, byte[]> entries) {
        Assume.that(entries.size() >= 2);
        ReferenceTrie trie = new ReferenceTrie(entries);
        List<List<Byte>> keys = new ArrayList<>(entries.keySet());
        byte[] a = ReferenceTrie.key(keys.get(0));
        byte[] b = ReferenceTrie.key(keys.get(1));
        List<byte[]> proofOfA = trie.proof(a);

        // Refused, or (when both paths run through the same nodes) b's own value: never absent, never another value.
        try {
            Optional<byte[]> value = MerklePatriciaProof.value(new Hash32(trie.root()), b, proofOfA);
            assertThat(value).isPresent();
            assertThat(value.get()).isEqualTo(entries.get(keys.get(1)));
        } catch (InvalidTrieProofException expected) {
            assertThat(expected).hasMessageNotContaining("Exception");
        }
    }

    @Property(tries = 100)
    void wrongRoot_isRefused(@ForAll("tries") Map<List<Byte>, byte[]> entries,
            @ForAll("flips") Tuple.Tuple3<Integer, Integer, Integer> flip) {
        ReferenceTrie trie = new ReferenceTrie(entries);
        byte[] key = ReferenceTrie.key(entries.keySet().iterator().next());
        byte[] root = trie.root();
        root[flip.get2() % 32] ^= (byte) (1 << flip.get3());

        assertThatThrownBy(() -> MerklePatriciaProof.value(new Hash32(root), key, trie.proof(key)))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("the root is");
    }
}
