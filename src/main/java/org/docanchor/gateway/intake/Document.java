package org.docanchor.gateway.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.gateway.identity.Department;

/** An accepted document digest, numbered at intake; never written again once accepted. */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "department_id")
    public Department department;

    @Column(nullable = false)
    public byte[] digest;

    @Column(nullable = false)
    public String algorithm;

    public String reference;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** Its number at intake; the batch that covers it holds its leaf ({@link Batch#containing}). */
    @Column(insertable = false, updatable = false)
    public long seq;

    /** The department's signature over the submission, when it signs. */
    public byte[] signature;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "signature_key_id")
    public org.docanchor.gateway.identity.RegisteredKey signatureKey;

    /** Its leaf in the batch's tree: the leaf encoding of its digest, algorithm and department. */
    public Hash32 leaf() {
        return LeafEncoding.leafHash(new Hash32(digest), algorithm, department.code);
    }
}
