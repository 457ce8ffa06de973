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
import org.docanchor.gateway.identity.Department;

/** An accepted document digest; its batch, leaf and proof path are set when the batch is sealed. */
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

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "batch_id")
    public Batch batch;

    public byte[] leaf;

    /** The sibling path, 32 bytes per level, leaf to root. */
    public byte[] proof;

    /** The department's signature over the submission, when it signs. */
    public byte[] signature;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "signature_key_id")
    public org.docanchor.gateway.identity.RegisteredKey signatureKey;
}
