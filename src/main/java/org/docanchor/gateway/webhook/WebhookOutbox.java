package org.docanchor.gateway.webhook;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Writes webhook events into the outbox ({@code webhook_delivery}), in the caller's transaction: the one that
 * changes the state the event announces, so that the event exists if and only if the change committed. Each write
 * is one INSERT ... SELECT over the subscribed endpoints, never a row per document of a batch; an event already
 * written for an endpoint is not written again.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** The batch is ANCHORED: one row per endpoint subscribed to document.anchored, expanded by the worker. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void batchAnchored(long batchId) {
        Panache.getEntityManager().createNativeQuery("""
                insert into webhook_delivery (endpoint_id, event_type, batch_id, cursor_seq)
                select e.id, 'document.anchored', b.id, b.first_seq - 1
                  from webhook_endpoint e, batch b
                 where b.id = ?1 and e.enabled and 'document.anchored' = any (e.event_types)
                on conflict do nothing""").setParameter(1, batchId).executeUpdate();
    }

    /**
     * The batch is FAILED: one row per endpoint subscribed to batch.failed whose department has documents in it
     * (a rare event; finding the first document of a department in the range is enough).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void batchFailed(long batchId) {
        Panache.getEntityManager().createNativeQuery("""
                insert into webhook_delivery (endpoint_id, event_type, batch_id)
                select e.id, 'batch.failed', b.id
                  from webhook_endpoint e, batch b
                 where b.id = ?1 and e.enabled and 'batch.failed' = any (e.event_types)
                   and exists (select 1 from document d where d.department_id = e.department_id
                                  and d.seq between b.first_seq and b.last_seq)
                on conflict do nothing""").setParameter(1, batchId).executeUpdate();
    }

    /** The revocation of the document is RECORDED on chain: one row per endpoint of its department. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revocationRecorded(UUID documentId) {
        Panache.getEntityManager().createNativeQuery("""
                insert into webhook_delivery (endpoint_id, event_type, document_id)
                select e.id, 'document.revoked', d.id
                  from webhook_endpoint e join document d on d.department_id = e.department_id
                 where d.id = ?1 and e.enabled and 'document.revoked' = any (e.event_types)
                on conflict do nothing""").setParameter(1, documentId).executeUpdate();
    }
}
