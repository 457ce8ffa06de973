package org.docanchor.gateway.chain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.crypto.WalletUtils;

/**
 * Decides at start-up which registry the gateway anchors into: the configured address, else (auto-deploy, dev
 * and test) the one recorded in the database for this chain, else a new deployment, which is then recorded. A
 * recorded registry the node has no code for stops the start-up: it is never replaced by a new one. A new
 * deployment is two contracts: an issuer registry (administered by the issuer-admin key, never the anchoring key),
 * then the anchor registry naming it. The issuer registry is never configured: it is the one the anchor registry
 * names ({@code issuerRegistry()}), which is what every verifier reads too.
 */
@ApplicationScoped
public class RegistryBootstrap {

    private static final Logger LOG = Logger.getLogger(RegistryBootstrap.class);

    private final ChainConfig config;
    private final ChainClient chain;
    private final boolean anchoring;

    public RegistryBootstrap(ChainConfig config, ChainClient chain,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "anchor.anchoring.enabled",
                    defaultValue = "true") boolean anchoring) {
        this.config = config;
        this.chain = chain;
        this.anchoring = anchoring;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        chooseRegistry();
        refuseAnchoringKeyThatRevokes();
    }

    /**
     * An anchoring replica with a revocation key of its own refuses to start while its anchoring key still holds
     * REVOKER_ROLE on the registry (a registry from before the split, or the key ceremony's step 3 not done): one
     * stolen key could then anchor and revoke. {@code allow-shared-revoker} accepts that risk.
     */
    private void refuseAnchoringKeyThatRevokes() {
        Optional<String> signer = chain.signerAddress();
        if (!anchoring || config.allowSharedRevoker() || signer.isEmpty()
                || !chain.hasRole(ChainClient.Role.REVOKER, signer.get())) {
            return;
        }
        throw new IllegalStateException("the anchoring key " + signer.get() + " holds REVOKER_ROLE on registry "
                + chain.registryAddress() + ", and revocations have a key of their own: the registry's admin revokes "
                + "it (revokeRole(REVOKER_ROLE, " + signer.get() + "), docs/operations.md, key ceremony), or set "
                + "anchor.chain.allow-shared-revoker=true to accept that one stolen key can both anchor and revoke");
    }

    private void chooseRegistry() {
        if (config.registryAddress().isPresent()) {
            String address = config.registryAddress().get();
            if (!WalletUtils.isValidAddress(address)) {
                throw new IllegalStateException("anchor.chain.registry-address is not an address: " + address);
            }
            chain.useRegistry(address);
            Optional<String> issuer = chain.issuerRegistryOf(address);
            chain.useIssuerRegistry(issuer, config.issuerRegistryFromBlock());
            LOG.infof("Anchoring into registry %s (configured), issuer registry %s; signer %s", address,
                    issuer.orElse("none"), chain.signerAddress().orElse("none (this replica does not anchor)"));
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
            Optional<String> issuer = chain.issuerRegistryOf(known.address);
            chain.useIssuerRegistry(issuer, issuer.isPresent() && issuer.get().equalsIgnoreCase(known.issuerRegistry)
                    && known.issuerRegistryBlock != null ? known.issuerRegistryBlock : config.issuerRegistryFromBlock());
            LOG.infof("Anchoring into registry %s on chain %d (deployed %s), issuer registry %s; signer %s",
                    known.address, chainId, known.deployedAt, issuer.orElse("none"),
                    chain.signerAddress().orElse("none (this replica does not anchor)"));
            settleRevokerRole();
            return;
        }
        if (known != null) {
            // Never deploy over a recorded registry: a node resyncing from scratch answers eth_getCode with 0x
            // for a while, and a second registry would split the documents' proofs between two contracts.
            throw new RegistryMissingException("registry " + known.address + " recorded for chain " + chainId
                    + " (deployed " + known.deployedAt + ") has no code on the node at " + config.rpcUrl()
                    + ": wait until the node has synced, or point anchor.chain.rpc-url at one that has; a chain that "
                    + "was really reset (dev: rm -rf .data) needs a new database too");
        }
        // Refuse before deploying anything when the new registry would have no proper admin.
        String admin = chain.newRegistryAdmin();
        Optional<ChainClient.Deployed> issuer = chain.deployIssuerRegistry();
        if (issuer.isEmpty()) {
            LOG.warnf("No issuer-admin key and no anchor.chain.issuer-registry-admin: the registry names no issuer "
                    + "registry, so verifiers cannot check departments and their keys on chain");
        }
        String address = chain.deployRegistry(issuer.map(ChainClient.Deployed::address));
        QuarkusTransaction.requiringNew().run(() -> {
            RegistryDeployment row = RegistryDeployment.findById(chainId);
            if (row == null) {
                row = new RegistryDeployment();
                row.chainId = chainId;
            }
            row.address = address;
            row.deployedAt = Instant.now();
            row.issuerRegistry = issuer.map(ChainClient.Deployed::address).orElse(null);
            row.issuerRegistryBlock = issuer.map(ChainClient.Deployed::blockNumber).orElse(null);
            row.persist();
        });
        chain.useRegistry(address);
        chain.useIssuerRegistry(issuer.map(ChainClient.Deployed::address),
                issuer.map(ChainClient.Deployed::blockNumber).orElse(0L));
        LOG.infof("Deployed issuer registry %s (ISSUER_ADMIN_ROLE: %s) and registry %s naming it on chain %d; "
                + "admin %s, anchorer %s", issuer.map(ChainClient.Deployed::address)
                .orElse("none"), chain.issuerAdminAddress().or(config::issuerRegistryAdmin).orElse("nobody"), address, chainId,
                admin, chain.signerAddress().orElse("none (this replica does not anchor)"));
        settleRevokerRole();
    }

    /**
     * Where the anchoring key administers a registry this gateway deployed ({@code allow-signer-as-registry-admin}:
     * dev and test), hands REVOKER_ROLE from it to the revocation key of its own, leaving the anchoring key with
     * ANCHORER_ROLE only. Elsewhere the registry's admin does it (docs/operations.md, key ceremony) and readiness
     * shows {@code revokerHasRevokerRole: false} until then.
     */
    private void settleRevokerRole() {
        Optional<String> signer = chain.signerAddress();
        Optional<String> revoker = chain.revokerAddress();
        if (signer.isEmpty() || revoker.isEmpty() || signer.get().equalsIgnoreCase(revoker.get())
                || !config.allowSignerAsRegistryAdmin() || !chain.hasRole(ChainClient.Role.DEFAULT_ADMIN, signer.get())) {
            return;
        }
        if (!chain.hasRole(ChainClient.Role.REVOKER, revoker.get())) {
            chain.grantRoleAsSigner(ChainClient.Role.REVOKER, revoker.get());
            LOG.infof("Granted REVOKER_ROLE to the revocation key %s", revoker.get());
        }
        if (chain.hasRole(ChainClient.Role.REVOKER, signer.get())) {
            chain.renounceRoleAsSigner(ChainClient.Role.REVOKER);
            LOG.infof("The anchoring key %s renounced REVOKER_ROLE: it anchors only", signer.get());
        }
    }
}
