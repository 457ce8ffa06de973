package org.docanchor.verifier.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
            "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong ids = new AtomicLong();

    private VectorChain(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts anvil with {@code args} (never {@code --port}: a free port is added). */
    public static VectorChain start(List<String> args) {
        if (!Files.isExecutable(ANVIL)) {
            throw new IllegalStateException("anvil not found at " + ANVIL.toAbsolutePath()
                    + ": run 'npm ci' in contracts-solidity/ (./mvnw verify does it)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ANVIL.toString());
        command.addAll(args);
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--silent"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            VectorChain chain = new VectorChain(process, port);
            chain.awaitListening();
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start anvil", e);
        }
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
        return "http://127.0.0.1:" + port;
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
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rpcUrl()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (body.has("error")) {
                throw new IllegalStateException(method + " failed: " + body.get("error"));
            }
            return body.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("anvil did not listen on port " + port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
