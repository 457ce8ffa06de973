package org.docanchor.gateway.intake;

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
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.ProofSchema;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/documents/export: the department's proofs as NDJSON, each line the proof /proofs serves (valid by
 * the schema and VALID at /verify once anchored), its own documents only, within since and until.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DocumentExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ApiKeys apiKeys;

    @Test
    void theDepartmentsProofsOneALine_itsOwnOnly_withinTheTimes() throws Exception {
        Departments.TestDepartment a = Departments.create(apiKeys, "EXPORTA");
        Departments.TestDepartment b = Departments.create(apiKeys, "EXPORTB");
        Instant since = Instant.now().minusMillis(5);
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String digest = Digests.random();
            digests.add(digest);
            given().header("Authorization", "Bearer " + a.key()).contentType(ContentType.JSON)
                    .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then()
                    .statusCode(202);
        }
        given().header("Authorization", "Bearer " + b.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(202);
        for (String digest : digests) {
            Proofs.awaitStatus(digest, "ANCHORED");
        }

        String body = given().header("Authorization", "Bearer " + a.key()).queryParam("since", since.toString())
                .get("/api/v1/documents/export").then().statusCode(200).contentType("application/x-ndjson")
                .extract().asString();
        assertThat(body).endsWith("\n");
        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(3);
        List<String> exported = new ArrayList<>();
        for (String line : lines) {
            ProofSchema.assertValid(line);
            JsonNode proof = JSON.readTree(line);
            assertThat(proof.path("department").asText()).isEqualTo(a.code());
            assertThat(proof.path("status").asText()).isEqualTo("ANCHORED");
            exported.add(proof.path("digest").asText());
            given().contentType(ContentType.JSON).body(line).post("/api/v1/verify").then()
                    .body("result", equalTo("VALID"));
        }
        assertThat(exported).containsExactlyElementsOf(digests);

        assertThat(given().header("Authorization", "Bearer " + a.key()).queryParam("since", since.toString())
                .queryParam("until", since.toString()).get("/api/v1/documents/export").then().statusCode(200)
                .extract().asString()).isEmpty();
        given().header("Authorization", "Bearer " + a.key()).queryParam("since", "last week")
                .get("/api/v1/documents/export").then().statusCode(400)
                .body("type", equalTo("urn:anchor-gateway:problem:invalid-parameter"));
    }
}
