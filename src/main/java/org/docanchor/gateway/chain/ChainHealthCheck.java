package org.docanchor.gateway.chain;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The chain as the anchorer needs it: node reachable, chain head recent (a stalled BFT network stops producing
 * blocks), the registry's code present on the node, the anchoring key allowed to anchor and the revocation key to
 * record revocations. Part of readiness and of the {@code anchoring} group; intake does not depend on it (see the
 * {@code intake} group).
 */
@Readiness
@HealthGroup("anchoring")
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {

    private final ChainClient chain;
    private final Duration maxHeadAge;

    public ChainHealthCheck(ChainClient chain,
            @ConfigProperty(name = "anchor.health.max-head-age", defaultValue = "60s") Duration maxHeadAge) {
        this.chain = chain;
        this.maxHeadAge = maxHeadAge;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chain");
        try {
            ChainClient.Head head = chain.head();
            long age = Duration.between(head.time(), Instant.now()).toSeconds();
            boolean registryHasCode = chain.hasCode(chain.registryAddress());
            response.withData("chainId", chain.chainId())
                    .withData("registry", chain.registryAddress())
                    .withData("registryHasCode", registryHasCode)
                    .withData("signer", chain.signerAddress().orElse("none (this replica does not anchor)"))
                    .withData("revoker", chain.revokerAddress().orElse("none (this replica does not anchor)"))
                    .withData("headBlock", head.number())
                    .withData("headAgeSeconds", age);
            // A replica without keys does not anchor: the keys' roles are not its concern. The anchoring key needs
            // ANCHORER_ROLE, the revocation key REVOKER_ROLE (the same key holds both where allow-shared-revoker).
            boolean roles = true;
            if (chain.signerAddress().isPresent() && registryHasCode) {
                boolean mayAnchor = chain.signerMayAnchor();
                boolean mayRevoke = chain.revokerMayRevoke();
                response.withData("signerHasAnchorerRole", mayAnchor).withData("revokerHasRevokerRole", mayRevoke);
                roles = mayAnchor && mayRevoke;
            }
            return response.status(registryHasCode && roles && age <= maxHeadAge.toSeconds()).build();
        } catch (ChainUnavailableException | ChainRejectedException | IllegalStateException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
