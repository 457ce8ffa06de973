package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fault 3: two gateway processes on one database and chain, under load sent to both. Exactly one anchors at a
 * time (every batch is signed by one replica, once); when the anchoring one is killed the other takes over, and
 * nothing is lost, doubled or signed twice.
 */
class TwoReplicasIT {

    private static final Pattern SIGNED = Pattern.compile("Batch (\\d+) signed as transaction");

    @Test
    void oneAnchorsAtATime_andTheOtherTakesOverWhenItDies() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("replicas")) {
            Map<String, GatewayProcess> replicas = new HashMap<>();
            for (String name : List.of("replica-a", "replica-b")) {
                Map<String, String> env = stack.gatewayEnv();
                env.put("HOSTNAME", name);
                replicas.put(name, new GatewayProcess(env, ReliabilityStack.freePort(), stack.log(name)));
            }
            replicas.get("replica-a").start();
            replicas.get("replica-b").start();
            stack.createDepartment();

            AtomicInteger turn = new AtomicInteger();
            List<GatewayProcess> serving = new ArrayList<>(replicas.values());
            LoadClient client = new LoadClient(() -> serving.get(Math.floorMod(turn.getAndIncrement(), serving.size()))
                    .baseUrl(), ReliabilityStack.API_KEY, 5, 30);
            long takeoverMillis;
            String killed;
            try {
                Thread.sleep(8_000);
                killed = holder(stack);
                assertThat(killed).as("one replica holds the anchoring lease").isIn("replica-a", "replica-b");
                long anchoredBefore = lastAnchored(stack);
                GatewayProcess victim = replicas.get(killed);
                serving.remove(victim);
                long begin = System.nanoTime();
                victim.kill();
                while (!isOther(holder(stack), killed) || lastAnchored(stack) <= anchoredBefore) {
                    Thread.sleep(100);
                    if (System.nanoTime() - begin > Duration.ofSeconds(60).toNanos()) {
                        throw new AssertionError("no takeover within 60 s");
                    }
                }
                takeoverMillis = (System.nanoTime() - begin) / 1_000_000;
                Thread.sleep(5_000);
            } finally {
                client.close();
            }
            Duration drain = stack.awaitAllAnchored(client.acknowledged(), Duration.ofSeconds(120));
            ReliabilityStack.Audit audit = stack.audit(client.acknowledged());
            replicas.values().forEach(GatewayProcess::stop);

            Map<Long, Integer> signings = new HashMap<>();
            Map<String, Integer> perReplica = new HashMap<>();
            for (String name : replicas.keySet()) {
                Matcher m = SIGNED.matcher(Files.readString(stack.log(name)));
                while (m.find()) {
                    signings.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
                    perReplica.merge(name, 1, Integer::sum);
                }
            }
            ReliabilityStack.report(String.format("| two replicas, kill -9 of the anchoring one (%s) | %d | %d | %d | %d | "
                            + "takeover (lease expiry + next anchor) %d ms; backlog drained %d ms after load stopped | "
                            + "batches %d, on chain %d, signer nonces %d, signed per replica %s; answers %s |",
                    killed, audit.acknowledged(), audit.anchored(), audit.lost(), audit.duplicated(), takeoverMillis,
                    drain.toMillis(), audit.batches(), audit.lastBatchIdOnChain(), audit.signerNonce(), perReplica,
                    client.statuses()));

            assertThat(audit.lost()).as("lost").isZero();
            assertThat(audit.duplicated()).as("duplicated").isZero();
            assertThat(audit.anchored()).as("anchored").isEqualTo(audit.acknowledged());
            assertThat(audit.lastBatchIdOnChain()).isEqualTo(audit.batches());
            assertThat(audit.signerNonce()).as("no burnt nonce").isEqualTo(audit.batches());
            assertThat(signings.values()).as("every batch signed by one replica, once").allMatch(n -> n == 1);
            assertThat(perReplica).as("both replicas anchored (before and after the takeover)").hasSize(2);
        }
    }

    private static boolean isOther(String holder, String killed) {
        return holder != null && !holder.equals(killed);
    }

    private static String holder(ReliabilityStack stack) throws Exception {
        try (Connection db = stack.db(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(
                        "select split_part(holder, '/', 1) from anchoring_lease where expires_at > now()")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static long lastAnchored(ReliabilityStack stack) throws Exception {
        try (Connection db = stack.db(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("select coalesce(max(id), 0) from batch where status = 'ANCHORED'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
