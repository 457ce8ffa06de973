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

/** A public key a department registered; while one is active, the department's submissions must be signed. */
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

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public DepartmentKey key() {
        return DepartmentKey.parse(pem);
    }
}
