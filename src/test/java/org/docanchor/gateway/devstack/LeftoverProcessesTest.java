package org.docanchor.gateway.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the dev gateway is killed, its PostgreSQL and anvil keep running and the next start failed on the
 * cluster's lock file and the chain port (issue 11, item 20). A first stack is started and abandoned, as a
 * kill -9 of the JVM would leave it; the second start on the same data directory must stop it and adopt its data.
 */
class LeftoverProcessesTest {

    @TempDir
    Path dir;

    @Test
    void postgresLeftRunning_isStoppedCleanly_andItsDataAdopted() throws Exception {
        Path data = dir.resolve("postgres");
        LocalPostgres abandoned = LocalPostgres.start(data, 0);
        try (Connection c = DriverManager.getConnection(abandoned.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("create table survivor (n int); insert into survivor values (20)");
        }
        long leftoverPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());

        // What LocalPostgres.start does first. (Called directly: in one JVM the library's own file lock on the
        // data directory stays with the abandoned object until it is closed; a killed JVM holds no lock.)
        LeftoverProcesses.stopPostgres(data);
        assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).isEmpty();
        try {
            abandoned.close();
        } catch (RuntimeException alreadyStopped) {
            // its server is gone already
        }

        try (LocalPostgres next = LocalPostgres.start(data, 0);
                Connection c = DriverManager.getConnection(next.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select n from survivor")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(20);
            assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).isEmpty();
        }
    }

    @Test
    void anvilLeftByAKilledRun_isStoppedAndThePortFreed() throws Exception {
        Path binary = Path.of(LocalChain.DEFAULT_BINARY);
        Path state = dir.resolve("anvil").resolve("state.json");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LocalChain.start(binary, port, 1337, Duration.ofSeconds(1), state); // abandoned, never closed
        long leftoverPid = Long.parseLong(Files.readString(state.resolveSibling("anvil.pid")).strip());
        assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).isPresent();

        try (LocalChain next = LocalChain.start(binary, port, 1337, Duration.ofSeconds(1), state)) {
            assertThat(next.port()).isEqualTo(port);
            Optional<ProcessHandle> old = ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive);
            assertThat(old).isEmpty();
            assertThat(Long.parseLong(Files.readString(state.resolveSibling("anvil.pid")).strip()))
                    .isNotEqualTo(leftoverPid);
        }
    }
}
