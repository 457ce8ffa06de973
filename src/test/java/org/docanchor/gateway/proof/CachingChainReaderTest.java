package org.docanchor.gateway.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;

/** Which chain answers the verification cache keeps (only those that cannot change), against a scripted node. */
class CachingChainReaderTest {

    private static final String REGISTRY = "0x00000000000000000000000000000000000000aa";
    private static final Hash32 ROOT = hash(1);
    private static final Hash32 LEAF = hash(2);

    /** A node whose anchor, head and revocation answers the test sets; it counts every request. */
    private static final class ScriptedNode implements ChainReader {
        final List<String> requests = new ArrayList<>();
        long anchorBlock;
        long head = 100;

        @Override
        public long chainId() {
            requests.add("chainId");
            return 1337;
        }

        @Override
        public byte[] call(String to, byte[] data) {
            requests.add("call");
            if (java.util.Arrays.equals(data, RegistryAbi.anchorOf(ROOT))) {
                return words(anchorBlock == 0 ? 0 : 7, anchorBlock, anchorBlock == 0 ? 0 : 1_700_000_000);
            }
            if (java.util.Arrays.equals(data, RegistryAbi.revocationOf(LEAF))) {
                return words(0, 0, 0, 0);
            }
            return words(anchorBlock == 0 ? 0 : 1);
        }

        @Override
        public Optional<Block> blockByNumber(long number) {
            requests.add("block");
            return number > head ? Optional.empty() : Optional.of(new Block(number, hash(number), 0, List.of()));
        }

        @Override
        public Block latestBlock() {
            requests.add("latest");
            return new Block(head, hash(head), 0, List.of());
        }

        @Override
        public List<Log> logs(String address, long blockNumber, List<Hash32> topics) {
            requests.add("logs");
            return List.of();
        }

        @Override
        public Optional<Receipt> receipt(Hash32 transactionHash) {
            requests.add("receipt");
            return anchorBlock == 0 ? Optional.empty()
                    : Optional.of(new Receipt(true, anchorBlock, hash(anchorBlock), REGISTRY, List.of()));
        }
    }

    private static Hash32 hash(long n) {
        byte[] bytes = new byte[32];
        bytes[31] = (byte) n;
        bytes[30] = (byte) (n >> 8);
        return new Hash32(bytes);
    }

    private static byte[] words(long... values) {
        byte[] out = new byte[32 * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 8; b++) {
                out[32 * i + 31 - b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return out;
    }

    /** The reads of one verification of LEAF under ROOT, as ProofVerifier makes them. */
    private static void verifyOnce(ChainReader chain) throws Exception {
        chain.chainId();
        chain.call(REGISTRY, RegistryAbi.verifyInclusion(List.of(hash(3)), ROOT, LEAF));
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        chain.blockByNumber(50);
        chain.receipt(hash(9));
        chain.call(REGISTRY, RegistryAbi.revocationOf(LEAF));
    }

    @Test
    void aFinalAnchorIsReadOnce_butTheRevocationEveryTime() throws Exception {
        ScriptedNode node = new ScriptedNode();
        node.anchorBlock = 50;
        CachingChainReader chain = new CachingChainReader(node, 0, 100, new SimpleMeterRegistry());

        verifyOnce(chain);
        assertThat(node.requests).containsExactly("chainId", "call", "call", "block", "receipt", "call");
        node.requests.clear();
        verifyOnce(chain);
        // verifyInclusion is kept from the second time on: the first time, the root's anchor was not known yet.
        assertThat(node.requests).containsExactly("call", "call");
        node.requests.clear();
        verifyOnce(chain);
        assertThat(node.requests).as("only revocationOf").containsExactly("call");
    }

    @Test
    void aRootNotAnchoredIsAskedAgain_andKeptOnceAnchored() throws Exception {
        ScriptedNode node = new ScriptedNode();
        CachingChainReader chain = new CachingChainReader(node, 0, 100, new SimpleMeterRegistry());

        for (int i = 0; i < 3; i++) {
            assertThat(RegistryAbi.decodeAnchor(chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT))).orElseThrow()
                    .blockNumber()).isZero();
            assertThat(chain.receipt(hash(9))).isEmpty();
        }
        assertThat(node.requests).containsExactly("call", "receipt", "call", "receipt", "call", "receipt");

        node.anchorBlock = 50;
        node.requests.clear();
        assertThat(RegistryAbi.decodeAnchor(chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT))).orElseThrow()
                .blockNumber()).isEqualTo(50);
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        assertThat(node.requests).containsExactly("call");
    }

    @Test
    void withConfirmations_aBlockIsKeptOnlyOnceDeepEnough() throws Exception {
        ScriptedNode node = new ScriptedNode();
        node.anchorBlock = 98;
        CachingChainReader chain = new CachingChainReader(node, 5, 100, new SimpleMeterRegistry());

        chain.blockByNumber(98);
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        chain.blockByNumber(98);
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        // Head 100: block 98 has 2 of 5 confirmations, so nothing is kept and each answer is asked again.
        assertThat(node.requests).containsExactly("block", "latest", "call", "latest", "block", "latest", "call",
                "latest");

        node.head = 103;
        node.requests.clear();
        chain.blockByNumber(98);
        chain.blockByNumber(98);
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        chain.call(REGISTRY, RegistryAbi.anchorOf(ROOT));
        chain.blockByNumber(97);
        assertThat(node.requests).containsExactly("block", "latest", "call", "block");
    }

    @Test
    void theCacheHoldsAtMostItsSize() throws Exception {
        ScriptedNode node = new ScriptedNode();
        CachingChainReader chain = new CachingChainReader(node, 0, 3, new SimpleMeterRegistry());
        for (long n = 1; n <= 10; n++) {
            chain.blockByNumber(n);
        }
        node.requests.clear();
        chain.blockByNumber(10);
        chain.blockByNumber(1);
        assertThat(node.requests).containsExactly("block");
    }
}
