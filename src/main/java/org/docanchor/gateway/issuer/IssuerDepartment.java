package org.docanchor.gateway.issuer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A department as the issuer registry's events record it (written only by {@link IssuerFollower}). */
@Entity
@Table(name = "issuer_department")
public class IssuerDepartment extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;
}
