package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged gateway (target/quarkus-app) run as a separate JVM, in the prod profile, that a test can kill. */
final class GatewayProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> env;
    private final int port;
    /** The prod build serves /q/* (health, metrics) on the management interface, on a port of its own. */
    private final int managementPort;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    /** A gateway JVM tuned to restart fast (a small heap, C1 only): what the fault tests kill and restart. */
    GatewayProcess(Map<String, String> env, int port, Path log) {
        this(env, port, log, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    }

    /** A gateway JVM with {@code jvmOptions} (the benchmarks run it as production would). */
    GatewayProcess(Map<String, String> env, int port, Path log, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.env = new HashMap<>(env);
        this.env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.port = port;
        this.managementPort = ReliabilityStack.freePort();
        this.env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        this.log = log;
        // One log per gateway of this run: restarts append to it, an earlier run's log is dropped.
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics: the management interface of the prod build. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Starts the JVM and waits until it serves requests; returns how long that took. */
    Duration start() {
        return start(List.of());
    }

    /** As {@link #start()}, with {@code moreJvmOptions} after this gateway's own, for this start only. */
    Duration start(List<String> moreJvmOptions) {
        Instant begin = Instant.now();
        String jar = System.getProperty("anchor.gateway-jar", "target/quarkus-app/quarkus-run.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(moreJvmOptions);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitUp(Duration.ofSeconds(90));
        return Duration.between(begin, Instant.now());
    }

    private void awaitUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("gateway not up within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: graceful shutdown. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
