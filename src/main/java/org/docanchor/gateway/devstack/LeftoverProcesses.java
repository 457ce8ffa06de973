package org.docanchor.gateway.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stops what a previous run of the same data directory left behind (the gateway killed with -9, out of memory, a
 * closed terminal): its PostgreSQL still holding the cluster and its anvil still holding the chain port. Both are
 * asked to stop cleanly (SIGTERM: PostgreSQL shuts down, anvil writes its state file), so their data is adopted by
 * the new run; only a process that ignores that for 20 s is killed.
 */
final class LeftoverProcesses {

    private static final Logger LOG = Logger.getLogger(LeftoverProcesses.class);
    private static final Duration GRACE = Duration.ofSeconds(20);

    private LeftoverProcesses() {
    }

    /** Stops the postmaster named by {@code dataDir/postmaster.pid}, if it still runs. */
    static void stopPostgres(Path dataDir) {
        stop(dataDir.resolve("postmaster.pid"), "postgres", "PostgreSQL");
    }

    /** Stops the anvil named by {@code pidFile}, if it still runs. */
    static void stopAnvil(Path pidFile) {
        stop(pidFile, "anvil", "anvil");
    }

    /** Records the pid of an anvil this run started, for the next run to find. */
    static void recordAnvil(Path pidFile, long pid) {
        try {
            Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warnf("Could not record anvil's pid in %s: %s", pidFile, e.getMessage());
        }
    }

    private static void stop(Path pidFile, String commandName, String what) {
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith(commandName))
                        .orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle process = leftover.get();
        LOG.warnf("A previous run left %s running (pid %d, from %s): stopping it so this run can adopt its data",
                what, process.pid(), pidFile);
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Stopped the previous run's %s (pid %d)", what, process.pid());
        } catch (Exception e) {
            LOG.warnf("The previous run's %s (pid %d) did not stop within %s: killing it", what, process.pid(), GRACE);
            process.destroyForcibly();
            try {
                process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // reported by the start that follows, which then fails with its own message
            }
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").strip();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
