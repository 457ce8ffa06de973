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
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.jboss.logging.Logger;

/**
 * Seals pending documents into batches: when the oldest has waited {@code anchor.batch.max-delay}, or when
 * {@code anchor.batch.max-size} are waiting, unless {@code anchor.batch.max-unanchored} batches already wait for
 * the chain. Sealing fixes the tree: the batch gets its gapless id, root, range of document numbers
 * ({@link DocumentSequence}) and sorted leaf level, in one insert; no document row is written.
 */
@ApplicationScoped
public class BatchSealer {

    private static final Logger LOG = Logger.getLogger(BatchSealer.class);

    /** Serialises sealing across replicas so batch ids stay gapless and no document is sealed twice. */
    private static final long SEAL_LOCK = 0x616e63686f72L; // "anchor"

    /** Longest the sealer waits for the intake transactions in flight before it gives up a round. */
    private static final java.time.Duration INTAKE_PATIENCE = java.time.Duration.ofSeconds(30);

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
                .description("Time to build a batch's tree and store it").register(registry);
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
            Pending pending = pending(connection);
            if (pending.size() == 0) {
                return Optional.empty();
            }
            boolean full = pending.size() >= config.maxSize();
            boolean old = !pending.receivedAt()[0].isAfter(now.minus(config.maxDelay()));
            if (!full && !old) {
                return Optional.empty();
            }
            long batchId = nextBatchId(connection);
            long begin = System.nanoTime();
            seal(connection, batchId, pending, now);
            sealDuration.record(System.nanoTime() - begin, java.util.concurrent.TimeUnit.NANOSECONDS);
            batchSize.record(pending.size());
            sealLatency.record(java.time.Duration.between(pending.receivedAt()[0], now));
            return Optional.of(batchId);
        } catch (SQLException e) {
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
    }

    /** The documents to seal, in number order, their leaves computed in bulk. */
    private record Pending(long[] seq, List<LeafEncoding.Value> values, Instant[] receivedAt) {

        int size() {
            return values.size();
        }

        long last() {
            return seq[seq.length - 1];
        }
    }

    /** Up to {@code max-size} documents after the last sealed one, none whose number could still be overtaken. */
    private Pending pending(Connection connection) throws SQLException {
        java.util.OptionalLong committed;
        try {
            committed = DocumentSequence.committedUpTo(connection, INTAKE_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for intake transactions", e);
        }
        if (committed.isEmpty()) {
            LOG.warnf("Intake transactions ran longer than %s; sealing waits for the next round", INTAKE_PATIENCE);
        }
        long upTo = committed.orElse(0);
        long[] seqs = new long[Math.min(config.maxSize(), 1 << 16)];
        List<LeafEncoding.Value> values = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select d.seq, d.digest, d.algorithm, p.code, d.received_at
                  from document d join department p on p.id = d.department_id
                 where d.seq > """ + DocumentSequence.SEALED_UP_TO + """
                   and d.seq <= ?
                 order by d.seq
                 limit ?""")) {
            select.setLong(1, upTo);
            select.setInt(2, config.maxSize());
            select.setFetchSize(10_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (values.size() == seqs.length) {
                        seqs = java.util.Arrays.copyOf(seqs, 2 * seqs.length);
                    }
                    seqs[values.size()] = rows.getLong(1);
                    values.add(new LeafEncoding.Value(new Hash32(rows.getBytes(2)), rows.getString(3),
                            rows.getString(4)));
                    received.add(rows.getTimestamp(5).toInstant());
                }
            }
        }
        return new Pending(java.util.Arrays.copyOf(seqs, values.size()), values, received.toArray(Instant[]::new));
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

    private void seal(Connection connection, long batchId, Pending pending, Instant now) throws SQLException {
        byte[] leafHashes = LeafEncoding.leafHashes(pending.values(), Parallelism.forSize(pending.size()));
        StandardMerkleTree tree = StandardMerkleTree.ofLeafHashes(leafHashes, Parallelism.forSize(pending.size()));
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into batch (id, root, leaf_count, status, sealed_at, first_seq, last_seq, leaves)
                values (?, ?, ?, 'SEALED', ?, ?, ?, ?)""")) {
            insert.setLong(1, batchId);
            insert.setBytes(2, tree.root().bytes());
            insert.setInt(3, pending.size());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setLong(5, pending.seq()[0]);
            insert.setLong(6, pending.last());
            insert.setBytes(7, tree.sortedLeafBytes());
            insert.executeUpdate();
        }
        LOG.infof("Sealed batch %d: %d documents, root %s", batchId, pending.size(), tree.root());
    }
}
