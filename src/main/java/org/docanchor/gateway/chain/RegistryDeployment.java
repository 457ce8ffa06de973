package org.docanchor.gateway.chain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The registry contract this gateway anchors into on one chain. */
@Entity
@Table(name = "registry_deployment")
public class RegistryDeployment extends PanacheEntityBase {

    @Id
    @Column(name = "chain_id")
    public long chainId;

    @Column(nullable = false)
    public String address;

    @Column(name = "deployed_at", nullable = false)
    public Instant deployedAt;
}
