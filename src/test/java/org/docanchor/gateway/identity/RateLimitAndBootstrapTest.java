package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * The first admin from configuration, and the per-credential rate limit; a bootstrap key revoked later does not stop
 * the start-up, and the public dev demo key is refused outside the dev profile.
 */
@QuarkusTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@TestProfile(RateLimitAndBootstrapTest.Profile.class)
@WithTestResource(LocalStackTestResource.class)
class RateLimitAndBootstrapTest {

    static final String BOOTSTRAP_KEY = "agk_bootstr1_" + "b".repeat(40);

    /** A bootstrap admin key and a small rate limit. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anchor.identity.bootstrap-admin-key", BOOTSTRAP_KEY,
                    "anchor.identity.rate-limit.per-second", "2",
                    "anchor.identity.rate-limit.burst", "5");
        }
    }

    @jakarta.inject.Inject
    BootstrapAdmin bootstrap;

    @jakarta.inject.Inject
    ApiKeys apiKeys;

    @Test
    @org.junit.jupiter.api.Order(1)
    void theBootstrapKeyIsAnAdmin_andACredentialOverItsRateGets429WithRetryAfter() {
        given().header("Authorization", "Bearer " + BOOTSTRAP_KEY).get("/api/v1/admin/departments").then()
                .statusCode(200);

        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 12; i++) {
            var response = given().header("Authorization", "Bearer " + BOOTSTRAP_KEY)
                    .header("Accept-Language", "zh-CN").get("/api/v1/audit");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                response.then().contentType("application/problem+json")
                        .body("type", equalTo("urn:anchor-gateway:problem:rate-limited"))
                        .header("Content-Language", "zh-Hans").body("title", equalTo("请求过于频繁"))
                        .body("detail", org.hamcrest.Matchers.startsWith("此凭据的请求频率超过限额"));
            }
        }
        assertThat(statuses).contains(429);
        assertThat(statuses.subList(0, 4)).containsOnly(200);
        assertThat(Integer.parseInt(retryAfter)).isPositive();
        // Public endpoints are not limited by anyone's credential.
        for (int i = 0; i < 10; i++) {
            given().get("/api/v1/network").then().statusCode(200);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aBootstrapKeyRevokedSinceDoesNotStopTheStart_andIsNotRevived() {
        // No active admin at all, and the bootstrap key's row revoked: what every replica finds at its next start.
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> ApiKey.update(
                "revokedAt = ?1 where department is null and revokedAt is null", java.time.Instant.now()));
        assertThat(apiKeys.hasActiveAdmin()).isFalse();
        org.assertj.core.api.Assertions.assertThatCode(() -> bootstrap.onStart(null)).doesNotThrowAnyException();
        assertThat(apiKeys.hasActiveAdmin()).isFalse();
        given().header("Authorization", "Bearer " + BOOTSTRAP_KEY).get("/api/v1/admin/departments").then()
                .statusCode(401);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void theDevDemoKeyIsRefusedOutsideTheDevProfile_evenWithItsRowInTheDatabase() {
        org.docanchor.gateway.testing.Departments.TestDepartment department =
                org.docanchor.gateway.testing.Departments.create(apiKeys, "DEMOROW");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> ApiKey.update(
                "revokedAt = ?1 where department.code = ?2", java.time.Instant.now(), department.code()));
        String demoKey = "agk_demo0001_dev-only-demo-key-never-valid-in-production";
        apiKeys.register(department.code(), demoKey, null);
        given().header("Authorization", "Bearer " + demoKey).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("digest", org.docanchor.gateway.testing.Digests.random(), "algorithm", "sha256"))
                .post("/api/v1/documents").then().statusCode(401);
    }
}
