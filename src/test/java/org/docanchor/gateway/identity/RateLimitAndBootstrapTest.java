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

/** The first admin from configuration, and the per-credential rate limit. */
@QuarkusTest
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

    @Test
    void theBootstrapKeyIsAnAdmin_andACredentialOverItsRateGets429WithRetryAfter() {
        given().header("Authorization", "Bearer " + BOOTSTRAP_KEY).get("/api/v1/admin/departments").then()
                .statusCode(200);

        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 12; i++) {
            var response = given().header("Authorization", "Bearer " + BOOTSTRAP_KEY).get("/api/v1/audit");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                response.then().contentType("application/problem+json")
                        .body("type", equalTo("urn:anchor-gateway:problem:rate-limited"));
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
}
