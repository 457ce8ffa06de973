package org.docanchor.gateway.chain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.web3j.crypto.WalletUtils;

/**
 * Decides at start-up which registry the gateway anchors into: the configured address, else (auto-deploy, dev
 * and test) the one recorded in the database for this chain, else a new deployment, which is then recorded.
 */
@ApplicationScoped
public class RegistryBootstrap {

    private static final Logger LOG = Logger.getLogger(RegistryBootstrap.class);

    private final ChainConfig config;
    private final ChainClient chain;

    public RegistryBootstrap(ChainConfig config, ChainClient chain) {
        this.config = config;
        this.chain = chain;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.registryAddress().isPresent()) {
            String address = config.registryAddress().get();
            if (!WalletUtils.isValidAddress(address)) {
                throw new IllegalStateException("anchor.chain.registry-address is not an address: " + address);
            }
            chain.useRegistry(address);
            LOG.infof("Anchoring into registry %s (configured); signer %s", address, chain.signerAddress().orElse("none (this replica does not anchor)"));
            return;
        }
        if (!config.autoDeploy()) {
            throw new IllegalStateException("set anchor.chain.registry-address (or anchor.chain.auto-deploy=true "
                    + "outside production)");
        }
        long chainId = chain.chainId();
        RegistryDeployment known = QuarkusTransaction.requiringNew().call(() -> RegistryDeployment.findById(chainId));
        if (known != null && chain.hasCode(known.address)) {
            chain.useRegistry(known.address);
            LOG.infof("Anchoring into registry %s on chain %d (deployed %s); signer %s",
                    known.address, chainId, known.deployedAt, chain.signerAddress().orElse("none (this replica does not anchor)"));
            return;
        }
        if (known != null) {
            LOG.warnf("Registry %s recorded for chain %d has no code on the node (chain state reset?): deploying "
                    + "a new one; proofs of the old one no longer verify on this node", known.address, chainId);
        }
        String address = chain.deployRegistry();
        QuarkusTransaction.requiringNew().run(() -> {
            RegistryDeployment row = RegistryDeployment.findById(chainId);
            if (row == null) {
                row = new RegistryDeployment();
                row.chainId = chainId;
            }
            row.address = address;
            row.deployedAt = Instant.now();
            row.persist();
        });
        chain.useRegistry(address);
        LOG.infof("Deployed registry %s on chain %d; signer %s is its admin and anchorer",
                address, chainId, chain.signerAddress().orElse("none (this replica does not anchor)"));
    }
}
