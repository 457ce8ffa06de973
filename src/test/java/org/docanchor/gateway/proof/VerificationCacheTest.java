package org.docanchor.gateway.proof;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/verify} keeps the chain answers that cannot change: verifying the same anchored proof again
 * asks the node less, with the same verdict. Counted by the {@code anchor_verification_chain_reads_total} metric.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class VerificationCacheTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    MeterRegistry registry;

    private double readsAnsweredBy(String who) {
        return registry.get("anchor.verification.chain.reads").tag("answered", who).counter().count();
    }

    private double nodeReadsOfOneVerification(String proof) {
        double before = readsAnsweredBy("node");
        given().contentType(ContentType.JSON).body(proof).post("/api/v1/verify").then().statusCode(200)
                .body("result", equalTo("VALID"));
        return readsAnsweredBy("node") - before;
    }

    @Test
    void verifyingTheSameProofAgainAsksTheNodeLess_withTheSameVerdict() throws Exception {
        Departments.TestDepartment department = Departments.create(apiKeys, "CACHE");
        String digest = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(202);
        String proof = Proofs.awaitStatus(digest, "ANCHORED");

        double first = nodeReadsOfOneVerification(proof);
        double second = nodeReadsOfOneVerification(proof);
        double third = nodeReadsOfOneVerification(proof);

        // Kept after the first: the root's anchor and the anchoring receipt, which are this proof's own, and the
        // chain id and the block unless an earlier verification in this gateway kept them already. After the second
        // also verifyInclusion (the root's anchor was not known when the first asked it). The revocation is always
        // asked.
        assertThat(first - second).as("node reads saved by the second verification (of %s)", first)
                .isGreaterThanOrEqualTo(2);
        assertThat(second - third).as("node reads saved by the third verification (of %s)", second)
                .isGreaterThanOrEqualTo(1);
        assertThat(third).as("node reads of the third verification").isPositive();
    }
}
