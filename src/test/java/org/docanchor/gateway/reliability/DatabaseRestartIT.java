package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault 4: PostgreSQL restarts under load. While it is down clients get 503 problem documents, quickly; every
 * 2xx before and after ends anchored.
 */
class DatabaseRestartIT {

    @Test
    void clientsSee503WhileDown_andEveryAcknowledgedDigestIsAnchored() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("db-restart")) {
            GatewayProcess gateway = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("db-restart-gateway"));
            gateway.start();
            stack.createDepartment();
            LoadClient client = new LoadClient(gateway::baseUrl, ReliabilityStack.API_KEY, 5, 30);
            long recoveredMillis;
            try {
                Thread.sleep(3_000);
                stack.restartPostgres(Duration.ofSeconds(8));
                long up = System.nanoTime();
                long before = client.count(202);
                while (client.count(202) == before) {
                    Thread.sleep(50);
                    if (System.nanoTime() - up > Duration.ofSeconds(60).toNanos()) {
                        throw new AssertionError("intake did not recover within 60 s of the database");
                    }
                }
                recoveredMillis = (System.nanoTime() - up) / 1_000_000;
                Thread.sleep(3_000);
            } finally {
                client.close();
            }
            Duration drain = stack.awaitAllAnchored(client.acknowledged(), Duration.ofSeconds(120));
            ReliabilityStack.Audit audit = stack.audit(client.acknowledged());
            gateway.stop();
            ReliabilityStack.report(String.format("| PostgreSQL down 8 s under load | %d | %d | %d | %d | %d answers 503 "
                            + "(slowest %d ms); first 2xx %d ms after the database was back; drained %d ms after load "
                            + "stopped | batches %d, on chain %d, signer nonces %d; answers %s |",
                    audit.acknowledged(), audit.anchored(), audit.lost(), audit.duplicated(), client.count(503),
                    client.slowestRefusalMillis(), recoveredMillis, drain.toMillis(), audit.batches(),
                    audit.lastBatchIdOnChain(), audit.signerNonce(), client.statuses()));

            assertThat(client.count(503)).as("clients saw 503 while the database was down").isGreaterThan(0);
            assertThat(client.statuses().keySet()).as("only 2xx and 503").allMatch(s -> s / 100 == 2 || s == 503);
            assertThat(client.slowestRefusalMillis()).as("a 503 comes within a bounded time").isLessThan(15_000);
            assertThat(audit.lost()).isZero();
            assertThat(audit.duplicated()).isZero();
            assertThat(audit.anchored()).isEqualTo(audit.acknowledged());
            assertThat(audit.lastBatchIdOnChain()).isEqualTo(audit.batches());
            assertThat(audit.signerNonce()).isEqualTo(audit.batches());
        }
    }
}
