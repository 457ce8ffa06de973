package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.webhook.WebhookReceiver.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.docanchor.gateway.webhook.WebhookReceiver;
import org.docanchor.gateway.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

/**
 * Webhooks across kill -9: the packaged gateway (prod profile, the receiver's loopback host allowlisted) delivers
 * document.anchored messages to a slow local receiver while a back office submits; it is killed while a message is
 * in flight, three times, and restarted. Afterwards every acknowledged digest has arrived in an accepted message,
 * every message verifies, each message that was in flight at a kill arrived again under the same id with the same
 * body (redelivered after the dead replica's lease ran out), and no id ever came with two bodies.
 */
class WebhookCrashIT {

    private static final int KILLS = 3;

    @Test
    void aGatewayKilledMidDeliveryRedeliversTheSameMessage() throws Exception {
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        // Each request takes 400 ms to answer: kills land while one is open.
        try (ReliabilityStack stack = new ReliabilityStack("webhooks");
                WebhookReceiver receiver = new WebhookReceiver(n -> 200, Duration.ofMillis(400), inFlight)) {
            Map<String, String> env = new HashMap<>(stack.gatewayEnv());
            env.put("ANCHOR_WEBHOOKS_REQUIRE_HTTPS", "false");
            env.put("ANCHOR_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1");
            env.put("ANCHOR_WEBHOOKS_LOCK_TTL", "3s");
            env.put("ANCHOR_WEBHOOKS_PAGE_SIZE", "25");
            env.put("ANCHOR_WEBHOOKS_RETRY_INITIAL_INTERVAL", "200ms");
            env.put("ANCHOR_WEBHOOKS_RETRY_MAX_INTERVAL", "1s");
            GatewayProcess gateway = new GatewayProcess(env, ReliabilityStack.freePort(), stack.log("webhook-gateway"));
            try {
                gateway.start();
                stack.createDepartment();
                String secret = WebhookSignature.newSecret();
                try (Connection db = stack.db(); PreparedStatement insert = db.prepareStatement("""
                        insert into webhook_endpoint (department_id, url, event_types, secret, created_by)
                        select id, ?, '{document.anchored}', ?, 'WebhookCrashIT' from department where code = 'RELIAB'""")) {
                    insert.setString(1, receiver.url());
                    insert.setString(2, secret);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                LoadClient client = new LoadClient(gateway::baseUrl, ReliabilityStack.API_KEY, 5, 60);
                Set<String> cutShort = new TreeSet<>();
                try {
                    for (int i = 0; i < KILLS; i++) {
                        Thread.sleep(1_500);
                        await(Duration.ofSeconds(30), () -> !inFlight.isEmpty());
                        Set<String> open = Set.copyOf(inFlight);
                        gateway.kill();
                        cutShort.addAll(open);
                        gateway.start();
                    }
                    Thread.sleep(1_000);
                } finally {
                    client.close();
                }
                Set<String> acknowledged = client.acknowledged();
                Instant start = Instant.now();
                await(Duration.ofSeconds(120), () -> Set.copyOf(receiver.anchoredDigests()).containsAll(acknowledged));
                Duration drained = Duration.between(start, Instant.now());

                List<WebhookReceiver.Received> all = receiver.received();
                Map<String, String> bodies = new HashMap<>();
                Map<String, Integer> times = new HashMap<>();
                for (WebhookReceiver.Received r : all) {
                    assertThat(WebhookReceiver.verify(secret, r)).as("signature of %s", r.id()).isTrue();
                    String before = bodies.putIfAbsent(r.id(), r.body());
                    assertThat(before == null || before.equals(r.body())).as("one body for %s", r.id()).isTrue();
                    times.merge(r.id(), 1, Integer::sum);
                }
                ReliabilityStack.report(String.format("| webhooks: %d x kill -9 while a message is in flight | %d | %d "
                                + "delivered | %d | - | all delivered %d ms after the load stopped | %d messages, %d "
                                + "requests; in flight at the kills: %s, each received again |", KILLS,
                        acknowledged.size(), Set.copyOf(receiver.anchoredDigests()).size(),
                        acknowledged.stream().filter(d -> !receiver.anchoredDigests().contains(d)).count(),
                        drained.toMillis(), bodies.size(), all.size(), cutShort));
                assertThat(acknowledged).as("acknowledged").hasSizeGreaterThan(100);
                assertThat(receiver.anchoredDigests()).as("every acknowledged digest delivered").containsAll(acknowledged);
                assertThat(cutShort).as("messages in flight at the kills").isNotEmpty();
                for (String id : cutShort) {
                    assertThat(times.get(id)).as("%s, in flight at a kill, delivered again", id).isGreaterThanOrEqualTo(2);
                }
            } finally {
                gateway.stop(); // also when an assertion fails: no gateway outlives the test
            }
        }
    }
}
