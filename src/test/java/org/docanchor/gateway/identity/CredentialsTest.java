package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/** Key rotation without a failed request, revocation on the next request, the audit trail and its immutability. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class CredentialsTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void rotationLosesNoRequest_andARevokedKeyFailsOnTheNextRequest() throws Exception {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, "rotation test").key();
        String code = "ROT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Rotation department")).post("/api/v1/admin/departments")
                .then().statusCode(201).body("status", equalTo("ACTIVE"));
        String oldKey = issue(admin, code);

        ExecutorService client = Executors.newSingleThreadExecutor();
        // A department keeps submitting with its old key while the new one is issued and switched to.
        Future<List<Integer>> statuses = client.submit(() -> {
            List<Integer> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                seen.add(submit(oldKey));
            }
            return seen;
        });
        String newKey = issue(admin, code);
        assertThat(statuses.get()).containsOnly(202);
        assertThat(submit(newKey)).isEqualTo(202);

        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("submitter"))).post("/api/v1/admin/departments/" + code + "/keys")
                .then().statusCode(409).body("type", equalTo("urn:anchor-gateway:problem:too-many-keys"));

        given().header("Authorization", "Bearer " + admin).delete("/api/v1/admin/keys/" + ApiKeys.prefixOf(oldKey))
                .then().statusCode(204);
        assertThat(submit(oldKey)).isEqualTo(401);
        assertThat(submit(newKey)).isEqualTo(202);
        given().header("Authorization", "Bearer " + admin).delete("/api/v1/admin/keys/" + ApiKeys.prefixOf(oldKey))
                .then().statusCode(204);

        given().header("Authorization", "Bearer " + admin).post("/api/v1/admin/departments/" + code + "/suspend")
                .then().statusCode(200).body("status", equalTo("SUSPENDED"));
        assertThat(submit(newKey)).isEqualTo(401);
        given().header("Authorization", "Bearer " + newKey).contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(401).body("detail", equalTo("department " + code + " is suspended: its API keys work "
                        + "again once it is reinstated"));
        given().header("Authorization", "Bearer " + admin).post("/api/v1/admin/departments/" + code + "/activate")
                .then().statusCode(200);
        assertThat(submit(newKey)).isEqualTo(202);
        client.shutdown();

        given().header("Authorization", "Bearer " + admin).get("/api/v1/audit?limit=200").then().statusCode(200)
                .body("events.action", hasItem("department.register"))
                .body("events.action", hasItem("key.issue"))
                .body("events.action", hasItem("key.revoke"))
                .body("events.action", hasItem("department.suspend"))
                .body("events.findAll { it.department == '" + code + "' }.action", hasItem("documents.submit"))
                .body("events.find { it.action == 'key.revoke' }.actor", startsWith("agk_"));
    }

    @Test
    void theAuditLogCannotBeChanged() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("insert into audit_event (actor, action) values ('test', 'test.append')");
            assertThatThrownBy(() -> statement.execute("update audit_event set action = 'x'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("delete from audit_event"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("truncate audit_event"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void adminInputIsValidated() {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key();
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("code", "lower case", "name", "")).post("/api/v1/admin/departments")
                .then().statusCode(400).body("errors.pointer", hasItem("/code")).body("errors.pointer", hasItem("/name"));
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("admin"))).post("/api/v1/admin/keys").then().statusCode(201)
                .body("key", startsWith("agk_"));
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("submitter"))).post("/api/v1/admin/keys").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/roles"));
    }

    private static String issue(String admin, String code) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("submitter", "revoker"))).post("/api/v1/admin/departments/" + code + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    private static int submit(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents").statusCode();
    }
}
