package org.docanchor.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;

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
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/documents: a department sees its own documents, never another's, by its reference and by time; the
 * pages of every size put together are the whole listing, in order, each document once.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DocumentSearchTest {

    @Inject
    ApiKeys apiKeys;

    @Test
    void aDepartmentFindsItsOwnDocumentsOnly_byReferenceAndTime_acrossPages() throws Exception {
        Departments.TestDepartment a = Departments.create(apiKeys, "SEARCHA");
        Departments.TestDepartment b = Departments.create(apiKeys, "SEARCHB");
        List<String> digests = new ArrayList<>();
        Instant start = Instant.now().minusMillis(5);
        for (int i = 0; i < 7; i++) {
            String digest = Digests.random();
            digests.add(digest);
            submit(a.key(), digest, i < 2 ? "REF-SHARED" : "REF-A-" + i);
            Thread.sleep(2);
        }
        Instant middle = Instant.now();
        Thread.sleep(2);
        String late = Digests.random();
        submit(a.key(), late, "REF-LATE");
        digests.add(late);
        submit(b.key(), Digests.random(), "REF-SHARED");

        List<String> shared = given().header("Authorization", "Bearer " + a.key())
                .get("/api/v1/documents?reference=REF-SHARED").then().statusCode(200)
                .extract().path("documents.digest");
        assertThat(shared).containsExactly(digests.get(0), digests.get(1));

        for (int limit : new int[] {1, 2, 3, 8, 1000}) {
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                var page = given().header("Authorization", "Bearer " + a.key()).queryParam("limit", limit)
                        .queryParam("from", start.toString());
                if (after != null) {
                    page = page.queryParam("after", after);
                }
                var body = page.get("/api/v1/documents").then().statusCode(200).extract();
                List<String> documents = body.path("documents.digest");
                assertThat(documents.size()).isLessThanOrEqualTo(limit);
                assertThat(body.<List<String>>path("documents.department")).containsOnly(a.code());
                seen.addAll(documents);
                after = body.path("next");
                pages++;
            } while (after != null && pages < 20);
            assertThat(seen).as("limit %d", limit).containsExactlyElementsOf(digests);
        }

        List<String> beforeMiddle = given().header("Authorization", "Bearer " + a.key())
                .queryParam("from", start.toString()).queryParam("to", middle.toString())
                .get("/api/v1/documents").then().statusCode(200).extract().path("documents.digest");
        assertThat(beforeMiddle).containsExactlyElementsOf(digests.subList(0, 7));
        given().header("Authorization", "Bearer " + b.key()).get("/api/v1/documents?reference=REF-LATE").then()
                .statusCode(200).body("documents.size()", equalTo(0));
    }

    @Test
    void malformedParametersAreProblems() {
        Departments.TestDepartment a = Departments.create(apiKeys, "SEARCHP");
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "from=yesterday", "to=2026-13-01",
                "reference=%00", "after=not-a-cursor", "after=" + "x".repeat(201))) {
            var response = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + a.key())
                    .get("/api/v1/documents?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertProblem(response, 400, query.startsWith("after=not") ? "invalid-request" : "invalid-parameter");
        }
    }

    private static void submit(String key, String digest, String reference) {
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256", "reference", reference))
                .post("/api/v1/documents").then().statusCode(202);
    }
}
