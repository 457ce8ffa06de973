package org.docanchor.gateway.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one machine that puts the gateway's writes on chain, for anchoring and for revocations alike, each with its
 * own key and nonces. A piece of {@link Work} goes:
 *
 * <ol>
 * <li>pending: if the registry already holds its effect (another replica, a lost record) it is adopted;
 * otherwise its transaction is signed with the next nonce of its key and <em>stored</em> (the work becomes
 * submitted) before it is broadcast;</li>
 * <li>submitted: the stored bytes are rebroadcast until mined, never signed again while they still can be; a
 * receipt that is {@code confirmations} deep in a canonical block makes the work done; a revert, or the stored
 * nonce going to another transaction of the same key, sends it back to pending;</li>
 * <li>done.</li>
 * </ol>
 *
 * <p>The lease ({@link Fence}) is checked by every write and renewed while waiting for a receipt. The registry
 * refuses a second anchor of a batch and records a revocation once, so even a duplicate transaction changes nothing
 * twice. Counts {@code anchor.transactions.attempts} and {@code anchor.transactions.failures} by kind.
 */
@ApplicationScoped
public class OutboundTransactions {

    private static final Logger LOG = Logger.getLogger(OutboundTransactions.class);
    static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(5);
    /** What a piece of work puts on chain: the metrics' {@code kind} label, and the name logs give its loop. */
    public enum Kind {
        ANCHOR("anchor", "Anchoring"),
        REVOCATION("revocation", "Revocations");

        private final String label;
        private final String loop;

        Kind(String label, String loop) {
            this.label = label;
            this.loop = loop;
        }

        /** "Anchoring", "Revocations": for log lines about the loop that sends this kind. */
        public String loop() {
            return loop;
        }
    }

    /** One piece of work, as its owner (the anchorer, the revocation recorder) persists it. */
    public interface Work {

        /** For logs: "batch 7", "3 revocations". */
        String name();

        /** What it puts on chain (the metrics label). */
        Kind kind();

        /** The transaction stored for this work while it is submitted; null while it is pending. */
        StoredTransaction inFlight();

        /**
         * Where the registry already holds this work's effect, whichever transaction put it there; empty when it
         * does not. May throw to stop everything (a batch id the registry holds with another root).
         */
        Optional<Landed> onChain();

        /** Signs the work's transaction with its own key and that key's next nonce. */
        SignedTransaction sign();

        /** Stores {@code tx} and marks the work submitted, in one fenced database transaction. */
        void submitted(StoredTransaction tx);

        /** Marks the work done in {@code outcome}'s block; {@code txHash} is null when unknown. */
        void done(String txHash, TransactionOutcome outcome);

        /** Back to pending with {@code error}: the next step signs anew. */
        void retry(String error);

        /** Keeps {@code error} as the work's latest without changing its state. */
        void note(String error);
    }

    /** Where the chain holds a work's effect: its block, time and, when known, transaction. */
    public record Landed(long blockNumber, Instant blockTime, Optional<String> txHash) {
    }

    /** Where one call to {@link #advance} left the work. */
    public enum Step {
        /** Final on chain and recorded. */
        DONE,
        /** Submitted (or found on chain) and not final yet; the next call goes on waiting. */
        WAITING,
        /** Back to pending; the next call signs anew. */
        RETRY
    }

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private final Duration pollInterval;
    private final MeterRegistry meters;
    private volatile boolean stopping;

    public OutboundTransactions(ChainClient chain, ChainConfig chainConfig, MeterRegistry meters,
            @ConfigProperty(name = "anchor.anchoring.receipt-poll-interval", defaultValue = "250ms") Duration pollInterval) {
        this.chain = chain;
        this.chainConfig = chainConfig;
        this.meters = meters;
        this.pollInterval = pollInterval;
        // Exported at 0 from the start, so that alerts on their increase see a series.
        for (Kind kind : Kind.values()) {
            attempts(kind);
            failures(kind);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // Stop waiting; whatever is in flight is stored and is picked up by the next holder of the lease.
        stopping = true;
    }

    /**
     * Moves {@code work} forward: adopts it, or signs, stores and broadcasts its transaction, then waits for a
     * final receipt up to {@code anchor.chain.receipt-timeout}, renewing {@code fence} meanwhile. A node that is
     * unreachable or refuses is thrown ({@link ChainUnavailableException}, {@link ChainRejectedException}) with
     * nothing lost: the stored state says where the next call resumes.
     */
    public Step advance(Work work, Fence fence) {
        try {
            // A node without the registry's code (resyncing, reset, the wrong chain) answers every read with
            // nothing and would accept any transaction: say so before anything else.
            chain.requireRegistryCode();
            StoredTransaction tx = work.inFlight();
            boolean justBroadcast = false;
            if (tx == null) {
                Optional<Landed> landed = work.onChain();
                if (landed.isPresent()) {
                    return adopt(work, landed.get());
                }
                tx = submit(work);
                justBroadcast = true;
            }
            return await(work, tx, fence, justBroadcast);
        } catch (ChainUnavailableException | ChainRejectedException | RegistryMissingException e) {
            // The work's lastError says why it waits (batches: GET /api/v1/batches; revocations: revocation-lag).
            try {
                work.note(e.getMessage());
            } catch (RuntimeException unrecorded) {
                // The database or the lease is gone too; the original failure is what matters.
            }
            throw e;
        }
    }

    /** Counts a failed step of {@code kind} that happened outside {@link #advance} (its owner's loop). */
    public void failed(Kind kind) {
        failures(kind).increment();
    }

    private StoredTransaction submit(Work work) {
        // A refusal here (the node's gas estimate says the registry would revert: a lost role, a conflict) stores
        // nothing; advance() records the reason.
        SignedTransaction signed = work.sign();
        StoredTransaction tx = StoredTransaction.of(signed, Instant.now());
        work.submitted(tx);
        attempts(work.kind()).increment();
        LOG.infof("%s signed as transaction %s (nonce %d of %s)", capitalised(work.name()), signed.hash(),
                signed.nonce(), tx.sender());
        broadcast(work, tx);
        return tx;
    }

    private void broadcast(Work work, StoredTransaction tx) {
        try {
            ChainClient.Broadcast answer = chain.broadcast(tx.signed());
            if (answer != ChainClient.Broadcast.ACCEPTED) {
                LOG.infof("%s: node says %s for transaction %s; reconciling", capitalised(work.name()), answer,
                        tx.hashHex());
            }
        } catch (ChainRejectedException e) {
            // A refusal that is not about the nonce (gas, pool limits): sign again after a pause. Should the first
            // transaction still be mined, the registry ignores the second (a batch is anchored once, a revocation
            // recorded once) and the next step adopts the result.
            work.retry(e.getMessage());
            throw e;
        }
    }

    private Step await(Work work, StoredTransaction tx, Fence fence, boolean justBroadcast) {
        String txHash = tx.hashHex();
        // The key whose nonce the transaction holds, recovered once from its signature.
        String sender = tx.sender();
        Instant deadline = Instant.now().plus(chainConfig.receiptTimeout());
        // A transaction found stored (after a restart or a takeover) is offered again at once if it is not mined.
        Instant lastBroadcast = justBroadcast ? Instant.now() : Instant.EPOCH;
        while (!stopping && Instant.now().isBefore(deadline)) {
            Optional<TransactionOutcome> outcome = chain.outcome(txHash);
            if (outcome.isPresent()) {
                TransactionOutcome mined = outcome.get();
                if (!mined.succeeded()) {
                    // Reverted: keep the reason, sign again later; a lasting conflict shows up in onChain().
                    work.retry("transaction " + txHash + " reverted in block " + mined.blockNumber()
                            + (mined.revertReason() == null ? "" : ": " + mined.revertReason()));
                    failed(work.kind());
                    return Step.RETRY;
                }
                if (chain.blockNumber() - mined.blockNumber() >= chainConfig.confirmations()) {
                    if (chain.blockHash(mined.blockNumber()).filter(mined.blockHash()::equals).isPresent()) {
                        work.done(txHash, mined);
                        return Step.DONE;
                    }
                    LOG.warnf("%s: block %d of transaction %s is no longer canonical; waiting for it to be mined "
                            + "again", capitalised(work.name()), mined.blockNumber(), txHash);
                }
            } else {
                Optional<Landed> landed = work.onChain();
                if (landed.isPresent()) {
                    // Another transaction did it (a replica that lost its record, a replay): take it.
                    return adopt(work, landed.get());
                }
                if (chain.minedNonce(sender) > tx.nonce) {
                    // The nonce went to another transaction of the same key; ours can never be mined: sign anew.
                    work.retry("nonce " + tx.nonce + " of " + txHash + " was used by another transaction");
                    failed(work.kind());
                    return Step.RETRY;
                }
                if (Instant.now().isAfter(lastBroadcast.plus(REBROADCAST_INTERVAL))) {
                    // A node that restarted or dropped its pool forgets the transaction; offering the same bytes
                    // again is harmless (same hash).
                    broadcast(work, tx);
                    lastBroadcast = Instant.now();
                }
            }
            fence.renew();
            sleep(pollInterval);
        }
        if (!stopping) {
            work.note("no final receipt for " + txHash + " within " + chainConfig.receiptTimeout());
        }
        return Step.WAITING;
    }

    private Step adopt(Work work, Landed landed) {
        if (chain.blockNumber() - landed.blockNumber() < chainConfig.confirmations()) {
            return Step.WAITING;
        }
        Hash32 blockHash = chain.blockHash(landed.blockNumber()).orElseThrow(() -> new ChainRejectedException(
                "the node does not know block " + landed.blockNumber() + ", which the registry names"));
        work.done(landed.txHash().orElse(null),
                new TransactionOutcome(true, landed.blockNumber(), blockHash, landed.blockTime(), null));
        LOG.infof("%s found on chain in block %d (transaction %s); recorded it", capitalised(work.name()),
                landed.blockNumber(), landed.txHash().orElse("unknown"));
        return Step.DONE;
    }

    private Counter attempts(Kind kind) {
        return Counter.builder("anchor.transactions.attempts").tag("kind", kind.label)
                .description("Transactions signed and broadcast, by kind (anchor, revocation)").register(meters);
    }

    private Counter failures(Kind kind) {
        return Counter.builder("anchor.transactions.failures").tag("kind", kind.label)
                .description("Failed steps, by kind: unreachable node, refusal, revert, nonce lost").register(meters);
    }

    private static String capitalised(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
