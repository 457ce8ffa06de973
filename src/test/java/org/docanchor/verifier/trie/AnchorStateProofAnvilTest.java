package org.docanchor.verifier.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.verifier.bft.BlockHeader;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.testing.AnvilRegistry;
import org.docanchor.verifier.testing.AnvilRegistry.Mined;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state proof of an anchor against real {@code eth_getProof} answers of anvil, after anchoring a root in a
 * freshly deployed AnchorRegistry. The expected anchor is what anvil reports for the anchoring transaction (block
 * number and timestamp) and the batch id we sent.
 */
class AnchorStateProofAnvilTest {

    private static AnvilRegistry anvil;
    private static final Hash32 ROOT = Hash32.fromHex("0x" + "ab".repeat(32));
    private static final long BATCH_ID = 1;
    private static Mined mined;
    private static Hash32 stateRoot;
    private static List<byte[]> accountProof;
    private static List<byte[]> storageProof;

    @BeforeAll
    static void anchor() {
        anvil = AnvilRegistry.start();
        mined = anvil.anchor(anvil.registry(), BATCH_ID, ROOT, 3);
        stateRoot = new Hash32(BlockHeader.fromRlp(anvil.headerRlp(mined.blockNumber())).fields().get(3));
        JsonNode proof = anvil.getProof(anvil.registry(), AnvilRegistry.anchorSlot(ROOT), mined.blockNumber());
        accountProof = AnvilRegistry.bytesList(proof.get("accountProof"));
        storageProof = AnvilRegistry.bytesList(proof.get("storageProof").get(0).get("proof"));
    }

    @AfterAll
    static void stop() {
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void anchorSlot_isKeccakOfRootAndMappingSlot3() {
        // Computed independently with web3j's keccak in AnvilRegistry, and read back from the node: the slot holds
        // the packed Anchor struct the registry wrote.
        assertThat(AnchorStateProof.anchorSlot(ROOT)).isEqualTo(AnvilRegistry.anchorSlot(ROOT));
        JsonNode word = anvil.rpc("eth_getStorageAt", anvil.registry(), AnchorStateProof.anchorSlot(ROOT).toHex(),
                "0x" + Long.toHexString(mined.blockNumber()));
        BigInteger expected = BigInteger.valueOf(BATCH_ID).or(BigInteger.valueOf(mined.blockNumber()).shiftLeft(64))
                .or(BigInteger.valueOf(mined.timestamp()).shiftLeft(128));
        assertThat(new BigInteger(word.textValue().substring(2), 16)).isEqualTo(expected);
    }

    @Test
    void realGetProof_provesTheAnchor() throws Exception {
        AnchorStateProof.StoredAnchor stored = AnchorStateProof.verify(stateRoot, anvil.registry(), ROOT,
                accountProof, storageProof);

        assertThat(stored).isEqualTo(new AnchorStateProof.StoredAnchor(BATCH_ID, mined.blockNumber(),
                mined.timestamp()));
    }

    @Test
    void realGetProof_accountMatchesTheNodesStorageHash() throws Exception {
        JsonNode proof = anvil.getProof(anvil.registry(), AnvilRegistry.anchorSlot(ROOT), mined.blockNumber());

        AnchorStateProof.Account account = AnchorStateProof.account(stateRoot, anvil.registry(), accountProof);

        assertThat(account.storageRoot().toHex()).isEqualTo(proof.get("storageHash").textValue());
        assertThat(account.codeHash().toHex()).isEqualTo(proof.get("codeHash").textValue());
    }

    @Test
    void flippedByteInAnyNode_isRefused() {
        for (int proofIndex = 0; proofIndex < 2; proofIndex++) {
            List<byte[]> nodes = proofIndex == 0 ? accountProof : storageProof;
            for (int i = 0; i < nodes.size(); i++) {
                List<byte[]> mutated = new ArrayList<>(nodes);
                byte[] node = nodes.get(i).clone();
                node[node.length / 2] ^= 0x01;
                mutated.set(i, node);
                List<byte[]> account = proofIndex == 0 ? mutated : accountProof;
                List<byte[]> storage = proofIndex == 0 ? storageProof : mutated;
                assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, anvil.registry(), ROOT, account, storage))
                        .as("%s proof, node %d", proofIndex == 0 ? "account" : "storage", i)
                        .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("hashes to");
            }
        }
    }

    @Test
    void truncatedProofs_areRefused() {
        List<byte[]> shortAccount = accountProof.subList(0, accountProof.size() - 1);
        List<byte[]> shortStorage = storageProof.subList(0, storageProof.size() - 1);

        assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, anvil.registry(), ROOT, shortAccount, storageProof))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("proof ends");
        assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, anvil.registry(), ROOT, accountProof, shortStorage))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("proof ends");
    }

    @Test
    void rootThatWasNotAnchored_isRefusedAsAbsent() {
        // Another root: its slot is not in the storage trie, and the proof of the anchored slot cannot show it.
        Hash32 other = Hash32.fromHex("0x" + "cd".repeat(32));
        JsonNode absent = anvil.getProof(anvil.registry(), AnvilRegistry.anchorSlot(other), mined.blockNumber());
        List<byte[]> exclusion = AnvilRegistry.bytesList(absent.get("storageProof").get(0).get("proof"));

        assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, anvil.registry(), other, accountProof, exclusion))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, anvil.registry(), other, accountProof,
                storageProof)).isInstanceOf(InvalidTrieProofException.class);
    }

    @Test
    void anotherAccountsPath_isRefused() {
        // The registry's account proof used for the anvil account: the path is keccak(address), which differs.
        assertThatThrownBy(() -> AnchorStateProof.verify(stateRoot, AnvilRegistry.ACCOUNT, ROOT, accountProof,
                storageProof)).isInstanceOf(InvalidTrieProofException.class);
    }

    @Test
    void stateRootOfTheBlockBefore_isRefused() throws Exception {
        Hash32 before = new Hash32(BlockHeader.fromRlp(anvil.headerRlp(mined.blockNumber() - 1)).fields().get(3));
        assertThat(before).isNotEqualTo(stateRoot);

        assertThatThrownBy(() -> AnchorStateProof.verify(before, anvil.registry(), ROOT, accountProof, storageProof))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("the root is");
        // And the proof of the block before, against its own state root: the slot is still empty there.
        JsonNode earlier = anvil.getProof(anvil.registry(), AnvilRegistry.anchorSlot(ROOT), mined.blockNumber() - 1);
        assertThatThrownBy(() -> AnchorStateProof.verify(before, anvil.registry(), ROOT,
                AnvilRegistry.bytesList(earlier.get("accountProof")),
                AnvilRegistry.bytesList(earlier.get("storageProof").get(0).get("proof"))))
                .isInstanceOf(InvalidTrieProofException.class).hasMessageContaining("empty");
    }
}
