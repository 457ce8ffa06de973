package org.docanchor.gateway.proof;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.ProofSchema;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/batches/{id}/proofs: per batch, exactly the caller's department's documents, each proof the one
 * /proofs serves; another department's bundle of the same batch holds only its own.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class BatchProofsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than one page of the bundle (500), in one bulk request so that they share batches. */
    private static final int DOCUMENTS = 1_201;

    @Inject
    ApiKeys apiKeys;

    @Test
    void aBatchBundleHoldsExactlyTheDepartmentsDocumentsInIt_inOrder() throws Exception {
        Departments.TestDepartment a = Departments.create(apiKeys, "BUNDLEA");
        Departments.TestDepartment b = Departments.create(apiKeys, "BUNDLEB");
        Instant since = Instant.now().minusMillis(5);
        List<Map<String, String>> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            documents.add(Map.of("digest", Digests.random(), "algorithm", "sha256"));
        }
        String theirs = Digests.random();
        given().header("Authorization", "Bearer " + b.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", theirs, "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(202);
        given().header("Authorization", "Bearer " + a.key()).contentType(ContentType.JSON)
                .body(Map.of("documents", documents)).post("/api/v1/documents/bulk").then().statusCode(202);
        Proofs.awaitStatus(documents.get(DOCUMENTS - 1).get("digest"), "ANCHORED");
        Proofs.awaitStatus(theirs, "ANCHORED");

        // What the export says of each document: its batch, in the order received.
        Map<Long, List<String>> byBatch = new LinkedHashMap<>();
        String export = given().header("Authorization", "Bearer " + a.key()).queryParam("since", since.toString())
                .get("/api/v1/documents/export").then().statusCode(200).extract().asString();
        for (String line : export.lines().toList()) {
            JsonNode proof = JSON.readTree(line);
            assertThat(proof.path("status").asText()).isEqualTo("ANCHORED");
            byBatch.computeIfAbsent(proof.path("batchId").asLong(), id -> new ArrayList<>())
                    .add(proof.path("digest").asText());
        }
        assertThat(byBatch.values().stream().mapToInt(List::size).sum()).isEqualTo(DOCUMENTS);
        assertThat(byBatch.values().stream().mapToInt(List::size).max().orElseThrow())
                .as("a batch with more than one page of the department's documents").isGreaterThan(500);

        for (Map.Entry<Long, List<String>> batch : byBatch.entrySet()) {
            JsonNode bundle = JSON.readTree(given().header("Authorization", "Bearer " + a.key())
                    .get("/api/v1/batches/" + batch.getKey() + "/proofs").then().statusCode(200)
                    .contentType(ContentType.JSON).extract().asString());
            assertThat(bundle.path("batchId").asLong()).isEqualTo(batch.getKey());
            assertThat(bundle.path("status").asText()).isEqualTo("ANCHORED");
            assertThat(bundle.path("department").asText()).isEqualTo(a.code());
            assertThat(bundle.path("count").asInt()).isEqualTo(batch.getValue().size());
            List<String> listed = new ArrayList<>();
            for (JsonNode proof : bundle.path("proofs")) {
                assertThat(proof.path("batchId").asLong()).isEqualTo(batch.getKey());
                assertThat(proof.path("root").asText()).isEqualTo(bundle.path("root").asText());
                listed.add(proof.path("digest").asText());
            }
            // In number order, which within one bulk request the export (by time received, then id) does not keep.
            assertThat(listed).containsExactlyInAnyOrderElementsOf(batch.getValue());
            JsonNode first = bundle.path("proofs").get(0);
            ProofSchema.assertValid(first.toString());
            assertThat(first).isEqualTo(JSON.readTree(given().get("/api/v1/proofs/" + listed.get(0)).then()
                    .statusCode(200).extract().asString()));
            given().contentType(ContentType.JSON).body(first.toString()).post("/api/v1/verify").then()
                    .body("result", equalTo("VALID"));
        }

        // B's bundle of its own batch names B's document only, whoever else is in that batch.
        long theirBatch = JSON.readTree(given().get("/api/v1/proofs/" + theirs).then().extract().asString())
                .path("batchId").asLong();
        JsonNode bundle = JSON.readTree(given().header("Authorization", "Bearer " + b.key())
                .get("/api/v1/batches/" + theirBatch + "/proofs").then().statusCode(200).extract().asString());
        assertThat(bundle.path("count").asInt()).isEqualTo(1);
        assertThat(bundle.path("proofs").get(0).path("digest").asText()).isEqualTo(theirs);
        // And of A's batches, none of A's documents.
        for (long batch : byBatch.keySet()) {
            JsonNode foreign = JSON.readTree(given().header("Authorization", "Bearer " + b.key())
                    .get("/api/v1/batches/" + batch + "/proofs").then().statusCode(200).extract().asString());
            for (JsonNode proof : foreign.path("proofs")) {
                assertThat(proof.path("department").asText()).isEqualTo(b.code());
            }
        }
    }

    @Test
    void refusals_areProblems() {
        Departments.TestDepartment a = Departments.create(apiKeys, "BUNDLEC");
        given().header("Authorization", "Bearer " + a.key()).get("/api/v1/batches/999999999/proofs").then()
                .statusCode(404).body("type", equalTo("urn:anchor-gateway:problem:unknown-batch"));
        given().header("Authorization", "Bearer " + a.key()).get("/api/v1/batches/first/proofs").then()
                .statusCode(400).body("type", equalTo("urn:anchor-gateway:problem:invalid-parameter"));
        given().get("/api/v1/batches/1/proofs").then().statusCode(401);
        String auditor = apiKeys.issue(null, List.of(Roles.AUDITOR), null, null).key();
        given().header("Authorization", "Bearer " + auditor).get("/api/v1/batches/1/proofs").then().statusCode(403);
        given().header("Authorization", "Bearer " + a.key()).header("Accept-Language", "zh")
                .get("/api/v1/batches/999999999/proofs").then().statusCode(404)
                .header("Content-Language", "zh-Hans").body("title", equalTo("未知批次"))
                .body("detail", equalTo("没有批次 999999999"));
    }
}
