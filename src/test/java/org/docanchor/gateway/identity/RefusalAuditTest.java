package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Refused requests on admin and write endpoints reach the audit log: 401 and 403 as {@code request.denied}, other
 * errors as {@code request.failed}, with the presented key's prefix (never the key) and the request id; refused
 * public reads do not.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RefusalAuditTest {

    @Inject
    ApiKeys apiKeys;

    @Test
    void deniedAndFailedAdminAndWriteRequestsAreAudited_withThePresentedPrefixOnly() throws Exception {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, "refusal audit").key();
        org.docanchor.gateway.testing.Departments.TestDepartment department =
                org.docanchor.gateway.testing.Departments.create(apiKeys, "AUD");
        String unknown = "agk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_"
                + "x".repeat(40);
        String tag = UUID.randomUUID().toString();

        given().header("Authorization", "Bearer " + unknown).header("X-Request-Id", tag + "-401")
                .get("/api/v1/admin/departments").then().statusCode(401);
        given().header("Authorization", "Bearer " + department.key()).header("X-Request-Id", tag + "-403")
                .get("/api/v1/admin/keys").then().statusCode(403);
        given().header("X-Request-Id", tag + "-anon").contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + admin).header("X-Request-Id", tag + "-400")
                .contentType(ContentType.JSON).body(Map.of("code", "x")).post("/api/v1/admin/departments").then()
                .statusCode(400);
        // A public read that fails is not an attempt on anything: not audited.
        given().header("X-Request-Id", tag + "-read").get("/api/v1/proofs/" + Digests.random()).then().statusCode(404);

        List<Map<String, Object>> events = awaitEvents(admin, tag, 4);
        assertThat(events).extracting(e -> e.get("requestId")).containsExactlyInAnyOrder(tag + "-401", tag + "-403",
                tag + "-anon", tag + "-400");
        Map<String, Object> unauthorised = event(events, tag + "-401");
        assertThat(unauthorised).containsEntry("action", "request.denied")
                .containsEntry("actor", "presented " + ApiKeys.prefixOf(unknown))
                .containsEntry("target", "GET /api/v1/admin/departments").containsEntry("detail", "401");
        assertThat(event(events, tag + "-403")).containsEntry("action", "request.denied")
                .containsEntry("actor", ApiKeys.prefixOf(department.key()))
                .containsEntry("department", department.code()).containsEntry("detail", "403");
        assertThat(event(events, tag + "-anon")).containsEntry("actor", "anonymous")
                .containsEntry("target", "POST /api/v1/documents");
        assertThat(event(events, tag + "-400")).containsEntry("action", "request.failed")
                .containsEntry("detail", "400");
        assertThat(events.toString()).doesNotContain(unknown.substring(14)).doesNotContain(admin.substring(14));
    }

    private static Map<String, Object> event(List<Map<String, Object>> events, String requestId) {
        return events.stream().filter(e -> requestId.equals(e.get("requestId"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> awaitEvents(String admin, String tag, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<Map<String, Object>> events = List.of();
        while (Instant.now().isBefore(deadline)) {
            // Poll on the audit endpoint: the refusals are written after their answers, in the background.
            List<Map<String, Object>> page = given().header("Authorization", "Bearer " + admin)
                    .get("/api/v1/audit?limit=500").then().statusCode(200).extract().path("events");
            events = page.stream().filter(e -> String.valueOf(e.get("requestId")).startsWith(tag))
                    .filter(e -> String.valueOf(e.get("action")).startsWith("request.")).toList();
            if (events.size() >= count) {
                Thread.sleep(300);
                return given().header("Authorization", "Bearer " + admin).get("/api/v1/audit?limit=500").then()
                        .extract().<List<Map<String, Object>>>path("events").stream()
                        .filter(e -> String.valueOf(e.get("requestId")).startsWith(tag)).toList();
            }
            Thread.sleep(200);
        }
        return events;
    }
}
