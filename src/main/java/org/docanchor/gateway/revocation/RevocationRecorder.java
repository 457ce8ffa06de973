package org.docanchor.gateway.revocation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.SignedTransaction;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.verifier.merkle.Hash32;
import org.jboss.logging.Logger;

/**
 * Puts pending revocations on chain, many per {@code revokeBatch} transaction ({@code revokeSignedBatch} for those
 * the department signed), with the anchorer's discipline:
 * the signed transaction is stored before it is broadcast, rebroadcast as stored until mined, signed anew only when
 * its nonce went to another transaction and the registry does not hold the revocations. Called by the anchorer on
 * the replica that holds the anchoring lease, so one key's nonces are used by one thread.
 */
@ApplicationScoped
public class RevocationRecorder {

    private static final Logger LOG = Logger.getLogger(RevocationRecorder.class);
    private static final int MAX_PER_TRANSACTION = 200;
    private static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(5);

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private Instant lastBroadcast = Instant.EPOCH;

    public RevocationRecorder(ChainClient chain, ChainConfig chainConfig) {
        this.chain = chain;
        this.chainConfig = chainConfig;
    }

    /** One step: finish the transaction in flight, or sign the next one. {@code fence} checks the lease. */
    public void step(LongConsumer fence, long token) {
        List<Revocation> inFlight = QuarkusTransaction.requiringNew().call(() -> Revocation
                .<Revocation>list("status = ?1 order by submittedAt", Revocation.Status.SUBMITTED));
        if (!inFlight.isEmpty()) {
            byte[] txHash = inFlight.get(0).txHash;
            List<Revocation> group = inFlight.stream().filter(r -> java.util.Arrays.equals(r.txHash, txHash)).toList();
            follow(fence, token, group);
            return;
        }
        List<Revocation> pending = QuarkusTransaction.requiringNew().call(() -> Revocation
                // An explicit left join: an implicit one (replacement.leaf) would drop revocations without one.
                .<Revocation>find("select r from Revocation r left join r.replacement rep where r.status = ?1 "
                        + "and r.document.leaf is not null and (rep is null or rep.leaf is not null) "
                        + "order by r.requestedAt", Revocation.Status.PENDING)
                .page(0, MAX_PER_TRANSACTION).list());
        if (pending.isEmpty()) {
            return;
        }
        // One kind per transaction, the oldest request's: signed ones go through revokeSignedBatch (the registry
        // records the key and the signature), unsigned ones through revokeBatch (the revoker on the department's
        // behalf). The others wait for the next transaction, in order.
        boolean signed = pending.get(0).signed();
        pending = pending.stream().filter(r -> r.signed() == signed).toList();
        List<Hash32> leaves = new ArrayList<>();
        List<Integer> reasons = new ArrayList<>();
        List<Hash32> replacements = new ArrayList<>();
        List<Hash32> fingerprints = new ArrayList<>();
        List<byte[]> signatures = new ArrayList<>();
        for (Revocation r : pending) {
            leaves.add(new Hash32(r.document.leaf));
            reasons.add(RevocationReason.fromId(r.reason).orElseThrow().code());
            replacements.add(r.replacement == null ? new Hash32(new byte[32]) : new Hash32(r.replacement.leaf));
            if (signed) {
                fingerprints.add(Hash32.fromHex("0x" + r.keyFingerprint.substring("sha256:".length())));
                signatures.add(r.signature);
            }
        }
        SignedTransaction tx = signed
                ? chain.signRevokeSignedBatch(leaves, reasons, replacements, fingerprints, signatures)
                : chain.signRevokeBatch(leaves, reasons, replacements);
        update(fence, token, pending, row -> {
            row.status = Revocation.Status.SUBMITTED;
            row.txHash = bytes(tx.hash());
            row.rawTx = tx.raw();
            row.txNonce = tx.nonce();
            row.submittedAt = Instant.now();
        });
        LOG.infof("%d revocations signed as transaction %s (nonce %d)", pending.size(), tx.hash(), tx.nonce());
        broadcast(tx);
    }

    private void follow(LongConsumer fence, long token, List<Revocation> group) {
        Revocation first = group.get(0);
        String txHash = "0x" + HexFormat.of().formatHex(first.txHash);
        Optional<TransactionOutcome> outcome = chain.outcome(txHash);
        if (outcome.isPresent()) {
            TransactionOutcome mined = outcome.get();
            if (!mined.succeeded()) {
                back(fence, token, group, "transaction " + txHash + " reverted"
                        + (mined.revertReason() == null ? "" : ": " + mined.revertReason()));
                return;
            }
            if (chain.blockNumber() - mined.blockNumber() >= chainConfig.confirmations()
                    && chain.blockHash(mined.blockNumber()).filter(mined.blockHash()::equals).isPresent()) {
                record(fence, token, group, mined.blockNumber(), mined.blockTime());
            }
            return;
        }
        Optional<ChainClient.OnChainRevocation> onChain = chain.revocationOf(new Hash32(first.document.leaf));
        if (onChain.isPresent() && group.stream().allMatch(r -> chain.revocationOf(new Hash32(r.document.leaf)).isPresent())) {
            record(fence, token, group, onChain.get().blockNumber(), onChain.get().revokedAt());
            return;
        }
        if (chain.minedNonce() > first.txNonce) {
            back(fence, token, group, "nonce " + first.txNonce + " of " + txHash + " was used by another transaction");
            return;
        }
        if (Instant.now().isAfter(lastBroadcast.plus(REBROADCAST_INTERVAL))) {
            broadcast(new SignedTransaction(txHash, first.rawTx, first.txNonce));
        }
    }

    private void broadcast(SignedTransaction tx) {
        lastBroadcast = Instant.now();
        try {
            chain.broadcast(tx);
        } catch (ChainRejectedException e) {
            LOG.warnf("Revocation transaction %s refused: %s", tx.hash(), e.getMessage());
        }
    }

    private void record(LongConsumer fence, long token, List<Revocation> group, long block, Instant time) {
        update(fence, token, group, row -> {
            row.status = Revocation.Status.RECORDED;
            row.blockNumber = block;
            row.recordedAt = time;
            row.lastError = null;
        });
        LOG.infof("%d revocations recorded on chain in block %d", group.size(), block);
    }

    private void back(LongConsumer fence, long token, List<Revocation> group, String error) {
        update(fence, token, group, row -> {
            row.status = Revocation.Status.PENDING;
            row.lastError = error;
        });
        LOG.warnf("%d revocations will be signed again: %s", group.size(), error);
    }

    /** Changes the rows in one transaction, only while the lease with {@code token} is still held. */
    private static void update(LongConsumer fence, long token, List<Revocation> rows,
            java.util.function.Consumer<Revocation> change) {
        List<java.util.UUID> ids = rows.stream().map(r -> r.documentId).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            fence.accept(token);
            for (java.util.UUID id : ids) {
                change.accept(Revocation.findById(id));
            }
        });
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.substring(2));
    }
}
