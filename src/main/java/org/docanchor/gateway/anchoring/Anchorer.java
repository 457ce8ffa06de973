package org.docanchor.gateway.anchoring;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.chain.OnChainAnchor;
import org.docanchor.gateway.chain.SignedTransaction;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.revocation.RevocationRecorder;
import org.jboss.logging.Logger;

/**
 * Anchors sealed batches in id order, one transaction per batch, on the one replica that holds the anchoring
 * lease.
 *
 * <p>Each step is persisted before the next one happens, so a crash at any point resumes cleanly: the signed
 * transaction is stored (SUBMITTED) before it is broadcast; a SUBMITTED batch is never signed again while its
 * transaction may still be mined: it is rebroadcast as stored, and signed anew (same batch id, root and leaf
 * count) only once its nonce is provably used by something else and the registry does not hold the batch. The
 * registry itself refuses a second anchor of a batch id or a root, so even a duplicate transaction cannot anchor
 * a batch twice. A batch is ANCHORED once its receipt is {@code confirmations} deep and its block still canonical.
 */
@ApplicationScoped
public class Anchorer {

    private static final Logger LOG = Logger.getLogger(Anchorer.class);
    private static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(5);

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private final AnchoringConfig config;
    private final AnchoringLease lease;
    private final AnchoringMetrics metrics;
    private final RevocationRecorder revocations;
    private volatile boolean stopping;
    private int failures;
    private Instant notBefore = Instant.EPOCH;

    public Anchorer(ChainClient chain, ChainConfig chainConfig, AnchoringConfig config, AnchoringLease lease,
            AnchoringMetrics metrics, RevocationRecorder revocations) {
        this.revocations = revocations;
        this.chain = chain;
        this.chainConfig = chainConfig;
        this.config = config;
        this.lease = lease;
        this.metrics = metrics;
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
        if (!config.enabled() || stopping || Instant.now().isBefore(notBefore)) {
            return;
        }
        try {
            OptionalLong token = lease.acquire(config.leaseTtl());
            if (token.isEmpty()) {
                return;
            }
            while (!stopping && anchorNext(token.getAsLong())) {
                failures = 0;
                lease.acquire(config.leaseTtl());
            }
            if (!stopping) {
                collectEvidence(token.getAsLong());
                // Same thread, same key: revocations never race the anchoring transactions for a nonce.
                revocations.step(lease::assertHeld, token.getAsLong());
            }
            failures = 0;
        } catch (AnchoringLease.LeaseLostException e) {
            LOG.warnf("Stopped anchoring: %s", e.getMessage());
        } catch (ChainUnavailableException | ChainRejectedException | IllegalStateException e) {
            failures++;
            metrics.failure();
            Duration pause = config.backoff().multipliedBy(1L << Math.min(failures - 1, 16));
            if (pause.compareTo(config.maxBackoff()) > 0) {
                pause = config.maxBackoff();
            }
            notBefore = Instant.now().plus(pause);
            if (e instanceof org.docanchor.gateway.chain.RegistryMissingException) {
                LOG.errorf("Anchoring and revocations stopped for %s (failure %d): %s", pause, failures, e.getMessage());
            } else {
                LOG.warnf("Anchoring paused for %s after failure %d: %s", pause, failures, e.getMessage());
            }
        }
    }

    /** Moves the oldest unfinished batch forward; true when it reached ANCHORED and the next may follow. */
    boolean anchorNext(long token) {
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
        if (batch.status == Batch.Status.SEALED) {
            Optional<Hash32> onChain = chain.rootOf(batch.id);
            if (onChain.isPresent()) {
                return adopt(token, batch, onChain.get());
            }
            submit(token, batch);
        }
        return awaitReceipt(token, batch);
    }

    private void submit(long token, Batch batch) {
        SignedTransaction tx;
        try {
            tx = chain.signAnchor(batch.id, new Hash32(batch.root), batch.leafCount);
        } catch (ChainRejectedException e) {
            record(token, batch.id, e.getMessage());
            throw e;
        }
        long chainId = chain.chainId();
        String registry = chain.registryAddress();
        update(token, batch.id, row -> {
            row.status = Batch.Status.SUBMITTED;
            row.txHash = bytes(tx.hash());
            row.rawTx = tx.raw();
            row.txNonce = tx.nonce();
            row.chainId = chainId;
            row.registry = registry;
            row.submittedAt = Instant.now();
            row.attempts++;
        });
        batch.status = Batch.Status.SUBMITTED;
        batch.txHash = bytes(tx.hash());
        batch.rawTx = tx.raw();
        batch.txNonce = tx.nonce();
        metrics.attempt();
        LOG.infof("Batch %d signed as transaction %s (nonce %d)", batch.id, tx.hash(), tx.nonce());
        broadcast(token, batch);
    }

    private void broadcast(long token, Batch batch) {
        SignedTransaction tx = new SignedTransaction(hex(batch.txHash), batch.rawTx, batch.txNonce);
        try {
            ChainClient.Broadcast answer = chain.broadcast(tx);
            if (answer != ChainClient.Broadcast.ACCEPTED) {
                LOG.infof("Batch %d: node says %s for transaction %s; reconciling", batch.id, answer, tx.hash());
            }
        } catch (ChainRejectedException e) {
            // A refusal that is not about the nonce (gas, pool limits): sign again after a pause.
            resign(token, batch.id, e.getMessage());
            throw e;
        }
    }

    private boolean awaitReceipt(long token, Batch batch) {
        String txHash = hex(batch.txHash);
        Instant deadline = Instant.now().plus(chainConfig.receiptTimeout());
        Instant lastBroadcast = Instant.now();
        while (!stopping && Instant.now().isBefore(deadline)) {
            Optional<TransactionOutcome> outcome = chain.outcome(txHash);
            if (outcome.isPresent()) {
                TransactionOutcome mined = outcome.get();
                if (!mined.succeeded()) {
                    // Reverted: keep the reason, sign again later; a lasting conflict shows up in adopt().
                    resign(token, batch.id, "transaction " + txHash + " reverted in block " + mined.blockNumber()
                            + (mined.revertReason() == null ? "" : ": " + mined.revertReason()));
                    metrics.failure();
                    return false;
                }
                long head = chain.blockNumber();
                metrics.chainHead(head);
                if (head - mined.blockNumber() >= chainConfig.confirmations()) {
                    if (chain.blockHash(mined.blockNumber()).filter(mined.blockHash()::equals).isEmpty()) {
                        LOG.warnf("Batch %d: block %d of transaction %s is no longer canonical; waiting for it "
                                + "to be mined again", batch.id, mined.blockNumber(), txHash);
                    } else {
                        markAnchored(token, batch.id, txHash, mined);
                        return true;
                    }
                }
            } else {
                Optional<Hash32> onChain = chain.rootOf(batch.id);
                if (onChain.isPresent()) {
                    // Another transaction anchored it (a replica that lost its record, or a replay): take it.
                    return adopt(token, batch, onChain.get());
                }
                if (chain.minedNonce() > batch.txNonce) {
                    // Our nonce went to another transaction, and ours can never be mined: sign anew.
                    resign(token, batch.id, "nonce " + batch.txNonce + " of " + txHash
                            + " was used by another transaction");
                    return false;
                }
                if (Instant.now().isAfter(lastBroadcast.plus(REBROADCAST_INTERVAL))) {
                    // A node that restarted or dropped its pool forgets the transaction; offering it again is
                    // harmless (same bytes, same hash).
                    broadcast(token, batch);
                    lastBroadcast = Instant.now();
                }
            }
            sleep(config.receiptPollInterval());
        }
        if (!stopping) {
            record(token, batch.id, "no final receipt for " + txHash + " within " + chainConfig.receiptTimeout());
        }
        return false;
    }

    /** The registry already holds a root under this batch id: take it if it is ours, else stop loudly. */
    private boolean adopt(long token, Batch batch, Hash32 onChainRoot) {
        if (!onChainRoot.equals(new Hash32(batch.root))) {
            fail(token, batch.id, "the registry holds root " + onChainRoot + " for batch " + batch.id + ", not "
                    + new Hash32(batch.root));
            return false;
        }
        OnChainAnchor anchor = chain.anchorOf(onChainRoot).orElseThrow();
        if (chain.blockNumber() - anchor.blockNumber() < chainConfig.confirmations()) {
            return false;
        }
        Optional<String> txHash = chain.findAnchorTransaction(batch.id, anchor.blockNumber());
        Hash32 blockHash = chain.blockHash(anchor.blockNumber()).orElseThrow();
        markAnchored(token, batch.id, txHash.orElse(null),
                new TransactionOutcome(true, anchor.blockNumber(), blockHash, anchor.blockTime(), null));
        LOG.infof("Batch %d found anchored in block %d; recorded it", batch.id, anchor.blockNumber());
        return true;
    }

    private void markAnchored(long token, long batchId, String txHash, TransactionOutcome mined) {
        long chainId = chain.chainId();
        String registry = chain.registryAddress();
        Instant sealedAt = update(token, batchId, row -> {
            row.status = Batch.Status.ANCHORED;
            if (txHash != null) {
                row.txHash = bytes(txHash);
            }
            row.chainId = chainId;
            row.registry = registry;
            row.blockNumber = mined.blockNumber();
            row.blockHash = mined.blockHash().bytes();
            row.blockTime = mined.blockTime();
            row.anchoredAt = Instant.now();
            row.lastError = null;
        }).sealedAt;
        metrics.anchored(batchId, sealedAt);
        LOG.infof("Batch %d anchored in block %d (transaction %s)", batchId, mined.blockNumber(), txHash);
    }

    /** Tries per batch to collect the header and state proof before its proofs go out without them. */
    static final int MAX_EVIDENCE_ATTEMPTS = 3;

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

    /** Back to SEALED: the next round signs a new transaction with a fresh nonce. */
    private void resign(long token, long batchId, String error) {
        update(token, batchId, row -> {
            row.status = Batch.Status.SEALED;
            row.lastError = error;
        });
        LOG.warnf("Batch %d will be signed again: %s", batchId, error);
    }

    private void fail(long token, long batchId, String error) {
        update(token, batchId, row -> {
            row.status = Batch.Status.FAILED;
            row.lastError = error;
        });
        metrics.failure();
        LOG.errorf("Batch %d FAILED, anchoring stops until an operator resolves it: %s", batchId, error);
    }

    private void record(long token, long batchId, String error) {
        update(token, batchId, row -> row.lastError = error);
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

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.substring(2));
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
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
