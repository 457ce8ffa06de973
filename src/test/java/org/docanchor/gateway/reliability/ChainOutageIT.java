package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault 2: the gateway loses its chain node for a while under load (the TCP link is cut; anvil keeps its
 * state). Intake keeps answering 2xx; when the link returns, the backlog drains by itself.
 */
class ChainOutageIT {

    @Test
    void intakeKeepsAccepting_andTheBacklogDrainsWhenTheNodeReturns() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("chain-outage")) {
            GatewayProcess gateway = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("chain-outage-gateway"));
            gateway.start();
            stack.createDepartment();
            LoadClient client = new LoadClient(gateway::baseUrl, ReliabilityStack.API_KEY, 5, 30);
            long acceptedDuringOutage;
            Duration drain;
            try {
                Thread.sleep(3_000);
                stack.chainLink.cut();
                long before = client.acknowledged().size();
                Thread.sleep(15_000);
                acceptedDuringOutage = client.acknowledged().size() - before;
                stack.chainLink.restore();
                long restored = System.nanoTime();
                Thread.sleep(3_000);
                client.close();
                stack.awaitAllAnchored(client.acknowledged(), Duration.ofSeconds(120));
                drain = Duration.ofNanos(System.nanoTime() - restored);
            } finally {
                client.close();
                stack.chainLink.restore();
            }
            ReliabilityStack.Audit audit = stack.audit(client.acknowledged());
            gateway.stop();
            ReliabilityStack.report(String.format("| chain link cut for 15 s under load | %d | %d | %d | %d | %d digests "
                            + "accepted during the outage; all anchored %d ms after the link returned (load ran 3 s more) | "
                            + "batches %d, on chain %d, signer nonces %d; answers %s |",
                    audit.acknowledged(), audit.anchored(), audit.lost(), audit.duplicated(), acceptedDuringOutage,
                    drain.toMillis(), audit.batches(), audit.lastBatchIdOnChain(), audit.signerNonce(), client.statuses()));

            assertThat(acceptedDuringOutage).as("intake accepted while the chain was away").isGreaterThan(0);
            assertThat(client.statuses().keySet()).as("no error answers at all").allMatch(s -> s / 100 == 2);
            assertThat(audit.lost()).isZero();
            assertThat(audit.duplicated()).isZero();
            assertThat(audit.anchored()).isEqualTo(audit.acknowledged());
            assertThat(audit.lastBatchIdOnChain()).isEqualTo(audit.batches());
            assertThat(audit.signerNonce()).isEqualTo(audit.batches());
        }
    }
}
