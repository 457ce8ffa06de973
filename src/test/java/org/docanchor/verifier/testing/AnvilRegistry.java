package org.docanchor.verifier.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.devstack.LocalChain;
import org.docanchor.verifier.bft.BlockHeader;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

/**
 * A real anvil node (started as the gateway's {@link LocalChain} starts it) with the compiled AnchorRegistry
 * deployed, for tests of the verification core: anchors roots and revokes leaves through anvil's unlocked
 * account, and writes whole version 2 proof documents from what the node answers (block, receipt,
 * {@code eth_getProof}). Calldata is encoded with web3j's ABI encoder, independently of the core's hand encoding.
 */
public final class AnvilRegistry implements AutoCloseable {

    public static final long CHAIN_ID = 1337;
    /** anvil's first default account, unlocked: transactions need no signing here. */
    public static final String ACCOUNT = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** A document as registered: its digest, algorithm and department. */
    public record Doc(Hash32 digest, String algorithm, String department) {

        public Hash32 leaf() {
            return LeafEncoding.leafHash(digest, algorithm, department);
        }
    }

    /** Where a transaction landed. */
    public record Mined(Hash32 txHash, long blockNumber, Hash32 blockHash, long timestamp) {
    }

    private final LocalChain chain;
    private final TestRpc rpc;
    private final String registry;

    private AnvilRegistry(LocalChain chain) {
        this.chain = chain;
        this.rpc = new TestRpc(chain.rpcUrl());
        this.registry = deployRegistry();
    }

    /** Starts anvil on a free port and deploys a registry. */
    public static AnvilRegistry start() {
        Path contracts = Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"));
        LocalChain chain = LocalChain.start(contracts.resolve(LocalChain.BINARY_IN_CONTRACTS), 0, CHAIN_ID,
                Duration.ofSeconds(1), null);
        try {
            return new AnvilRegistry(chain);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    public String rpcUrl() {
        return chain.rpcUrl();
    }

    /** The registry deployed at start, lower-case. */
    public String registry() {
        return registry;
    }

    /** Deploys another registry (admin and anchorer: {@link #ACCOUNT}) and returns its address. */
    public String deployRegistry() {
        Path bin = Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"), "out", "web3j",
                "AnchorRegistry.bin");
        String bytecode;
        try {
            bytecode = Files.readString(bin).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("compiled registry missing: build the contracts once (./mvnw compile)", e);
        }
        String constructor = FunctionEncoder.encodeConstructor(List.<Type>of(new Uint48(0), new Address(ACCOUNT),
                new Address(ACCOUNT), Address.DEFAULT));
        Mined mined = send(null, (bytecode.startsWith("0x") ? bytecode : "0x" + bytecode) + constructor);
        JsonNode receipt = rpc("eth_getTransactionReceipt", mined.txHash().toHex());
        return receipt.get("contractAddress").textValue().toLowerCase();
    }

    public Mined anchor(String registry, long batchId, Hash32 root, int leafCount) {
        return send(registry, FunctionEncoder.encode(new Function("anchor", List.<Type>of(new Uint64(batchId),
                new Bytes32(root.bytes()), new Uint32(leafCount)), List.of())));
    }

    public Mined revoke(String registry, Hash32 leaf, int reason, Hash32 replacementLeaf) {
        return send(registry, FunctionEncoder.encode(new Function("revoke", List.<Type>of(new Bytes32(leaf.bytes()),
                new Uint8(reason), new Bytes32(replacementLeaf.bytes())), List.of())));
    }

    /** Sends a transaction from {@link #ACCOUNT}, mines it at once and waits for a successful receipt. */
    public Mined send(String to, String data) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", ACCOUNT);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("data", data);
        tx.put("gas", "0x989680");
        tx.put("gasPrice", "0x0");
        String hash = rpc("eth_sendTransaction", tx).textValue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            rpc("evm_mine");
            JsonNode receipt = rpc("eth_getTransactionReceipt", hash);
            if (!receipt.isNull()) {
                if (!"0x1".equals(receipt.get("status").textValue())) {
                    throw new IllegalStateException("transaction " + hash + " failed: " + receipt);
                }
                JsonNode block = rpc("eth_getBlockByNumber", receipt.get("blockNumber").textValue(), false);
                return new Mined(Hash32.fromHex(hash), quantity(receipt.get("blockNumber")),
                        Hash32.fromHex(receipt.get("blockHash").textValue()), quantity(block.get("timestamp")));
            }
        }
        throw new IllegalStateException("transaction " + hash + " was not mined within 20 s");
    }

    /** The header RLP of block {@code number}, rebuilt from {@code eth_getBlockByNumber} (anvil has no debug_getRawHeader). */
    public byte[] headerRlp(long number) {
        JsonNode block = rpc("eth_getBlockByNumber", "0x" + Long.toHexString(number), false);
        Map<String, String> fields = new java.util.HashMap<>();
        block.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                fields.put(e.getKey(), e.getValue().textValue());
            }
        });
        byte[] rlp = BlockHeader.fromJsonFields(fields).encode();
        // A header rebuilt wrongly would not hash to the block hash; fail here rather than in the test that uses it.
        String computed = "0x" + HEX.formatHex(Hash.sha3(rlp));
        if (!computed.equals(block.get("hash").textValue())) {
            throw new IllegalStateException("rebuilt header of block " + number + " hashes to " + computed
                    + ", the node says " + block.get("hash").textValue());
        }
        return rlp;
    }

    /** {@code eth_getProof} of {@code address} and one storage slot at block {@code number}. */
    public JsonNode getProof(String address, Hash32 slot, long number) {
        ArrayNode keys = JSON.createArrayNode().add(slot.toHex());
        return rpc("eth_getProof", address, keys, "0x" + Long.toHexString(number));
    }

    /** Slot of {@code anchors[root]}: keccak256(root . uint256(3)), computed with web3j's keccak. */
    public static Hash32 anchorSlot(Hash32 root) {
        byte[] preimage = new byte[64];
        System.arraycopy(root.bytes(), 0, preimage, 0, 32);
        preimage[63] = 3;
        return new Hash32(Hash.sha3(preimage));
    }

    /**
     * Anchors the batch of {@code docs} in {@code registry} as {@code batchId} and returns the version 2 proof of
     * {@code docs.get(index)}: with txHash, consensus none, the header and the state proof.
     */
    public ObjectNode anchorAndProve(String registry, long batchId, List<Doc> docs, int index) {
        List<Hash32> leaves = docs.stream().map(Doc::leaf).toList();
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        Mined mined = anchor(registry, batchId, tree.root(), docs.size());
        return proof(registry, batchId, tree, docs.get(index), mined);
    }

    /** The version 2 proof of {@code doc} in {@code tree}, anchored as {@code mined}. */
    public ObjectNode proof(String registry, long batchId, StandardMerkleTree tree, Doc doc, Mined mined) {
        Hash32 leaf = doc.leaf();
        List<Hash32> path = tree.proof(tree.sortedLeaves().indexOf(leaf));
        ObjectNode p = JSON.createObjectNode();
        p.put("version", 2);
        p.put("status", "ANCHORED");
        p.put("digest", doc.digest().toHex());
        p.put("algorithm", doc.algorithm());
        p.put("department", doc.department());
        p.putArray("leafEncoding").add("bytes32").add("string").add("string");
        p.put("leaf", leaf.toHex());
        ArrayNode pathNode = p.putArray("path");
        path.forEach(h -> pathNode.add(h.toHex()));
        p.put("root", tree.root().toHex());
        p.put("batchId", batchId);
        p.put("chainId", CHAIN_ID);
        p.put("registry", registry);
        p.put("txHash", mined.txHash().toHex());
        p.put("blockNumber", mined.blockNumber());
        p.put("blockHash", mined.blockHash().toHex());
        p.put("blockTime", Instant.ofEpochSecond(mined.timestamp()).toString());
        p.put("consensus", "none");
        p.put("blockHeader", "0x" + HEX.formatHex(headerRlp(mined.blockNumber())));
        JsonNode getProof = getProof(registry, anchorSlot(tree.root()), mined.blockNumber());
        ObjectNode anchorProof = p.putObject("anchorProof");
        anchorProof.set("accountProof", getProof.get("accountProof"));
        anchorProof.set("storageProof", getProof.get("storageProof").get(0).get("proof"));
        return p;
    }

    /** A JSON-RPC call; a JSON-RPC error fails the test setup. */
    public JsonNode rpc(String method, Object... params) {
        return rpc.call(method, params);
    }

    private static long quantity(JsonNode node) {
        return new BigInteger(node.textValue().substring(2), 16).longValueExact();
    }

    /** Hex-decodes every string of a JSON array of {@code 0x} strings. */
    public static List<byte[]> bytesList(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(n -> out.add(HEX.parseHex(n.textValue().substring(2))));
        return out;
    }

    @Override
    public void close() {
        chain.close();
    }
}
