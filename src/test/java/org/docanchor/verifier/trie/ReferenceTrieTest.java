package org.docanchor.verifier.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference trie itself against published known answers, so that the properties rest on a checked model. */
class ReferenceTrieTest {

    private static List<Byte> ascii(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }

    @Test
    void emptyTrie_rootIsKeccakOfRlpEmptyString() {
        // keccak256(0x80), the empty trie root every Ethereum client uses (e.g. an account without storage).
        assertThat(HexFormat.of().formatHex(new ReferenceTrie(Map.of()).root()))
                .isEqualTo("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    }

    @Test
    void dogsTrie_rootMatchesEthereumTrieTest() {
        // ethereum/tests TrieTests/trietest.json, test "dogs": doe->reindeer, dog->puppy, dogglesworth->cat,
        // root 0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3.
        Map<List<Byte>, byte[]> entries = new LinkedHashMap<>();
        entries.put(ascii("doe"), "reindeer".getBytes(StandardCharsets.US_ASCII));
        entries.put(ascii("dog"), "puppy".getBytes(StandardCharsets.US_ASCII));
        entries.put(ascii("dogglesworth"), "cat".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(new ReferenceTrie(entries).root()))
                .isEqualTo("8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
    }

    @Test
    void puppyTrie_rootMatchesEthereumTrieTest() {
        // ethereum/tests TrieTests/trietest.json, test "puppy": do->verb, horse->stallion, doge->coin, dog->puppy,
        // root 0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84.
        Map<List<Byte>, byte[]> entries = new LinkedHashMap<>();
        entries.put(ascii("do"), "verb".getBytes(StandardCharsets.US_ASCII));
        entries.put(ascii("horse"), "stallion".getBytes(StandardCharsets.US_ASCII));
        entries.put(ascii("doge"), "coin".getBytes(StandardCharsets.US_ASCII));
        entries.put(ascii("dog"), "puppy".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(new ReferenceTrie(entries).root()))
                .isEqualTo("5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
    }
}
