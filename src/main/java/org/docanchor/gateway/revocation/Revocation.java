package org.docanchor.gateway.revocation;

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
import org.docanchor.gateway.intake.Document;

/** A department's revocation of one of its documents, and where the registry recorded it. */
@Entity
@Table(name = "revocation")
public class Revocation extends PanacheEntityBase {

    /** PENDING until a revokeBatch transaction is signed; SUBMITTED; RECORDED once mined. */
    public enum Status { PENDING, SUBMITTED, RECORDED }

    @Id
    @Column(name = "document_id")
    public UUID documentId;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "document_id", insertable = false, updatable = false)
    public Document document;

    @Column(nullable = false)
    public String reason;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "replacement_id")
    public Document replacement;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    /** The transaction that anchors it (recorded ones) or is meant to (SUBMITTED); null before the first. */
    @jakarta.persistence.Embedded
    public org.docanchor.gateway.chain.StoredTransaction tx;

    @Column(name = "block_number")
    public Long blockNumber;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "last_error")
    public String lastError;

    /** The key that signed the department's request (sha256:<hex>); null for an unsigned request. */
    @Column(name = "key_fingerprint")
    public String keyFingerprint;

    /** The department's signature over the revocation message; null for an unsigned request. */
    @Column
    public byte[] signature;

    public boolean signed() {
        return signature != null;
    }
}
