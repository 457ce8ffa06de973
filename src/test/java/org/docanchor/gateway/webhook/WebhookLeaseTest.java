package org.docanchor.gateway.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Replicas share the outbox: two dispatchers (two replicas' worth, each with its own holder name) claiming at the
 * same instant, round after round, never lease the same delivery, and a delivery leased by one is not leased again
 * while the lease holds. The rows are due in an hour, so the gateway's own loop leaves them alone; the two
 * dispatchers claim them with a look-ahead.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WebhookLeaseTest {

    private static final int DELIVERIES = 40;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookConfig config;

    @Inject
    ApiKeys apiKeys;

    @Test
    void twoReplicasClaimingAtOnceNeverLeaseTheSameDelivery() throws Exception {
        String code = "HOOKL-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        apiKeys.createDepartment(code, "Lease department");
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key();
        long endpoint = ((Number) given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("department", code, "url", "http://127.0.0.1:9/hook", "eventTypes",
                        List.of(WebhookEvents.DOCUMENT_REVOKED)))
                .post("/api/v1/admin/webhooks").then().statusCode(201).extract().path("endpoint.id")).longValue();
        List<Map<String, String>> documents = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            documents.add(Map.of("digest", Digests.random(), "algorithm", "sha256"));
        }
        given().header("Authorization", "Bearer " + apiKeys.issue(code, null)).contentType(ContentType.JSON)
                .body(Map.of("documents", documents)).post("/api/v1/documents/bulk").then().statusCode(202);
        String insert = "insert into webhook_delivery (endpoint_id, event_type, document_id, next_attempt_at) "
                + "select ?1, 'document.revoked', d.id, now() + interval '1 hour' from document d "
                + "join department dep on dep.id = d.department_id where dep.code = ?2";
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(insert)
                .setParameter(1, endpoint).setParameter(2, code).executeUpdate());

        WebhookDispatcher a = new WebhookDispatcher(dataSource, config, new SimpleMeterRegistry());
        WebhookDispatcher b = new WebhookDispatcher(dataSource, config, new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Set<Long> leased = new HashSet<>();
        try {
            for (int round = 0; round < DELIVERIES / 10 + 2; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<List<Long>> byA = pool.submit(() -> {
                    start.await();
                    return a.claim(5, Duration.ofHours(2));
                });
                Future<List<Long>> byB = pool.submit(() -> {
                    start.await();
                    return b.claim(5, Duration.ofHours(2));
                });
                for (long id : byA.get()) {
                    assertThat(leased.add(id)).as("round %d: delivery %d leased twice", round, id).isTrue();
                }
                for (long id : byB.get()) {
                    assertThat(leased.add(id)).as("round %d: delivery %d leased twice", round, id).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leased).as("every delivery leased, once").hasSize(DELIVERIES);
        given().header("Authorization", "Bearer " + admin).delete("/api/v1/admin/webhooks/" + endpoint)
                .then().statusCode(204);
    }
}
