package org.docanchor.gateway.anchoring;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.chain.OnChainAnchor;
import org.docanchor.gateway.chain.SignedTransaction;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.gateway.merkle.Hash32;
import org.jboss.logging.Logger;

/**
 * Anchors sealed batches in id order, one transaction per batch: signs {@code anchor(batchId, root, leafCount)},
 * stores the signed transaction, broadcasts it, waits for its receipt and records the block. Before signing it
 * asks the registry whether the batch is already there (a record lost before it reached the database), so a
 * batch id is not anchored twice.
 */
@ApplicationScoped
public class Anchorer {

    private static final Logger LOG = Logger.getLogger(Anchorer.class);
    private static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(5);

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private final AnchoringConfig config;
    private int failures;
    private Instant notBefore = Instant.EPOCH;

    public Anchorer(ChainClient chain, ChainConfig chainConfig, AnchoringConfig config) {
        this.chain = chain;
        this.chainConfig = chainConfig;
        this.config = config;
    }

    @Scheduled(every = "${anchor.anchoring.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void anchorPending() {
        if (!config.enabled() || Instant.now().isBefore(notBefore)) {
            return;
        }
        try {
            while (anchorNext()) {
                failures = 0;
            }
        } catch (ChainUnavailableException | ChainRejectedException e) {
            failures++;
            Duration pause = config.backoff().multipliedBy(1L << Math.min(failures - 1, 16));
            if (pause.compareTo(config.maxBackoff()) > 0) {
                pause = config.maxBackoff();
            }
            notBefore = Instant.now().plus(pause);
            LOG.warnf("Anchoring paused for %s after failure %d: %s", pause, failures, e.getMessage());
        }
    }

    /** Moves the oldest unfinished batch forward; true when it reached ANCHORED. */
    boolean anchorNext() {
        Batch batch = QuarkusTransaction.requiringNew().call(() -> Batch
                .<Batch>find("status in ?1 order by id", java.util.List.of(Batch.Status.SEALED, Batch.Status.SUBMITTED))
                .firstResult());
        if (batch == null) {
            return false;
        }
        if (batch.status == Batch.Status.SEALED) {
            Optional<Hash32> onChain = chain.rootOf(batch.id);
            if (onChain.isPresent()) {
                return adopt(batch, onChain.get());
            }
            submit(batch);
        }
        return awaitReceipt(batch);
    }

    private void submit(Batch batch) {
        SignedTransaction tx;
        try {
            tx = chain.signAnchor(batch.id, new Hash32(batch.root), batch.leafCount);
        } catch (ChainRejectedException e) {
            record(batch.id, e.getMessage());
            throw e;
        }
        long chainId = chain.chainId();
        String registry = chain.registryAddress();
        QuarkusTransaction.requiringNew().run(() -> {
            Batch row = Batch.findById(batch.id);
            row.status = Batch.Status.SUBMITTED;
            row.txHash = HexFormat.of().parseHex(tx.hash().substring(2));
            row.rawTx = tx.raw();
            row.txNonce = tx.nonce();
            row.chainId = chainId;
            row.registry = registry;
            row.submittedAt = Instant.now();
            row.attempts++;
        });
        batch.txHash = HexFormat.of().parseHex(tx.hash().substring(2));
        batch.rawTx = tx.raw();
        batch.txNonce = tx.nonce();
        chain.broadcast(tx);
        LOG.infof("Batch %d submitted in transaction %s (nonce %d)", batch.id, tx.hash(), tx.nonce());
    }

    private boolean awaitReceipt(Batch batch) {
        String txHash = "0x" + HexFormat.of().formatHex(batch.txHash);
        Instant deadline = Instant.now().plus(chainConfig.receiptTimeout());
        Instant lastBroadcast = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Optional<TransactionOutcome> outcome = chain.outcome(txHash);
            if (outcome.isPresent() && chain.blockNumber() - outcome.get().blockNumber() >= chainConfig.confirmations()) {
                TransactionOutcome mined = outcome.get();
                if (!mined.succeeded()) {
                    fail(batch.id, "transaction " + txHash + " reverted in block " + mined.blockNumber()
                            + (mined.revertReason() == null ? "" : ": " + mined.revertReason()));
                    return false;
                }
                markAnchored(batch.id, txHash, mined);
                return true;
            }
            if (outcome.isEmpty() && batch.rawTx != null
                    && Instant.now().isAfter(lastBroadcast.plus(REBROADCAST_INTERVAL))) {
                // A node that restarted or dropped its pool forgets the transaction; offering it again is harmless.
                chain.broadcast(new SignedTransaction(txHash, batch.rawTx, batch.txNonce));
                lastBroadcast = Instant.now();
            }
            sleep(config.receiptPollInterval());
        }
        record(batch.id, "no receipt for " + txHash + " within " + chainConfig.receiptTimeout());
        return false;
    }

    /** The registry already holds a root under this batch id: take it if it is ours, else stop loudly. */
    private boolean adopt(Batch batch, Hash32 onChainRoot) {
        if (!onChainRoot.equals(new Hash32(batch.root))) {
            fail(batch.id, "the registry holds root " + onChainRoot + " for batch " + batch.id + ", not "
                    + new Hash32(batch.root));
            return false;
        }
        OnChainAnchor anchor = chain.anchorOf(onChainRoot).orElseThrow();
        Optional<String> txHash = chain.findAnchorTransaction(batch.id, anchor.blockNumber());
        Hash32 blockHash = chain.blockHash(anchor.blockNumber()).orElseThrow();
        markAnchored(batch.id, txHash.orElse(null),
                new TransactionOutcome(true, anchor.blockNumber(), blockHash, anchor.blockTime(), null));
        LOG.infof("Batch %d was already anchored in block %d; recorded it", batch.id, anchor.blockNumber());
        return true;
    }

    private void markAnchored(long batchId, String txHash, TransactionOutcome mined) {
        long chainId = chain.chainId();
        String registry = chain.registryAddress();
        QuarkusTransaction.requiringNew().run(() -> {
            Batch row = Batch.findById(batchId);
            row.status = Batch.Status.ANCHORED;
            if (txHash != null) {
                row.txHash = HexFormat.of().parseHex(txHash.substring(2));
            }
            row.chainId = chainId;
            row.registry = registry;
            row.blockNumber = mined.blockNumber();
            row.blockHash = mined.blockHash().bytes();
            row.blockTime = mined.blockTime();
            row.anchoredAt = Instant.now();
            row.lastError = null;
        });
        LOG.infof("Batch %d anchored in block %d (transaction %s)", batchId, mined.blockNumber(), txHash);
    }

    private void fail(long batchId, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            Batch row = Batch.findById(batchId);
            row.status = Batch.Status.FAILED;
            row.lastError = error;
        });
        LOG.errorf("Batch %d FAILED: %s", batchId, error);
    }

    private void record(long batchId, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            Batch row = Batch.findById(batchId);
            row.lastError = error;
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException("interrupted while waiting for a receipt", e);
        }
    }
}
