package org.docanchor.gateway.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.docanchor.gateway.webhook.WebhookReceiver.await;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Problems;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end on the real parts (PostgreSQL, anvil, the registry) with a real HTTP receiver on this
 * machine: every event arrives, signed; a receiver that fails (500s, then a timeout) gets everything once it
 * recovers, under the same ids; a receiver that never recovers ends FAILED and the admin API shows it; the outbox
 * row exists only if the transaction that writes it commits. The test profile retries fast (200 ms doubling to
 * 1 s, given up after 20 s), pages of 50 documents.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WebhookDeliveryTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    WebhookOutbox outbox;

    private String adminKey() {
        return apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key();
    }

    private record Endpoint(long id, String secret) {
    }

    /** A department on the issuer registry with a fresh code starting with {@code prefix}. */
    private static String department(String prefix) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Departments.register(code, "Department " + code);
        return code;
    }

    private Endpoint register(String admin, String department, String url, List<String> types) {
        var created = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("department", department, "url", url, "eventTypes", types))
                .post("/api/v1/admin/webhooks").then().statusCode(201).extract();
        String secret = created.path("secret");
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
        return new Endpoint(((Number) created.path("endpoint.id")).longValue(), secret);
    }

    private static List<String> submit(String key, int count) {
        List<String> digests = new ArrayList<>();
        List<Map<String, String>> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String digest = Digests.random();
            digests.add(digest);
            documents.add(Map.of("digest", digest, "algorithm", "sha256", "reference", "ref-" + i));
        }
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("documents", documents)).post("/api/v1/documents/bulk").then().statusCode(202);
        return digests;
    }

    @Test
    void everyEventArrivesSignedOnce_andTheAdminApiShowsTheAttempts() throws Exception {
        String code = department("HOOK");
        String key = apiKeys.issue(code, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();
        String admin = adminKey();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 204)) {
            Endpoint endpoint = register(admin, code, receiver.url(), WebhookEvents.ALL);
            List<String> digests = submit(key, 120);
            await(Duration.ofSeconds(60), () -> Set.copyOf(receiver.anchoredDigests()).containsAll(digests));
            given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                    .body(Map.of("reason", "withdrawn")).post("/api/v1/documents/" + digests.get(7) + "/revocation")
                    .then().statusCode(202);
            await(Duration.ofSeconds(60), () -> receiver.received().stream().anyMatch(r -> r.accepted()
                    && r.json().path("type").asText().equals("document.revoked")));
            Thread.sleep(1000); // anything sent twice would arrive now

            // Each document exactly once, in pages of at most 50, every message signed and its id unique.
            assertThat(receiver.anchoredDigests()).containsExactlyInAnyOrderElementsOf(digests);
            List<WebhookReceiver.Received> all = receiver.received();
            assertThat(all).allSatisfy(r -> assertThat(WebhookReceiver.verify(endpoint.secret(), r))
                    .as("signature of %s", r.id()).isTrue());
            assertThat(all).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            assertThat(all.stream().filter(r -> r.json().path("type").asText().equals("document.anchored")))
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(r -> {
                        assertThat(r.json().path("data").path("documents").size()).isBetween(1, 50);
                        assertThat(r.json().path("data").path("department").asText()).isEqualTo(code);
                        assertThat(r.json().path("data").path("transactionHash").asText()).startsWith("0x");
                        assertThat(r.id()).startsWith("msg_anchored_");
                    });
            WebhookReceiver.Received revoked = all.stream()
                    .filter(r -> r.json().path("type").asText().equals("document.revoked")).findFirst().orElseThrow();
            assertThat(revoked.json().path("data").path("digest").asText()).isEqualTo(digests.get(7));
            assertThat(revoked.json().path("data").path("reason").asText()).isEqualTo("withdrawn");
            // A secret signs only its own endpoint's messages.
            assertThat(WebhookReceiver.verify(WebhookSignature.newSecret(), revoked)).isFalse();

            // The admin API: the attempts with their statuses, the counts, never the secret.
            String detail = given().header("Authorization", "Bearer " + admin)
                    .get("/api/v1/admin/webhooks/" + endpoint.id()).then().statusCode(200).extract().asString();
            assertThat(detail).doesNotContain(endpoint.secret()).doesNotContain("whsec_").contains("\"statusCode\":204");
            given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/webhooks/" + endpoint.id())
                    .then().body("endpoint.deliveries.failed", org.hamcrest.Matchers.equalTo(0))
                    .body("endpoint.deliveries.pending", org.hamcrest.Matchers.equalTo(0));
            String list = given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/webhooks?department="
                    + code).then().statusCode(200).extract().asString();
            assertThat(list).contains(receiver.url()).doesNotContain("whsec_");
            long auditedSecrets = QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                    .createNativeQuery("select count(*) from audit_event where detail like '%whsec_%'")
                    .getSingleResult()).longValue());
            assertThat(auditedSecrets).isZero();
            long audited = QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                    .createNativeQuery("select count(*) from audit_event where action = 'webhook.create' and target = ?1")
                    .setParameter(1, code).getSingleResult()).longValue());
            assertThat(audited).isEqualTo(1);
        }
    }

    @Test
    void aReceiverThatFailsForAWhileGetsEverythingOnceItRecovers_underTheSameIds() throws Exception {
        String code = department("HOOKF");
        String key = apiKeys.issue(code, null);
        String admin = adminKey();
        // 500 three times, then a request that outlives the gateway's timeout, then well again.
        try (WebhookReceiver receiver = new WebhookReceiver(n -> n <= 3 ? 500 : n == 4 ? WebhookReceiver.HANG : 200)) {
            Endpoint endpoint = register(admin, code, receiver.url(), List.of(WebhookEvents.DOCUMENT_ANCHORED));
            List<String> digests = submit(key, 80);
            await(Duration.ofSeconds(90), () -> Set.copyOf(receiver.anchoredDigests()).containsAll(digests));
            Thread.sleep(1000);
            List<WebhookReceiver.Received> all = receiver.received();
            assertThat(all.subList(0, 3)).allSatisfy(r -> assertThat(r.answered()).isEqualTo(500));
            // What was refused came again with the same id and the same body, and was then accepted.
            Map<String, String> bodies = new HashMap<>();
            for (WebhookReceiver.Received r : all) {
                assertThat(WebhookReceiver.verify(endpoint.secret(), r)).isTrue();
                String before = bodies.putIfAbsent(r.id(), r.body());
                assertThat(before == null || before.equals(r.body())).as("same body for %s", r.id()).isTrue();
            }
            assertThat(receiver.acceptedIds()).containsAll(bodies.keySet());
            assertThat(receiver.anchoredDigests()).containsExactlyInAnyOrderElementsOf(digests);
            // The admin API shows the 500s and the timeout among the last attempts.
            String detail = given().header("Authorization", "Bearer " + admin)
                    .get("/api/v1/admin/webhooks/" + endpoint.id()).then().statusCode(200).extract().asString();
            assertThat(detail).contains("\"statusCode\":500").contains("timeout after");
        }
    }

    @Test
    void aReceiverThatNeverRecoversEndsFailed_andTheAdminApiSaysSo() throws Exception {
        String code = department("HOOKX");
        String key = apiKeys.issue(code, null);
        String admin = adminKey();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 503)) {
            Endpoint endpoint = register(admin, code, receiver.url(), List.of(WebhookEvents.DOCUMENT_ANCHORED));
            submit(key, 3);
            await(Duration.ofSeconds(60), () -> given().header("Authorization", "Bearer " + admin)
                    .get("/api/v1/admin/webhooks/" + endpoint.id()).then().extract()
                    .<Integer>path("endpoint.deliveries.failed") == 1);
            given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/webhooks/" + endpoint.id()).then()
                    .body("troubled[0].status", org.hamcrest.Matchers.equalTo("FAILED"))
                    .body("troubled[0].lastError", org.hamcrest.Matchers.equalTo("HTTP 503"));
            // Retried with backoff over the 20 s of the test profile: several attempts, not a flood.
            assertThat(receiver.received().size()).isBetween(4, 40);
            assertThat(Set.copyOf(receiver.received().stream().map(WebhookReceiver.Received::id).toList())).hasSize(1);
        }
    }

    @Test
    void theOutboxRowExistsOnlyIfItsTransactionCommits() throws Exception {
        String code = "HOOKT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        apiKeys.createDepartment(code, "Outbox department");
        String admin = adminKey();
        Endpoint endpoint = register(admin, code, "http://127.0.0.1:9/hook", List.of(WebhookEvents.DOCUMENT_ANCHORED));
        // Any batch will do: the row is what is looked at (the department has no document in it).
        submit(apiKeys.issue(code, null), 1);
        await(Duration.ofSeconds(30), () -> count("select count(*) from batch where status = 'ANCHORED'") > 0);
        long batchId = count("select max(id) from batch where status = 'ANCHORED'");
        String rows = "select count(*) from webhook_delivery where endpoint_id = " + endpoint.id() + " and batch_id = "
                + batchId;
        given().header("Authorization", "Bearer " + admin).delete("/api/v1/admin/webhooks/" + endpoint.id())
                .then().statusCode(204);
        Endpoint again = register(admin, code, "http://127.0.0.1:9/hook", List.of(WebhookEvents.DOCUMENT_ANCHORED));
        String againRows = rows.replace("endpoint_id = " + endpoint.id(), "endpoint_id = " + again.id());
        assertThat(count(againRows)).isZero();

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.batchAnchored(batchId);
            throw new IllegalStateException("the state change fails after the outbox write");
        })).hasMessageContaining("the state change fails");
        assertThat(count(againRows)).as("rolled back with the transaction").isZero();
        // Outside a transaction the outbox refuses to write at all.
        assertThatThrownBy(() -> outbox.batchAnchored(batchId)).isInstanceOf(
                jakarta.transaction.TransactionalException.class);
        QuarkusTransaction.requiringNew().run(() -> outbox.batchAnchored(batchId));
        QuarkusTransaction.requiringNew().run(() -> outbox.batchAnchored(batchId));
        assertThat(count(againRows)).as("once, however often written").isEqualTo(1);
        given().header("Authorization", "Bearer " + admin).delete("/api/v1/admin/webhooks/" + again.id())
                .then().statusCode(204);
    }

    @Test
    void badRequestsAreProblems() {
        String admin = adminKey();
        String code = "HOOKB-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        apiKeys.createDepartment(code, "Bad requests department");
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("department", "NO-SUCH", "url", "https://example.org/h", "eventTypes", WebhookEvents.ALL),
                Map.of("department", code, "url", "ftp://example.org/h", "eventTypes", WebhookEvents.ALL),
                Map.of("department", code, "url", "https://user:pw@example.org/h", "eventTypes", WebhookEvents.ALL),
                Map.of("department", code, "url", "https://example.org/h", "eventTypes", List.of()),
                Map.of("department", code, "url", "https://example.org/h", "eventTypes", List.of("document.lost")),
                Map.of("department", code, "url", "https://example.org/h",
                        "eventTypes", List.of("batch.failed", "batch.failed")))) {
            Problems.assertProblem(given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                    .body(body).post("/api/v1/admin/webhooks"), 400, "invalid-request");
        }
        Problems.assertProblem(given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/webhooks/0"),
                404, "unknown-webhook");
        Problems.assertProblem(given().header("Authorization", "Bearer " + admin).post("/api/v1/admin/webhooks/0/secret"),
                404, "unknown-webhook");
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneDuringTheGrace() throws Exception {
        String code = department("HOOKR");
        String admin = adminKey();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 200)) {
            Endpoint endpoint = register(admin, code, receiver.url(), List.of(WebhookEvents.DOCUMENT_ANCHORED));
            String rotated = given().header("Authorization", "Bearer " + admin)
                    .post("/api/v1/admin/webhooks/" + endpoint.id() + "/secret").then().statusCode(200)
                    .extract().path("secret");
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.secret());
            submit(apiKeys.issue(code, null), 2);
            await(Duration.ofSeconds(60), () -> receiver.anchoredDigests().size() == 2);
            WebhookReceiver.Received r = receiver.received().get(0);
            assertThat(r.signature().split(" ")).hasSize(2);
            assertThat(WebhookReceiver.verify(rotated, r)).isTrue();
            assertThat(WebhookReceiver.verify(endpoint.secret(), r)).isTrue();
        }
    }

    private static long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = Panache.getEntityManager().createNativeQuery(sql).getSingleResult();
            return value == null ? 0 : ((Number) value).longValue();
        });
    }

}
