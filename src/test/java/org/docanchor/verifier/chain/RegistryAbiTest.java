package org.docanchor.verifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/** The hand-encoded ABI against the compiler's selectors and web3j's encoder. */
class RegistryAbiTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Hash32 A = Hash32.fromHex("0x" + "11".repeat(32));
    private static final Hash32 B = Hash32.fromHex("0x" + "22".repeat(32));
    private static final Hash32 ROOT = Hash32.fromHex("0x" + "33".repeat(32));
    private static final Hash32 LEAF = Hash32.fromHex("0x" + "44".repeat(32));

    @Test
    void selectors_matchSolcMethodIdentifiers() throws Exception {
        // methodIdentifiers of the compiled registry (forge build output, contracts-solidity/out).
        JsonNode ids = new ObjectMapper().readTree(Path.of(System.getProperty("anchor.contracts-dir",
                "contracts-solidity"), "out", "AnchorRegistry.sol", "AnchorRegistry.json").toFile())
                .get("methodIdentifiers");

        for (String signature : List.of(RegistryAbi.VERIFY_INCLUSION, RegistryAbi.ANCHOR_OF, RegistryAbi.REVOCATION_OF)) {
            assertThat(HEX.formatHex(RegistryAbi.selector(signature))).as(signature)
                    .isEqualTo(ids.get(signature).textValue());
        }
    }

    @Test
    void verifyInclusion_calldataEqualsWeb3jEncoding() {
        for (List<Hash32> path : List.of(List.<Hash32>of(), List.of(A), List.of(A, B))) {
            String web3j = FunctionEncoder.encode(new Function("verifyInclusion", List.<Type>of(
                    new DynamicArray<>(Bytes32.class, path.stream().map(h -> new Bytes32(h.bytes())).toList()),
                    new Bytes32(ROOT.bytes()), new Bytes32(LEAF.bytes())), List.of()));

            assertThat("0x" + HEX.formatHex(RegistryAbi.verifyInclusion(path, ROOT, LEAF))).as("path of %d", path.size())
                    .isEqualTo(web3j);
        }
    }

    @Test
    void anchorOfAndRevocationOf_calldataEqualsWeb3jEncoding() {
        assertThat("0x" + HEX.formatHex(RegistryAbi.anchorOf(ROOT))).isEqualTo(FunctionEncoder.encode(
                new Function("anchorOf", List.<Type>of(new Bytes32(ROOT.bytes())), List.of())));
        assertThat("0x" + HEX.formatHex(RegistryAbi.revocationOf(LEAF))).isEqualTo(FunctionEncoder.encode(
                new Function("revocationOf", List.<Type>of(new Bytes32(LEAF.bytes())), List.of())));
    }

    @Test
    void rootAnchoredTopic_equalsWeb3jEventSignatureHash() {
        Event event = new Event("RootAnchored", List.of(new TypeReference<Uint64>(true) { },
                new TypeReference<Bytes32>(true) { }, new TypeReference<Uint32>() { }, new TypeReference<Bytes32>() { }));

        assertThat(RegistryAbi.ROOT_ANCHORED_TOPIC.toHex()).isEqualTo(EventEncoder.encode(event));
    }

    @Test
    void decodeBool_refusesShortAndNonBoolAnswers() {
        assertThat(RegistryAbi.decodeBool(new byte[0])).isEmpty();
        assertThat(RegistryAbi.decodeBool(new byte[31])).isEmpty();
        assertThat(RegistryAbi.decodeBool(word(2))).isEmpty();
        assertThat(RegistryAbi.decodeBool(word(0))).contains(false);
        assertThat(RegistryAbi.decodeBool(word(1))).contains(true);
    }

    @Test
    void decodeAnchor_readsThreeWords_refusesOverflowingWords() {
        byte[] answer = concat(word(42), word(1234), word(1_767_225_612));
        assertThat(RegistryAbi.decodeAnchor(answer)).contains(new RegistryAbi.Anchor(42, 1234, 1_767_225_612));
        assertThat(RegistryAbi.decodeAnchor(java.util.Arrays.copyOf(answer, 95))).isEmpty();
        byte[] wide = answer.clone();
        wide[0] = 1; // a batch id wider than uint64: not this registry's answer
        assertThat(RegistryAbi.decodeAnchor(wide)).isEmpty();
    }

    @Test
    void decodeRevocation_readsFourWords() {
        byte[] answer = concat(word(1), word(1_767_300_000), word(77), LEAF.bytes());
        RegistryAbi.Revocation r = RegistryAbi.decodeRevocation(answer).orElseThrow();

        assertThat(r).isEqualTo(new RegistryAbi.Revocation(1, 1_767_300_000, 77, LEAF));
        assertThat(r.revoked()).isTrue();
        assertThat(RegistryAbi.decodeRevocation(concat(word(6), word(0), word(0), word(0)))).as("reason 6").isEmpty();
        assertThat(RegistryAbi.decodeRevocation(new byte[96])).isEmpty();
    }

    @Test
    void isRootAnchored_needsRegistryTopicBatchAndRoot() {
        byte[] batch = word(7);
        ChainReader.Log log = new ChainReader.Log("0x5fbdb2315678afecb367f032d93f642f64180aa3",
                List.of(RegistryAbi.ROOT_ANCHORED_TOPIC, new Hash32(batch), ROOT), new byte[64]);

        assertThat(RegistryAbi.isRootAnchored(log, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 7, ROOT)).isTrue();
        assertThat(RegistryAbi.isRootAnchored(log, "0x5fbdb2315678afecb367f032d93f642f64180aa4", 7, ROOT)).isFalse();
        assertThat(RegistryAbi.isRootAnchored(log, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 8, ROOT)).isFalse();
        assertThat(RegistryAbi.isRootAnchored(log, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 7, LEAF)).isFalse();
    }

    private static byte[] word(long value) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[31 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
