package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fault 1: kill -9 the packaged gateway at random moments, under continuous load of submissions and revocations,
 * and restart it, 20 times. The anchoring and the revocation transactions are signed by separate keys. Afterwards
 * every digest that got a 2xx is in exactly one anchored batch whose proof verifies on chain, batch ids on chain
 * are gapless and match the database, and the anchoring key used one nonce per batch; every revocation that got a
 * 2xx is recorded in the database and revoked on chain, and the revocation key used one nonce per revocation
 * transaction (none burnt, no group sent twice).
 */
class CrashRecoveryIT {

    private static final int KILLS = 20;

    @Test
    void everyAcknowledgedDigestIsAnchoredExactlyOnceAcrossKillNine() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("crash")) {
            GatewayProcess gateway = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("crash-gateway"));
            gateway.start();
            stack.createDepartment();
            Random random = new Random(Long.getLong("anchor.crash.seed", System.nanoTime()));
            List<Long> restartMillis = new ArrayList<>();
            TreeMap<String, Integer> inFlightAtKill = new TreeMap<>();
            LoadClient client = new LoadClient(gateway::baseUrl, ReliabilityStack.API_KEY, 5, 40);
            RevocationClient revocations = new RevocationClient(gateway::baseUrl, ReliabilityStack.API_KEY,
                    client::acknowledged, 150, random.nextLong());
            try {
                for (int i = 0; i < KILLS; i++) {
                    // Uniform over a few block times and sealing rounds, so kills land while sealing, between
                    // signing and broadcast, while waiting for a receipt, and while idle.
                    Thread.sleep(300 + random.nextInt(3_000));
                    inFlightAtKill.merge(unfinishedState(stack), 1, Integer::sum);
                    gateway.kill();
                    restartMillis.add(gateway.start().toMillis());
                }
                Thread.sleep(1_000);
            } finally {
                // What the clients acknowledged up to here is final.
                revocations.close();
                client.close();
            }
            LoadClient done = client;
            Duration drain = stack.awaitAllAnchored(done.acknowledged(), Duration.ofSeconds(180));
            Duration revocationDrain = stack.awaitAllRevoked(revocations.acknowledged(), Duration.ofSeconds(120));
            ReliabilityStack.Audit audit = stack.audit(done.acknowledged());
            ReliabilityStack.RevocationAudit revoked = stack.auditRevocations(revocations.acknowledged());
            gateway.stop();

            ReliabilityStack.report(String.format("| crash: %d x kill -9 under load | %d | %d | %d | %d | restart to serving "
                            + "%d-%d ms (median %d); backlog drained %d ms after the last restart | batches %d, on chain %d, "
                            + "signer nonces %d; state at kill %s; answers %s, connection errors %d |",
                    KILLS, audit.acknowledged(), audit.anchored(), audit.lost(), audit.duplicated(),
                    restartMillis.stream().mapToLong(Long::longValue).min().orElse(0),
                    restartMillis.stream().mapToLong(Long::longValue).max().orElse(0),
                    restartMillis.stream().sorted().toList().get(restartMillis.size() / 2),
                    drain.toMillis(), audit.batches(), audit.lastBatchIdOnChain(), audit.signerNonce(), inFlightAtKill,
                    done.statuses(), done.connectionErrors()));
            ReliabilityStack.report(String.format("| crash: the same run's revocations (separate revocation key) | %d "
                            + "| %d | %d | 0 | recorded %d ms after the backlog drained | revocation transactions %d, "
                            + "revocation key nonces %d, revoked on chain %d; answers %s, connection errors %d |",
                    revoked.acknowledged(), revoked.revokedOnChain(), revoked.lost(), revocationDrain.toMillis(),
                    revoked.transactions(), revoked.revokerNonce(), revoked.revokedOnChain(),
                    revocations.statuses(), revocations.connectionErrors()));

            assertThat(audit.acknowledged()).as("the client got acknowledgements").isGreaterThan(100);
            assertThat(audit.lost()).as("lost").isZero();
            assertThat(audit.duplicated()).as("duplicated").isZero();
            assertThat(audit.anchored()).as("anchored").isEqualTo(audit.acknowledged());
            assertThat(audit.lastBatchIdOnChain()).as("batch ids on chain").isEqualTo(audit.batches());
            assertThat(audit.signerNonce()).as("one transaction per batch, no burnt nonce").isEqualTo(audit.batches());

            assertThat(revoked.acknowledged()).as("the back office got revocations acknowledged").isGreaterThan(20);
            assertThat(revoked.lost()).as("revocations lost").isZero();
            assertThat(revoked.revokedOnChain()).as("revoked on chain").isEqualTo(revoked.acknowledged());
            assertThat(revoked.revokerNonce()).as("one revocation-key nonce per revocation transaction")
                    .isEqualTo(revoked.transactions());
            assertThat(revoked.signerHoldsRevokerRole()).as("the anchoring key cannot revoke").isZero();
        }
    }

    /** Which anchoring states are in flight right before a kill, e.g. "SEALED" or "SUBMITTED" or "idle". */
    private static String unfinishedState(ReliabilityStack stack) {
        try (Connection db = stack.db(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("""
                        select coalesce(string_agg(distinct status, '+' order by status), 'idle')
                          from batch where status in ('SEALED', 'SUBMITTED')""")) {
            row.next();
            return row.getString(1);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
