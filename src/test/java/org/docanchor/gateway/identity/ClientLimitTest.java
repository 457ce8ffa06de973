package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Per client address limits (issue 11, item 4) with small budgets. The test client is 127.0.0.1, configured here as
 * a trusted proxy, so each test names its own client address in X-Forwarded-For and starts with full buckets.
 */
@QuarkusTest
@TestProfile(ClientLimitTest.Profile.class)
@WithTestResource(LocalStackTestResource.class)
class ClientLimitTest {

    static final int ANONYMOUS_BURST = 6;
    static final int VERIFY_BURST = 3;
    static final int FAILED_AUTH_BURST = 4;

    /** Small budgets that barely refill during a test (one token every 100 s), and 127.0.0.1 as a trusted proxy. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("anchor.client-limit.anonymous.burst", Integer.toString(ANONYMOUS_BURST)),
                    Map.entry("anchor.client-limit.anonymous.per-second", "0.01"),
                    Map.entry("anchor.client-limit.verify.burst", Integer.toString(VERIFY_BURST)),
                    Map.entry("anchor.client-limit.verify.per-second", "0.01"),
                    Map.entry("anchor.client-limit.failed-auth.burst", Integer.toString(FAILED_AUTH_BURST)),
                    Map.entry("anchor.client-limit.failed-auth.per-second", "0.01"),
                    Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                    Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                    Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1"));
        }
    }

    @Inject
    ApiKeys apiKeys;

    private static Response anonymousVerify(String client) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/verify");
    }

    private static void assertRateLimited(Response response) {
        assertProblem(response, 429, "rate-limited");
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
    }

    @Test
    void anonymousVerificationBeyondItsBudgetGets429_withRetryAfter_perAddress() {
        String client = "203.0.113.1";
        for (int i = 0; i < VERIFY_BURST; i++) {
            assertProblem(anonymousVerify(client), 400, "invalid-request");
        }
        assertRateLimited(anonymousVerify(client));
        Response inChinese = given().header("X-Forwarded-For", client).header("Accept-Language", "zh")
                .contentType(ContentType.JSON).body("{}").post("/api/v1/verify");
        assertRateLimited(inChinese);
        assertThat(inChinese.header("Content-Language")).isEqualTo("zh-Hans");
        assertThat(inChinese.jsonPath().getString("detail")).startsWith("此地址的匿名验证次数超过限额");

        // Its own budget: other anonymous reads of the address, and verifications of another address, go on.
        given().header("X-Forwarded-For", client).get("/api/v1/network").then().statusCode(200);
        assertProblem(anonymousVerify("203.0.113.2"), 400, "invalid-request");
    }

    @Test
    void anonymousReadsBeyondTheirBudgetGet429_andAuthenticatedTrafficIsNotCountedAgainstThem() {
        Departments.TestDepartment department = Departments.create(apiKeys, "LIM");
        String client = "203.0.113.3";
        String proof = "/api/v1/proofs/" + Digests.random();
        for (int i = 0; i < 3 * ANONYMOUS_BURST; i++) {
            given().header("X-Forwarded-For", client).header("Authorization", "Bearer " + department.key())
                    .get("/api/v1/network").then().statusCode(200);
        }
        for (int i = 0; i < ANONYMOUS_BURST; i++) {
            int status = given().header("X-Forwarded-For", client).get(i % 2 == 0 ? "/api/v1/network" : proof)
                    .statusCode();
            assertThat(status).as("anonymous request %d", i + 1).isIn(200, 404);
        }
        assertRateLimited(given().header("X-Forwarded-For", client).get(proof));
        assertRateLimited(given().header("X-Forwarded-For", client).get("/api/v1/network"));
    }

    @Test
    void repeatedBadKeysFromAnAddressGet429_thenEvenAValidKeyFromThatAddress_butNotFromAnother() {
        assertThat(FAILED_AUTH_BURST % 2).isZero();
        Departments.TestDepartment department = Departments.create(apiKeys, "LIM");
        String client = "203.0.113.4";
        String bad = "Bearer agk_abcdefgh_" + "A".repeat(43);
        // Half on a protected endpoint (401), half on a public one, which answers as to an anonymous caller: a bad
        // key there is a failed authentication all the same, not a way around the anonymous budget.
        for (int i = 0; i < FAILED_AUTH_BURST / 2; i++) {
            assertProblem(given().header("X-Forwarded-For", client).header("Authorization", bad)
                    .contentType(ContentType.JSON).body(Map.of("digest", Digests.random(), "algorithm", "sha256"))
                    .post("/api/v1/documents"), 401, "unauthenticated");
            assertThat(given().header("X-Forwarded-For", client).header("Authorization", bad)
                    .get("/api/v1/network").statusCode()).isIn(200, 401);
        }
        assertRateLimited(given().header("X-Forwarded-For", client).header("Authorization", bad)
                .get("/api/v1/network"));
        assertRateLimited(given().header("X-Forwarded-For", client)
                .header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents"));

        given().header("X-Forwarded-For", "203.0.113.5").header("Authorization", "Bearer " + department.key())
                .contentType(ContentType.JSON).body(Map.of("digest", Digests.random(), "algorithm", "sha256"))
                .post("/api/v1/documents").then().statusCode(202);
        // Anonymous reads of the blocked address have their own budget.
        given().header("X-Forwarded-For", client).get("/api/v1/network").then().statusCode(200);
    }

    @Test
    void withoutForwardingHeadersThePeerAddressCounts() {
        for (int i = 0; i < VERIFY_BURST; i++) {
            assertProblem(given().contentType(ContentType.JSON).body("{}").post("/api/v1/verify"), 400,
                    "invalid-request");
        }
        assertRateLimited(given().contentType(ContentType.JSON).body("{}").post("/api/v1/verify"));
        assertProblem(anonymousVerify("203.0.113.6"), 400, "invalid-request");
    }
}
