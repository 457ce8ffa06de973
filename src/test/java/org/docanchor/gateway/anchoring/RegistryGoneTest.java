package org.docanchor.gateway.anchoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.intake.Document;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A node without the registry's code (as a node resyncing from scratch answers) gets no transaction: a call to an
 * address without code would succeed and pass for an anchor. Readiness says why; once the code is back, the batch
 * is anchored as usual; so is a revocation requested meanwhile. The code is removed and restored with anvil_setCode
 * (storage stays).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RegistryGoneTest {

    @Inject
    ApiKeys apiKeys;

    @Test
    void nothingIsSignedWhileTheNodeHasNoRegistryCode_andReadinessSaysSo() throws Exception {
        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        String registry = given().get("/api/v1/network").then().extract().path("registry");
        HttpService service = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(service);
        String code = web3j.ethGetCode(registry, DefaultBlockParameterName.LATEST).send().getCode();
        assertThat(code).hasSizeGreaterThan(2);
        Departments.TestDepartment department = Departments.create(apiKeys, "GONE");
        String revoker = apiKeys.issue(department.code(), List.of(org.docanchor.gateway.identity.Roles.REVOKER),
                null, null).key();
        String anchoredBefore = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", anchoredBefore, "algorithm", "sha256")).post("/api/v1/documents").then()
                .statusCode(202);
        Proofs.awaitStatus(anchoredBefore, "ANCHORED");
        String digest = Digests.random();
        try {
            setCode(service, registry, "0x");
            given().header("Authorization", "Bearer " + revoker).contentType(ContentType.JSON)
                    .body(Map.of("reason", "withdrawn")).post("/api/v1/documents/" + anchoredBefore + "/revocation")
                    .then().statusCode(202);
            given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                    .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then()
                    .statusCode(202);
            // Sealed within a second (max-delay 1s); several anchoring attempts fit in the next seconds.
            Instant until = Instant.now().plus(Duration.ofSeconds(8));
            while (Instant.now().isBefore(until)) {
                Thread.sleep(250);
            }
            Batch batch = QuarkusTransaction.requiringNew().call(() -> Batch.containing(Document.<Document>find("digest",
                    HexFormat.of().parseHex(digest.substring(2))).firstResult().seq));
            assertThat(batch).as("sealed").isNotNull();
            assertThat(batch.status).isEqualTo(Batch.Status.SEALED);
            assertThat(batch.tx).as("no transaction signed").isNull();
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'chain' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'chain' }.data.registryHasCode", equalTo(false))
                    // The revocation waits too, signed by nothing, and the check says why, without the node's URL.
                    .body("checks.find { it.name == 'revocation-lag' }.data.unrecorded", equalTo(1))
                    .body("checks.find { it.name == 'revocation-lag' }.data.lastError",
                            org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("has no code at registry"),
                                    org.hamcrest.Matchers.containsString("<node>"),
                                    org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("http"))));
        } finally {
            setCode(service, registry, code);
        }
        Proofs.awaitStatus(digest, "ANCHORED");
        Proofs.awaitStatus(anchoredBefore, "REVOKED");
        given().get("/q/health/ready").then().body("checks.find { it.name == 'chain' }.status", equalTo("UP"));
        web3j.shutdown();
    }

    private static void setCode(HttpService service, String address, String code) throws Exception {
        VoidResponse answer = new Request<>("anvil_setCode", List.of(address, code), service, VoidResponse.class)
                .send();
        assertThat(answer.hasError()).as("anvil_setCode: %s", answer.getError() == null ? ""
                : answer.getError().getMessage()).isFalse();
    }
}
