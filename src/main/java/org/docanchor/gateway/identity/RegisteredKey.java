package org.docanchor.gateway.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.docanchor.verifier.signature.DepartmentKey;

/**
 * A department's public key as the issuer registry records it (kept by the issuer follower), with the PEM it was
 * registered with; while one is valid, the department's submissions must be signed.
 */
@Entity
@Table(name = "department_key")
public class RegisteredKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "department_id")
    public Department department;

    @Column(nullable = false)
    public String algorithm;

    @Column(nullable = false)
    public String fingerprint;

    @Column(nullable = false)
    public String pem;

    @Column(nullable = false)
    public boolean certificate;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    /** From when the key signs for the department (the chain's validFrom); null for a key never on chain. */
    @Column(name = "valid_from")
    public Instant validFrom;

    /** From when the key no longer signs for the department (the chain's effectiveAt); null while not revoked. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** superseded or compromised, once revoked. */
    @Column(name = "revocation_reason")
    public String revocationReason;

    /** The key that verifies the department's signatures: the key itself, or the leaf's of a registered chain. */
    public DepartmentKey key() {
        return DepartmentKey.parseKeyOrChain(pem);
    }
}
