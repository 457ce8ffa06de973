package org.docanchor.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overlapping bulk requests sent at the same time (a back office retrying while its first request still runs):
 * before the canonical insert order, 2,000 digests in opposite orders deadlocked in PostgreSQL and one request got a
 * 500 (issue 11, item 2).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ConcurrentBulkTest {

    private static final int DIGESTS = 2_000;

    @Inject
    ApiKeys apiKeys;

    TestDepartment department;
    long storedBefore;

    @BeforeEach
    void createDepartment() {
        department = Departments.create(apiKeys, "BULKRACE");
        storedBefore = 0;
    }

    @Test
    void oppositeOrders_neverAnswer5xx_andStoreEachDigestOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<String> digests = randomDigests();
            List<String> reversed = new ArrayList<>(digests);
            Collections.reverse(reversed);
            assertStoredExactlyOnce(digests, sendTogether(List.of(digests, reversed)));
        }
    }

    @Test
    void fourShuffledCopies_neverAnswer5xx_andStoreEachDigestOnce() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 3; round++) {
            List<String> digests = randomDigests();
            List<List<String>> copies = new ArrayList<>();
            for (int copy = 0; copy < 4; copy++) {
                List<String> shuffled = new ArrayList<>(digests);
                Collections.shuffle(shuffled, random);
                copies.add(shuffled);
            }
            assertStoredExactlyOnce(digests, sendTogether(copies));
        }
    }

    private static List<String> randomDigests() {
        List<String> digests = new ArrayList<>(DIGESTS);
        for (int i = 0; i < DIGESTS; i++) {
            digests.add(Digests.random());
        }
        return digests;
    }

    private List<Response> sendTogether(List<List<String>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (List<String> digests : requests) {
                List<Map<String, String>> items = digests.stream()
                        .map(d -> Map.of("digest", d, "algorithm", "sha256")).toList();
                calls.add(() -> given().header("Authorization", "Bearer " + department.key())
                        .contentType(ContentType.JSON).body(Map.of("documents", items))
                        .post("/api/v1/documents/bulk").andReturn());
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertStoredExactlyOnce(List<String> digests, List<Response> responses) {
        Map<String, String> idByDigest = new HashMap<>();
        int created = 0;
        for (Response response : responses) {
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 202);
            List<Map<String, Object>> receipts = response.path("receipts");
            assertThat(receipts).hasSize(DIGESTS);
            for (Map<String, Object> receipt : receipts) {
                String previous = idByDigest.putIfAbsent((String) receipt.get("digest"), (String) receipt.get("id"));
                assertThat(previous).as("one receipt id per digest").isIn(null, receipt.get("id"));
            }
            created += response.<Integer>path("created");
        }
        assertThat(idByDigest.keySet()).containsExactlyInAnyOrderElementsOf(digests);
        assertThat(created).as("documents created over all requests").isEqualTo(DIGESTS);
        // The department is fresh per test and each round adds DIGESTS new digests.
        storedBefore += DIGESTS;
        long rows = QuarkusTransaction.requiringNew().call(() ->
                Document.count("department.code", department.code()));
        assertThat(rows).as("rows stored for this department").isEqualTo(storedBefore);
    }
}
