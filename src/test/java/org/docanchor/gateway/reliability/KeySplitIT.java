package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway in the prod profile refuses to anchor while its anchoring key also holds REVOKER_ROLE on the
 * registry (the key ceremony's revocation step not done), and starts once the admin revoked it; the explicit
 * {@code allow-shared-revoker} accepts the risk.
 */
class KeySplitIT {

    @Test
    void anAnchoringKeyThatCanRevokeStopsTheStart_untilTheAdminRevokesTheRole() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("keysplit")) {
            AnchorRegistry admin = stack.asAdmin();
            byte[] revoker = admin.REVOKER_ROLE().send();
            admin.grantRole(revoker, stack.signer.getAddress()).send();

            GatewayProcess refused = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("keysplit-refused"));
            assertThatThrownBy(refused::start).hasMessageContaining("gateway exited");
            assertThat(Files.readString(stack.log("keysplit-refused")))
                    .contains("holds REVOKER_ROLE on registry")
                    .contains("revokeRole(REVOKER_ROLE, " + stack.signer.getAddress());

            Map<String, String> accepted = stack.gatewayEnv();
            accepted.put("ANCHOR_CHAIN_ALLOW_SHARED_REVOKER", "true");
            GatewayProcess allowed = new GatewayProcess(accepted, ReliabilityStack.freePort(),
                    stack.log("keysplit-allowed"));
            allowed.start();
            allowed.stop();

            admin.revokeRole(revoker, stack.signer.getAddress()).send();
            GatewayProcess split = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("keysplit-split"));
            split.start();
            assertThat(split.alive()).isTrue();
            split.stop();
        }
    }
}
