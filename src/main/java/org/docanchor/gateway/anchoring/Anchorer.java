package org.docanchor.gateway.anchoring;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.chain.Fence;
import org.docanchor.gateway.chain.OnChainAnchor;
import org.docanchor.gateway.chain.OutboundTransactions;
import org.docanchor.gateway.chain.SignedTransaction;
import org.docanchor.gateway.chain.StoredTransaction;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.revocation.RevocationRecorder;
import org.docanchor.gateway.webhook.WebhookOutbox;
import org.jboss.logging.Logger;

/**
 * Anchors sealed batches in id order, one transaction per batch, on the one replica that holds the anchoring
 * lease.
 *
 * <p>The transactions go through {@link OutboundTransactions}, the machine revocations use too: a batch is
 * SEALED while pending, SUBMITTED once its signed transaction is stored (before the broadcast), ANCHORED once its
 * receipt is {@code confirmations} deep in a canonical block, so a crash at any point resumes cleanly. A batch id
 * the registry holds with another root makes the batch FAILED, and later batches wait: ids are gapless on chain.
 * After the anchors, the same loop collects each anchored batch's header and state proof. Revocations
 * ({@link RevocationRecorder}) run in a second loop under the same lease with their own key, or in between the
 * batches on this loop when one key does both ({@code allow-shared-revoker}), which keeps its nonces in order.
 */
@ApplicationScoped
public class Anchorer {

    private static final Logger LOG = Logger.getLogger(Anchorer.class);

    private final ChainClient chain;
    private final AnchoringConfig config;
    private final AnchoringLease lease;
    private final AnchoringMetrics metrics;
    private final OutboundTransactions transactions;
    private final RevocationRecorder revocations;
    private final WebhookOutbox webhooks;
    private final Pace anchoring = new Pace(OutboundTransactions.Kind.ANCHOR);
    private final Pace revoking = new Pace(OutboundTransactions.Kind.REVOCATION);
    private volatile boolean stopping;

    public Anchorer(ChainClient chain, AnchoringConfig config, AnchoringLease lease, AnchoringMetrics metrics,
            OutboundTransactions transactions, RevocationRecorder revocations, WebhookOutbox webhooks) {
        this.chain = chain;
        this.config = config;
        this.lease = lease;
        this.metrics = metrics;
        this.transactions = transactions;
        this.revocations = revocations;
        this.webhooks = webhooks;
    }

    void onStop(@Observes ShutdownEvent event) {
        // Stop taking work; whatever is in flight is already persisted. Hand the lease over at once.
        stopping = true;
        if (config.enabled()) {
            lease.release();
        }
    }

    @Scheduled(every = "${anchor.anchoring.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void anchorPending() {
        run(anchoring, (token, fence) -> {
            boolean sharedKey = sharedKey();
            while (!stopping && anchorNext(token, fence)) {
                anchoring.reset();
                fence.renew();
                if (sharedKey) {
                    // One key, one nonce sequence: its revocations go in between the batches, on this thread.
                    revocations.step(fence);
                }
            }
            if (!stopping) {
                metrics.chainHead(chain.blockNumber());
                collectEvidence(token);
                if (sharedKey) {
                    revocations.step(fence);
                }
            }
        });
    }

    /**
     * Records revocations with their own key, beside the anchoring and on the same replica (the same lease), so
     * that neither waits for the other's blocks: a steady stream of batches never holds a revocation back.
     */
    @Scheduled(every = "${anchor.anchoring.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recordRevocations() {
        if (sharedKey()) {
            return;
        }
        run(revoking, (token, fence) -> revocations.step(fence));
    }

    /** Whether revocations are signed with the anchoring key ({@code allow-shared-revoker}). */
    private boolean sharedKey() {
        return chain.revokerAddress().equals(chain.signerAddress());
    }

    /** Work that runs while this replica holds the anchoring lease. */
    private interface LeasedWork {
        void run(long token, Fence fence);
    }

    /** Runs {@code work} under the lease; a failure pauses this loop ({@code pace}), twice as long each time. */
    private void run(Pace pace, LeasedWork work) {
        if (!config.enabled() || stopping || pace.waiting()) {
            return;
        }
        try {
            OptionalLong token = lease.acquire(config.leaseTtl());
            if (token.isEmpty()) {
                return;
            }
            work.run(token.getAsLong(), fence(token.getAsLong()));
            pace.reset();
        } catch (AnchoringLease.LeaseLostException e) {
            LOG.warnf("%s stopped on this replica: %s", pace.kind.loop(), e.getMessage());
        } catch (ChainUnavailableException | ChainRejectedException | IllegalStateException e) {
            Duration pause = pace.failed();
            if (e instanceof org.docanchor.gateway.chain.RegistryMissingException) {
                LOG.errorf("%s stopped for %s (failure %d): %s", pace.kind.loop(), pause, pace.failures,
                        e.getMessage());
            } else {
                LOG.warnf("%s paused for %s after failure %d: %s", pace.kind.loop(), pause, pace.failures,
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            // A programming error, not the chain's answer: say so loudly, with the stack trace, and back off.
            Duration pause = pace.failed();
            LOG.errorf(e, "%s paused for %s after an unexpected error (failure %d)", pace.kind.loop(), pause,
                    pace.failures);
        }
    }

    /**
     * The back-off of one loop: a pause after each failure, doubled per consecutive failure up to the maximum; each
     * failure is counted under the loop's kind.
     */
    private final class Pace {

        private final OutboundTransactions.Kind kind;
        private volatile int failures;
        private volatile Instant notBefore = Instant.EPOCH;

        Pace(OutboundTransactions.Kind kind) {
            this.kind = kind;
        }

        boolean waiting() {
            return Instant.now().isBefore(notBefore);
        }

        void reset() {
            failures = 0;
        }

        Duration failed() {
            transactions.failed(kind);
            failures++;
            Duration pause = config.backoff().multipliedBy(1L << Math.min(failures - 1, 16));
            if (pause.compareTo(config.maxBackoff()) > 0) {
                pause = config.maxBackoff();
            }
            notBefore = Instant.now().plus(pause);
            return pause;
        }
    }

    /** The anchoring lease with {@code token}, as the outbound machine checks and renews it. */
    private Fence fence(long token) {
        return new Fence() {
            @Override
            public void check() {
                lease.assertHeld(token);
            }

            @Override
            public void renew() {
                lease.renew(token, config.leaseTtl());
            }
        };
    }

    /** Moves the oldest unfinished batch forward; true when it reached ANCHORED and the next may follow. */
    boolean anchorNext(long token, Fence fence) {
        Batch batch = QuarkusTransaction.requiringNew().call(() -> Batch
                .<Batch>find("status in ?1 order by id", List.of(Batch.Status.SEALED, Batch.Status.SUBMITTED,
                        Batch.Status.FAILED))
                .firstResult());
        if (batch == null) {
            return false;
        }
        if (batch.status == Batch.Status.FAILED) {
            // Batch ids are gapless on chain: nothing after a failed batch can be anchored before it.
            throw new IllegalStateException("batch " + batch.id + " FAILED (" + batch.lastError
                    + "); later batches wait until an operator resolves it");
        }
        return transactions.advance(new BatchWork(token, batch), fence) == OutboundTransactions.Step.DONE;
    }

    /** A batch as {@link OutboundTransactions} drives it: {@code anchor(batchId, root, leafCount)}. */
    private final class BatchWork implements OutboundTransactions.Work {

        private final long token;
        private final Batch batch;

        BatchWork(long token, Batch batch) {
            this.token = token;
            this.batch = batch;
        }

        @Override
        public String name() {
            return "batch " + batch.id;
        }

        @Override
        public OutboundTransactions.Kind kind() {
            return OutboundTransactions.Kind.ANCHOR;
        }

        @Override
        public StoredTransaction inFlight() {
            return batch.status == Batch.Status.SUBMITTED && batch.tx != null && batch.tx.raw != null ? batch.tx : null;
        }

        @Override
        public Optional<OutboundTransactions.Landed> onChain() {
            Optional<Hash32> onChain = chain.rootOf(batch.id);
            if (onChain.isEmpty()) {
                return Optional.empty();
            }
            if (!onChain.get().equals(new Hash32(batch.root))) {
                fail(token, batch.id, "the registry holds root " + onChain.get() + " for batch " + batch.id
                        + ", not " + new Hash32(batch.root));
                throw new IllegalStateException("batch " + batch.id + " FAILED: the registry holds another root");
            }
            OnChainAnchor anchor = chain.anchorOf(onChain.get()).orElseThrow(() -> new ChainRejectedException(
                    "the registry names root " + onChain.get() + " for batch " + batch.id + " but has no anchor of it"));
            return Optional.of(new OutboundTransactions.Landed(anchor.blockNumber(), anchor.blockTime(),
                    chain.findAnchorTransaction(batch.id, anchor.blockNumber())));
        }

        @Override
        public SignedTransaction sign() {
            return chain.signAnchor(batch.id, new Hash32(batch.root), batch.leafCount);
        }

        @Override
        public void submitted(StoredTransaction tx) {
            long chainId = chain.chainId();
            String registry = chain.registryAddress();
            update(token, batch.id, row -> {
                row.status = Batch.Status.SUBMITTED;
                row.tx = tx;
                row.chainId = chainId;
                row.registry = registry;
                row.attempts++;
            });
            batch.status = Batch.Status.SUBMITTED;
            batch.tx = tx;
        }

        @Override
        public void done(String txHash, TransactionOutcome mined) {
            long chainId = chain.chainId();
            String registry = chain.registryAddress();
            Instant sealedAt = update(token, batch.id, row -> {
                row.status = Batch.Status.ANCHORED;
                if (txHash != null && (row.tx == null || !txHash.equals(row.tx.hashHex()))) {
                    row.tx = StoredTransaction.found(txHash);
                }
                row.chainId = chainId;
                row.registry = registry;
                row.blockNumber = mined.blockNumber();
                row.blockHash = mined.blockHash().bytes();
                row.blockTime = mined.blockTime();
                row.anchoredAt = Instant.now();
                row.lastError = null;
                // The departments' document.anchored events commit with the state change, or not at all.
                webhooks.batchAnchored(row.id);
            }).sealedAt;
            metrics.anchored(batch.id, sealedAt);
            LOG.infof("Batch %d anchored in block %d (transaction %s)", batch.id, mined.blockNumber(), txHash);
        }

        @Override
        public void retry(String error) {
            update(token, batch.id, row -> {
                row.status = Batch.Status.SEALED;
                row.lastError = error;
            });
            batch.status = Batch.Status.SEALED;
            LOG.warnf("Batch %d will be signed again: %s", batch.id, error);
        }

        @Override
        public void note(String error) {
            update(token, batch.id, row -> row.lastError = error);
        }
    }

    /** Tries per batch to collect the header and state proof before its proofs go out without them. */
    public static final int MAX_EVIDENCE_ATTEMPTS = 3;

    /**
     * Collects the anchoring block's header and the state proof of the batch's root (docs/proof-format.md) for
     * anchored batches that lack them, newest first. A node that refuses (no {@code eth_getProof}, a pruned state,
     * a header that does not hash under the configured consensus) is asked again a few times, then the batch's
     * proofs are served without them: they still verify on chain. An unreachable node is a failure like any other.
     */
    void collectEvidence(long token) {
        List<Batch> missing = QuarkusTransaction.requiringNew().call(() -> Batch
                .<Batch>find("status = ?1 and blockHeader is null and evidenceAttempts < ?2 order by id desc",
                        Batch.Status.ANCHORED, MAX_EVIDENCE_ATTEMPTS)
                .page(0, 10).list());
        for (Batch batch : missing) {
            if (stopping) {
                return;
            }
            try {
                ChainClient.AnchorEvidence evidence = chain.anchorEvidence(new Hash32(batch.root), batch.blockNumber,
                        new Hash32(batch.blockHash));
                String anchorProof = evidenceJson(evidence);
                update(token, batch.id, row -> {
                    row.blockHeader = evidence.header();
                    row.anchorProof = anchorProof;
                    row.evidenceAttempts++;
                });
            } catch (ChainRejectedException e) {
                int attempts = update(token, batch.id, row -> row.evidenceAttempts++).evidenceAttempts;
                LOG.warnf("Batch %d: no header and state proof (attempt %d of %d; its proofs then verify on chain "
                        + "only): %s", batch.id, attempts, MAX_EVIDENCE_ATTEMPTS, e.getMessage());
            }
        }
    }

    private static String evidenceJson(ChainClient.AnchorEvidence evidence) {
        return "{\"accountProof\":" + hexArray(evidence.accountProof()) + ",\"storageProof\":"
                + hexArray(evidence.storageProof()) + "}";
    }

    /** The nodes as a JSON array; each is checked to be 0x-hex, so nothing else reaches the stored JSON. */
    private static String hexArray(List<String> nodes) {
        StringBuilder json = new StringBuilder("[");
        for (String node : nodes) {
            String lower = node.toLowerCase(java.util.Locale.ROOT);
            if (!lower.matches("0x([0-9a-f]{2})+")) {
                throw new ChainRejectedException("eth_getProof answered a node that is not hex bytes");
            }
            json.append(json.length() == 1 ? "" : ",").append('"').append(lower).append('"');
        }
        return json.append(']').toString();
    }

    private void fail(long token, long batchId, String error) {
        update(token, batchId, row -> {
            row.status = Batch.Status.FAILED;
            row.lastError = error;
            webhooks.batchFailed(row.id);
        });
        LOG.errorf("Batch %d FAILED, anchoring stops until an operator resolves it: %s", batchId, error);
    }

    /**
     * Changes one batch in its own transaction, only while this replica still holds the lease with {@code token}
     * (the fencing check and the write commit together); returns the changed row.
     */
    private Batch update(long token, long batchId, java.util.function.Consumer<Batch> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lease.assertHeld(token);
            Batch row = Batch.findById(batchId);
            change.accept(row);
            return row;
        });
    }
}
