package org.docanchor.gateway.batching;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.jboss.logging.Logger;

/**
 * Seals pending documents into batches: when the oldest has waited {@code anchor.batch.max-delay}, or when
 * {@code anchor.batch.max-size} are waiting, unless {@code anchor.batch.max-unanchored} batches already wait for
 * the chain. Sealing fixes the tree: each document gets its batch, leaf and
 * proof path, and the batch its gapless id and root, in one transaction.
 */
@ApplicationScoped
public class BatchSealer {

    private static final Logger LOG = Logger.getLogger(BatchSealer.class);

    /** Serialises sealing across replicas so batch ids stay gapless and no document is sealed twice. */
    private static final long SEAL_LOCK = 0x616e63686f72L; // "anchor"

    private final AgroalDataSource dataSource;
    private final BatchConfig config;
    private final DistributionSummary batchSize;
    private final Timer sealLatency;
    private final Timer sealDuration;

    public BatchSealer(AgroalDataSource dataSource, BatchConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.batchSize = DistributionSummary.builder("anchor.batch.size").description("Documents per sealed batch")
                .publishPercentileHistogram().register(registry);
        this.sealLatency = Timer.builder("anchor.seal.latency")
                .description("From accepting the oldest document of a batch to sealing the batch")
                .publishPercentileHistogram().register(registry);
        this.sealDuration = Timer.builder("anchor.seal.duration")
                .description("Time to build a batch's tree and store its leaves and paths").register(registry);
    }

    @Scheduled(every = "${anchor.batch.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sealDue() {
        try {
            while (sealIfDue(Instant.now()).isPresent()) {
                // A full batch was sealed: more may be waiting.
            }
        } catch (RuntimeException e) {
            LOG.warnf("Sealing failed, will retry: %s", e.getMessage());
        }
    }

    /** Seals one batch when one is due at {@code now}; returns its id. */
    @Transactional
    public Optional<Long> sealIfDue(Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, SEAL_LOCK);
                lock.execute();
            }
            if (unanchoredBatches(connection) >= config.maxUnanchored()) {
                return Optional.empty();
            }
            List<Pending> pending = pending(connection);
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            boolean full = pending.size() >= config.maxSize();
            boolean old = !pending.get(0).receivedAt().isAfter(now.minus(config.maxDelay()));
            if (!full && !old) {
                return Optional.empty();
            }
            long batchId = nextBatchId(connection);
            long begin = System.nanoTime();
            seal(connection, batchId, pending, now);
            sealDuration.record(System.nanoTime() - begin, java.util.concurrent.TimeUnit.NANOSECONDS);
            batchSize.record(pending.size());
            sealLatency.record(java.time.Duration.between(pending.get(0).receivedAt(), now));
            return Optional.of(batchId);
        } catch (SQLException e) {
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
    }

    private record Pending(UUID id, Hash32 leaf, Instant receivedAt) {
    }

    private List<Pending> pending(Connection connection) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select d.id, d.digest, d.algorithm, p.code, d.received_at
                  from document d join department p on p.id = d.department_id
                 where d.batch_id is null
                 order by d.received_at, d.id
                 limit ?""")) {
            select.setInt(1, config.maxSize());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Hash32 leaf = LeafEncoding.leafHash(new Hash32(rows.getBytes(2)), rows.getString(3),
                            rows.getString(4));
                    pending.add(new Pending(rows.getObject(1, UUID.class), leaf, rows.getTimestamp(5).toInstant()));
                }
            }
        }
        return pending;
    }

    private static long unanchoredBatches(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "select count(*) from batch where status in ('SEALED', 'SUBMITTED')");
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long nextBatchId(Connection connection) throws SQLException {
        try (PreparedStatement max = connection.prepareStatement("select coalesce(max(id), 0) + 1 from batch");
                ResultSet row = max.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private void seal(Connection connection, long batchId, List<Pending> pending, Instant now) throws SQLException {
        StandardMerkleTree tree = StandardMerkleTree.of(pending.stream().map(Pending::leaf).toList());
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into batch (id, root, leaf_count, status, sealed_at) values (?, ?, ?, 'SEALED', ?)")) {
            insert.setLong(1, batchId);
            insert.setBytes(2, tree.root().bytes());
            insert.setInt(3, pending.size());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
        UUID[] ids = new UUID[pending.size()];
        byte[][] leaves = new byte[pending.size()][];
        byte[][] proofs = new byte[pending.size()][];
        for (int i = 0; i < pending.size(); i++) {
            Pending document = pending.get(i);
            ids[i] = document.id();
            leaves[i] = document.leaf().bytes();
            proofs[i] = tree.proofBytes(tree.sortedIndexOf(i));
        }
        try (PreparedStatement update = connection.prepareStatement("""
                update document d set batch_id = ?, leaf = u.leaf, proof = u.proof
                  from unnest(?::uuid[], ?::bytea[], ?::bytea[]) as u(id, leaf, proof)
                 where d.id = u.id and d.batch_id is null""")) {
            update.setLong(1, batchId);
            update.setArray(2, connection.createArrayOf("uuid", ids));
            update.setArray(3, connection.createArrayOf("bytea", leaves));
            update.setArray(4, connection.createArrayOf("bytea", proofs));
            int updated = update.executeUpdate();
            if (updated != pending.size()) {
                throw new IllegalStateException("sealed " + updated + " of " + pending.size() + " documents");
            }
        }
        LOG.infof("Sealed batch %d: %d documents, root %s", batchId, pending.size(), tree.root());
    }
}
