package org.docanchor.verifier.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.gateway.devstack.LocalChain;
import org.docanchor.verifier.testing.TestRpc;

/**
 * The chain the proof vectors need: an anvil node started with fixed arguments (no automatic mining), onto which
 * blocks are put one by one with {@code evm_mine} at fixed timestamps. The same arguments and transactions give
 * the same block hashes on every run, which is what lets the vectors file hold whole proof documents.
 *
 * <p>{@link VectorGenerator} builds the chain with it and records it; {@link #replay} rebuilds a recorded chain
 * for a verifier under test (docs/vectors/README.md says how other harnesses do the same).
 */
public final class VectorChain implements AutoCloseable {

    /** The anvil binary that {@code npm ci} in contracts-solidity installs. */
    static final Path ANVIL = Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"),
            LocalChain.BINARY_IN_CONTRACTS);

    private final LocalChain node;
    private final TestRpc rpc;

    private VectorChain(LocalChain node) {
        this.node = node;
        this.rpc = new TestRpc(node.rpcUrl());
    }

    /** Starts anvil with {@code args} (never {@code --port}: a free port is used). */
    public static VectorChain start(List<String> args) {
        return new VectorChain(LocalChain.start(ANVIL, 0, args));
    }

    /**
     * Rebuilds the chain recorded in a vectors file ({@code chain.anvilArgs}, {@code chain.blocks}) and checks
     * that every block hash came out as recorded.
     */
    public static VectorChain replay(JsonNode vectorsFile) {
        JsonNode chain = vectorsFile.path("chain");
        List<String> args = new ArrayList<>();
        chain.path("anvilArgs").forEach(a -> args.add(a.asText()));
        VectorChain started = start(args);
        try {
            for (JsonNode block : chain.path("blocks")) {
                for (JsonNode tx : block.path("transactions")) {
                    started.sendRaw(tx.asText());
                }
                String hash = started.mine(block.path("timestamp").asLong());
                if (!hash.equals(block.path("hash").asText())) {
                    throw new IllegalStateException("replayed block " + block.path("number").asLong() + " has hash "
                            + hash + ", the vectors file recorded " + block.path("hash").asText()
                            + ": a different anvil version, or a stale vectors file");
                }
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    public String rpcUrl() {
        return node.rpcUrl();
    }

    /** Sends a signed transaction; it waits in the pool until {@link #mine}. Returns its hash. */
    public String sendRaw(String rawTx) {
        return rpc("eth_sendRawTransaction", rawTx).asText();
    }

    /** Mines one block holding every pending transaction, at {@code timestamp}; returns the block hash. */
    public String mine(long timestamp) {
        rpc("evm_mine", timestamp);
        return rpc("eth_getBlockByNumber", "latest", false).path("hash").asText();
    }

    /** Calls a JSON-RPC method; an error answer throws. */
    public JsonNode rpc(String method, Object... params) {
        return rpc.call(method, params);
    }

    @Override
    public void close() {
        node.close();
    }
}
