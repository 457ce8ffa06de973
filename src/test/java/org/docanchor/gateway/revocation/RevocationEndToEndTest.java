package org.docanchor.gateway.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Revocation on the real chain: the issuing department revokes, the registry records it (checked by our own
 * eth_call), proofs and /verify say REVOKED from the chain; another department is refused and changes nothing;
 * revoking twice changes nothing. The revocation transaction is signed by the revocation key, which holds
 * REVOKER_ROLE and nothing else, while the anchoring key holds ANCHORER_ROLE only.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RevocationEndToEndTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    org.docanchor.gateway.chain.ChainClient chain;

    @Test
    void theIssuingDepartmentRevokes_theChainRecordsIt_andEveryoneSeesRevoked() throws Exception {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        org.docanchor.gateway.testing.Departments.register("REV-" + suffix, "Revoking department");
        org.docanchor.gateway.testing.Departments.register("OTH-" + suffix, "Other department");
        String key = apiKeys.issue("REV-" + suffix, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();
        String submitterOnly = apiKeys.issue("REV-" + suffix, List.of(Roles.SUBMITTER), null, null).key();
        String otherKey = apiKeys.issue("OTH-" + suffix, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();
        String digest = Digests.random();
        String replacement = Digests.random();
        for (String d : List.of(digest, replacement)) {
            given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                    .body(Map.of("digest", d, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        }
        String anchoredProof = awaitStatus(digest, "ANCHORED");

        // Another department may not revoke it, and nothing changes.
        assertProblem(revoke(otherKey, digest, Map.of("reason", "fraud")), 403, "not-your-document");
        assertProblem(revoke(submitterOnly, digest, Map.of("reason", "fraud")), 403, "forbidden");
        assertProblem(revoke(key, digest, Map.of("reason", "lost")), 400, "invalid-request");
        assertProblem(revoke(key, Digests.random(), Map.of("reason", "other")), 404, "unknown-digest");
        assertProblem(revoke(key, digest, Map.of("reason", "superseded", "replacement", Digests.random())), 400,
                "invalid-request");
        assertThat(Proofs.fetch(digest)).contains("\"status\":\"ANCHORED\"");

        String requestedAt = revoke(key, digest, Map.of("reason", "superseded", "replacement", replacement)).then()
                .statusCode(202).body("status", equalTo("PENDING")).body("reason", equalTo("superseded"))
                .body("replacement", equalTo(replacement)).extract().path("requestedAt");
        // A replay answers the stored revocation: the same reason and the very same requestedAt, to the digit.
        revoke(key, digest, Map.of("reason", "fraud")).then().statusCode(200).body("reason", equalTo("superseded"))
                .body("requestedAt", equalTo(requestedAt));

        // Until the registry records it, the proof says nothing of it (the chain decides); then status REVOKED.
        String revoked = awaitRevocationRecorded(digest);
        given().get("/api/v1/proofs/" + digest).then().body("status", equalTo("REVOKED"))
                .body("revocation.reason", equalTo("superseded"))
                .body("revocation.replacement.digest", equalTo(replacement))
                .body("revocation.replacementLeaf", startsWith("0x"))
                .body("revocation.revokedAt", startsWith("20"));

        // The chain, asked directly, holds the revocation.
        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            String registryAddress = given().get("/api/v1/network").then().extract().path("registry");
            AnchorRegistry registry = AnchorRegistry.load(registryAddress, web3j,
                    new ReadonlyTransactionManager(web3j, "0x0000000000000000000000000000000000000000"),
                    new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
            String leaf = io.restassured.path.json.JsonPath.from(Proofs.fetch(digest)).getString("leaf");
            assertThat(registry.isRevoked(HexFormat.of().parseHex(leaf.substring(2))).send()).isTrue();
            assertThat(registry.revocationOf(HexFormat.of().parseHex(leaf.substring(2))).send().component1())
                    .isEqualTo(BigInteger.ONE);

            // Signed by the revocation key, which holds REVOKER_ROLE only; the anchoring key anchors only.
            String anchorer = chain.signerAddress().orElseThrow();
            String revoker = chain.revokerAddress().orElseThrow();
            assertThat(revoker).isNotEqualToIgnoringCase(anchorer);
            byte[] revocationTx = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Revocation
                    .<Revocation>find("document.digest", HexFormat.of().parseHex(digest.substring(2))).singleResult().tx.hash);
            assertThat(web3j.ethGetTransactionByHash("0x" + HexFormat.of().formatHex(revocationTx)).send()
                    .getTransaction().orElseThrow().getFrom()).isEqualToIgnoringCase(revoker);
            assertThat(registry.hasRole(registry.REVOKER_ROLE().send(), revoker).send()).isTrue();
            assertThat(registry.hasRole(registry.ANCHORER_ROLE().send(), revoker).send()).isFalse();
            assertThat(registry.hasRole(registry.REVOKER_ROLE().send(), anchorer).send()).isFalse();
            assertThat(registry.hasRole(registry.ANCHORER_ROLE().send(), anchorer).send()).isTrue();
        } finally {
            web3j.shutdown();
        }

        // /verify reads the chain: the proof fetched before the revocation now says REVOKED too.
        for (String proof : List.of(anchoredProof, revoked)) {
            given().contentType(ContentType.JSON).body(proof).post("/api/v1/verify").then().statusCode(200)
                    .body("result", equalTo("REVOKED"))
                    .body("revocation.reason", equalTo("superseded"));
        }
        // So does the standalone verifier, with nothing but the proof and the node.
        assertThat(org.docanchor.gateway.testing.CliVerifier.run(anchoredProof, "--rpc", rpcUrl)).as("REVOKED")
                .isEqualTo(4);
        // A revocation without replacement goes on chain too.
        String withdrawn = Digests.random();
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("digest", withdrawn, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        String withdrawnProof = awaitStatus(withdrawn, "ANCHORED");
        revoke(key, withdrawn, Map.of("reason", "withdrawn")).then().statusCode(202);
        awaitRevocationRecorded(withdrawn);
        given().contentType(ContentType.JSON).body(withdrawnProof).post("/api/v1/verify").then()
                .body("result", equalTo("REVOKED")).body("revocation.reason", equalTo("withdrawn"));
        // The replacement itself is not revoked.
        given().contentType(ContentType.JSON).body(awaitStatus(replacement, "ANCHORED")).post("/api/v1/verify")
                .then().body("result", equalTo("VALID"));
    }

    private static io.restassured.response.Response revoke(String key, String digest, Map<String, String> body) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/documents/" + digest + "/revocation");
    }

    private static String awaitStatus(String digest, String status) throws InterruptedException {
        return org.docanchor.gateway.testing.Proofs.awaitStatus(digest, status);
    }

    private static String awaitRevocationRecorded(String digest) throws InterruptedException {
        return Proofs.awaitStatus(digest, "REVOKED");
    }
}
