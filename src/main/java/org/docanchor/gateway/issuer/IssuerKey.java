package org.docanchor.gateway.issuer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A department's signing key as the issuer registry's events record it (written only by {@link IssuerFollower}). */
@Entity
@Table(name = "issuer_key")
public class IssuerKey extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(nullable = false)
    public String code;

    /** {@code sha256:<hex>} of the SubjectPublicKeyInfo. */
    @Column(nullable = false)
    public String fingerprint;

    @Column(nullable = false)
    public String algorithm;

    @Column(nullable = false)
    public byte[] spki;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    /** superseded or compromised; null while not revoked. */
    @Column(name = "revocation_reason")
    public String revocationReason;

    /** From when the key no longer signs for the department. */
    @Column(name = "effective_at")
    public Instant effectiveAt;

    /** When the revocation was recorded on chain. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;

    /** Whether the key signs for its department at {@code time} (the contract's keyAt). */
    public boolean validAt(Instant time) {
        return !validFrom.isAfter(time) && (effectiveAt == null || time.isBefore(effectiveAt));
    }

    public static IssuerKey find(String code, String fingerprint) {
        return find("code = ?1 and fingerprint = ?2", code, fingerprint).firstResult();
    }
}
