package org.docanchor.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who administers a registry the gateway deploys: a configured address other than the anchoring key's. */
class RegistryAdminTest {

    private static final String SIGNER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String COLD = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    @Test
    void theConfiguredAddressAdministers() {
        assertThat(ChainClient.registryAdmin(Optional.of(COLD), false, SIGNER)).isEqualTo(COLD);
    }

    @Test
    void withoutOneTheDeploymentIsRefused_unlessTheSignerIsAllowed() {
        assertThatThrownBy(() -> ChainClient.registryAdmin(Optional.empty(), false, SIGNER))
                .hasMessageContaining("set anchor.chain.registry-admin");
        assertThat(ChainClient.registryAdmin(Optional.empty(), true, SIGNER)).isEqualTo(SIGNER);
    }

    @Test
    void theAnchoringKeyIsNotAcceptedAsTheAdmin_norIsANonAddress() {
        assertThatThrownBy(() -> ChainClient.registryAdmin(Optional.of(SIGNER.toUpperCase().replace("0X", "0x")),
                false, SIGNER)).hasMessageContaining("must be another key");
        assertThatThrownBy(() -> ChainClient.registryAdmin(Optional.of("cold-key"), false, SIGNER))
                .hasMessageContaining("is not an address");
    }
}
