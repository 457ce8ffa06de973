package org.docanchor.gateway.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the append-only audit log (the database refuses updates and deletes). */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(nullable = false, updatable = false)
    public String actor;

    @Column(updatable = false)
    public String department;

    @Column(nullable = false, updatable = false)
    public String action;

    @Column(updatable = false)
    public String target;

    @Column(updatable = false)
    public String detail;

    @Column(name = "remote_address", updatable = false)
    public String remoteAddress;

    @Column(name = "request_id", updatable = false)
    public String requestId;
}
