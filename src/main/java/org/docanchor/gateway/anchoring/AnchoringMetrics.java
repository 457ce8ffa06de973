package org.docanchor.gateway.anchoring;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.docanchor.gateway.batching.DocumentSequence;

/**
 * Anchoring metrics: backlog (documents not yet in an anchored batch), age of the oldest pending document,
 * unfinished batches, last anchored batch id, chain head (transaction attempts and failures are counted by
 * {@link org.docanchor.gateway.chain.OutboundTransactions}). The gauges are refreshed by
 * one query every few seconds, not on every scrape.
 */
@ApplicationScoped
public class AnchoringMetrics {

    private final AgroalDataSource dataSource;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final AtomicLong unfinishedBatches = new AtomicLong();
    private final AtomicLong lastAnchoredBatch = new AtomicLong();
    private final AtomicLong chainHead = new AtomicLong();
    private final io.micrometer.core.instrument.Timer anchorLatency;

    public AnchoringMetrics(MeterRegistry registry, AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        Gauge.builder("anchor.backlog.documents", backlog, AtomicLong::get)
                .description("Accepted documents whose batch is not anchored yet").register(registry);
        Gauge.builder("anchor.backlog.oldest.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest accepted document not anchored yet").register(registry);
        Gauge.builder("anchor.batches.unfinished", unfinishedBatches, AtomicLong::get)
                .description("Batches sealed, submitted or failed but not anchored").register(registry);
        Gauge.builder("anchor.batches.last.anchored", lastAnchoredBatch, AtomicLong::get)
                .description("Id of the last anchored batch").register(registry);
        Gauge.builder("anchor.chain.head", chainHead, AtomicLong::get)
                .description("Latest block number the anchorer saw").register(registry);
        this.anchorLatency = io.micrometer.core.instrument.Timer.builder("anchor.anchor.latency")
                .description("From sealing a batch to recording it ANCHORED")
                .publishPercentileHistogram().register(registry);
    }

    void anchored(long batchId, java.time.Instant sealedAt) {
        lastAnchoredBatch.accumulateAndGet(batchId, Math::max);
        if (sealedAt != null) {
            anchorLatency.record(java.time.Duration.between(sealedAt, java.time.Instant.now()));
        }
    }

    void chainHead(long block) {
        chainHead.set(block);
    }

    /** Age in seconds of the oldest document not yet anchored (0 when none), as last measured. */
    public long oldestPendingSeconds() {
        return oldestPendingSeconds.get();
    }

    @Scheduled(every = "${anchor.metrics.refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select (select count(*) from document where seq > %1$s)
                             + (select coalesce(sum(leaf_count), 0) from batch where status <> 'ANCHORED'),
                               coalesce(extract(epoch from now() - least(
                                   (select min(received_at) from document
                                     where seq > %1$s),
                                   (select min(d.received_at) from document d
                                      join batch b on d.seq between b.first_seq and b.last_seq
                                     where b.id = (select min(id) from batch where status <> 'ANCHORED')))), 0)::bigint,
                               (select count(*) from batch where status <> 'ANCHORED'),
                               (select coalesce(max(id), 0) from batch where status = 'ANCHORED')"""
                        .formatted(DocumentSequence.SEALED_UP_TO));
                ResultSet row = statement.executeQuery()) {
            row.next();
            backlog.set(row.getLong(1));
            oldestPendingSeconds.set(row.getLong(2));
            unfinishedBatches.set(row.getLong(3));
            lastAnchoredBatch.set(row.getLong(4));
        } catch (SQLException e) {
            // The database is down: keep the last values; the health check reports the outage.
        }
    }
}
