package org.docanchor.gateway.chain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The registry contract this gateway anchors into on one chain, and the issuer registry it names. */
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

    /** The issuer registry the registry names; null for none (or a registry deployed before it existed). */
    @Column(name = "issuer_registry")
    public String issuerRegistry;

    /** The block that deployed the issuer registry: where following its events starts. */
    @Column(name = "issuer_registry_block")
    public Long issuerRegistryBlock;
}
