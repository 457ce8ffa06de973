package org.docanchor.gateway.revocation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.docanchor.gateway.batching.DocumentSequence;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.Fence;
import org.docanchor.gateway.chain.OutboundTransactions;
import org.docanchor.gateway.chain.SignedTransaction;
import org.docanchor.gateway.chain.StoredTransaction;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.gateway.webhook.WebhookOutbox;
import org.docanchor.verifier.merkle.Hash32;
import org.jboss.logging.Logger;

/**
 * Puts pending revocations on chain, many per {@code revokeBatch} transaction ({@code revokeSignedBatch} for those
 * the department signed), signed with the revocation key ({@code anchor.chain.revoker}) through
 * {@link OutboundTransactions}, the machine the anchorer uses: the signed transaction is stored before it is
 * broadcast, rebroadcast as stored until mined, signed anew only when its nonce went to another transaction of the
 * key or it reverted. A group the registry already records (a lost record) is adopted. Called by the anchorer on
 * the replica that holds the anchoring lease.
 */
@ApplicationScoped
public class RevocationRecorder {

    private static final Logger LOG = Logger.getLogger(RevocationRecorder.class);
    private static final int MAX_PER_TRANSACTION = 200;

    private final ChainClient chain;
    private final OutboundTransactions transactions;
    private final WebhookOutbox webhooks;

    public RevocationRecorder(ChainClient chain, OutboundTransactions transactions, WebhookOutbox webhooks) {
        this.chain = chain;
        this.transactions = transactions;
        this.webhooks = webhooks;
    }

    /** One step: finish the transaction in flight, or sign the next one; every write is checked by {@code fence}. */
    public void step(Fence fence) {
        List<Revocation> inFlight = QuarkusTransaction.requiringNew().call(() -> Revocation
                .<Revocation>list("status = ?1 order by tx.submittedAt", Revocation.Status.SUBMITTED));
        if (!inFlight.isEmpty()) {
            byte[] txHash = inFlight.get(0).tx.hash;
            List<Revocation> group = inFlight.stream().filter(r -> Arrays.equals(r.tx.hash, txHash)).toList();
            transactions.advance(new GroupWork(fence, group), fence);
            return;
        }
        List<Revocation> pending = QuarkusTransaction.requiringNew().call(() -> Revocation
                // Once the document (and its replacement, if any) is sealed into a batch. An explicit left join: an
                // implicit one (replacement.seq) would drop revocations without one.
                .<Revocation>find("select r from Revocation r left join r.replacement rep where r.status = ?1 "
                        + "and r.document.seq <= ?2 and (rep is null or rep.seq <= ?2) order by r.requestedAt",
                        Revocation.Status.PENDING, sealedUpTo())
                .page(0, MAX_PER_TRANSACTION).list());
        if (pending.isEmpty()) {
            return;
        }
        // One kind per transaction, the oldest request's: signed ones go through revokeSignedBatch (the registry
        // records the key and the signature), unsigned ones through revokeBatch (the revoker on the department's
        // behalf). The others wait for the next transaction, in order.
        boolean signed = pending.get(0).signed();
        transactions.advance(new GroupWork(fence, pending.stream().filter(r -> r.signed() == signed).toList()), fence);
    }

    /** The highest document number sealed into a batch. */
    private static long sealedUpTo() {
        Number max = (Number) Revocation.getEntityManager()
                .createNativeQuery("select " + DocumentSequence.SEALED_UP_TO).getSingleResult();
        return max.longValue();
    }

    /** Revocations that go into one transaction, as {@link OutboundTransactions} drives them. */
    private final class GroupWork implements OutboundTransactions.Work {

        private final Fence fence;
        private final List<Revocation> group;

        GroupWork(Fence fence, List<Revocation> group) {
            this.fence = fence;
            this.group = group;
        }

        @Override
        public String name() {
            return group.size() + (group.size() == 1 ? " revocation" : " revocations");
        }

        @Override
        public OutboundTransactions.Kind kind() {
            return OutboundTransactions.Kind.REVOCATION;
        }

        @Override
        public StoredTransaction inFlight() {
            Revocation first = group.get(0);
            return first.status == Revocation.Status.SUBMITTED ? first.tx : null;
        }

        /** The registry records each revocation once: when it holds all of the group, the group is done. */
        @Override
        public Optional<OutboundTransactions.Landed> onChain() {
            Optional<ChainClient.OnChainRevocation> first = chain.revocationOf(group.get(0).document.leaf());
            if (first.isEmpty() || !group.stream().skip(1)
                    .allMatch(r -> chain.revocationOf(r.document.leaf()).isPresent())) {
                return Optional.empty();
            }
            return Optional.of(new OutboundTransactions.Landed(first.get().blockNumber(), first.get().revokedAt(),
                    Optional.empty()));
        }

        @Override
        public SignedTransaction sign() {
            boolean signed = group.get(0).signed();
            List<Hash32> leaves = new ArrayList<>();
            List<Integer> reasons = new ArrayList<>();
            List<Hash32> replacements = new ArrayList<>();
            List<Hash32> fingerprints = new ArrayList<>();
            List<byte[]> signatures = new ArrayList<>();
            for (Revocation r : group) {
                leaves.add(r.document.leaf());
                reasons.add(RevocationReason.fromId(r.reason).orElseThrow().code());
                replacements.add(r.replacement == null ? new Hash32(new byte[32]) : r.replacement.leaf());
                if (signed) {
                    fingerprints.add(Hash32.fromHex("0x" + r.keyFingerprint.substring("sha256:".length())));
                    signatures.add(r.signature);
                }
            }
            return signed
                    ? chain.signRevokeSignedBatch(leaves, reasons, replacements, fingerprints, signatures)
                    : chain.signRevokeBatch(leaves, reasons, replacements);
        }

        @Override
        public void submitted(StoredTransaction tx) {
            update(row -> {
                row.status = Revocation.Status.SUBMITTED;
                row.tx = tx;
            });
        }

        @Override
        public void done(String txHash, TransactionOutcome outcome) {
            // The departments' document.revoked events commit with RECORDED, or not at all.
            update(row -> webhooks.revocationRecorded(row.documentId), row -> {
                row.status = Revocation.Status.RECORDED;
                if (txHash != null && (row.tx == null || !txHash.equals(row.tx.hashHex()))) {
                    row.tx = StoredTransaction.found(txHash);
                }
                row.blockNumber = outcome.blockNumber();
                row.recordedAt = outcome.blockTime();
                row.lastError = null;
            });
            LOG.infof("%d revocations recorded on chain in block %d", group.size(), outcome.blockNumber());
        }

        @Override
        public void retry(String error) {
            update(row -> {
                row.status = Revocation.Status.PENDING;
                row.lastError = error;
            });
            LOG.warnf("%d revocations will be signed again: %s", group.size(), error);
        }

        @Override
        public void note(String error) {
            update(row -> row.lastError = error);
        }

        /** Changes the group's rows (and this view of them) in one transaction, only while the fence holds. */
        private void update(Consumer<Revocation> change) {
            update(row -> { }, change);
        }

        /** The same, with {@code inTransaction} run for each row in that transaction only (not on this view). */
        private void update(Consumer<Revocation> inTransaction, Consumer<Revocation> change) {
            List<UUID> ids = group.stream().map(r -> r.documentId).toList();
            QuarkusTransaction.requiringNew().run(() -> {
                fence.check();
                for (UUID id : ids) {
                    Revocation row = Revocation.findById(id);
                    change.accept(row);
                    inTransaction.accept(row);
                }
            });
            group.forEach(change);
        }
    }
}
