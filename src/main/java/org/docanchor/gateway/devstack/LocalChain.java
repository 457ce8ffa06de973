package org.docanchor.gateway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local anvil node, started as a child process, that behaves like a free-gas Besu IBFT 2.0 network: interval
 * mining (a block every {@code blockTime}), zero gas price and zero base fee.
 */
public final class LocalChain implements AutoCloseable {

    /** Where {@code npm ci} puts the anvil binary for Linux x64, relative to {@code contracts-solidity/}. */
    public static final String BINARY_IN_CONTRACTS = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

    /** The anvil binary relative to the project directory. */
    public static final String DEFAULT_BINARY = "contracts-solidity/" + BINARY_IN_CONTRACTS;

    private final Process process;
    private final int port;

    private LocalChain(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts anvil on {@code port} (0 picks a free one). With a {@code stateFile} the chain is loaded from it
     * and written back every second and on exit, so blocks and contracts survive restarts.
     */
    public static LocalChain start(Path binary, int port, long chainId, Duration blockTime, Path stateFile) {
        List<String> args = new ArrayList<>(List.of(
                "--chain-id", Long.toString(chainId),
                "--block-time", Long.toString(Math.max(1, blockTime.toSeconds())),
                "--gas-price", "0",
                "--base-fee", "0"));
        if (stateFile != null) {
            try {
                Files.createDirectories(stateFile.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create " + stateFile.getParent(), e);
            }
            args.addAll(List.of("--state", stateFile.toString(), "--state-interval", "1"));
            // An anvil that a killed previous run left on this state file still holds the port: stop it (it writes
            // its state on the way out) and remember this run's, for the next run to find.
            Path pidFile = stateFile.toAbsolutePath().resolveSibling("anvil.pid");
            LeftoverProcesses.stopAnvil(pidFile);
            LocalChain chain = start(binary, port, args);
            LeftoverProcesses.recordAnvil(pidFile, chain.process.pid());
            return chain;
        }
        return start(binary, port, args);
    }

    /**
     * Starts anvil with {@code args} (never {@code --host} or {@code --port}: it listens on 127.0.0.1 and
     * {@code port}, 0 picking a free one), silent, and waits until it listens.
     */
    public static LocalChain start(Path binary, int port, List<String> args) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("anvil not found at " + binary.toAbsolutePath()
                    + ": run 'npm ci' in contracts-solidity/ (./mvnw verify or ./mvnw quarkus:dev does it)");
        }
        int chosen = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(chosen), "--silent"));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            LocalChain chain = new LocalChain(process, chosen);
            chain.awaitListening(Duration.ofSeconds(20));
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start anvil from " + binary, e);
        }
    }

    public int port() {
        return port;
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with code " + process.exitValue()
                        + " before listening on port " + port);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("anvil did not listen on port " + port + " within " + timeout);
    }

    /** Stops anvil with SIGTERM so that it writes its state file, then forcibly if it does not exit. */
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for anvil", e);
        }
    }
}
