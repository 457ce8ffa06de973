package org.docanchor.gateway.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A government department that registers documents; its code is part of every leaf it registers. */
@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    /** Whether the department may submit. */
    public enum Status { ACTIVE, SUSPENDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    /** The English name (the issuer registry's nameEn once the department is on chain). */
    @Column(nullable = false)
    public String name;

    /** The Chinese name from the issuer registry; null for a department not on chain. */
    @Column(name = "name_zh")
    public String nameZh;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;

    /**
     * Whether submissions must be signed: set when the department's first signing key appears on the issuer
     * registry, and kept when its keys are revoked; only an administrator clears it.
     */
    @Column(name = "signatures_required", nullable = false)
    public boolean signaturesRequired;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Department findByCode(String code) {
        return find("code", code).firstResult();
    }
}
