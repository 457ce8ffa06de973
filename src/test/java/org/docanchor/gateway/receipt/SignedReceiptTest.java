package org.docanchor.gateway.receipt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.verifier.receipt.ReceiptExpectations;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptKeySet;
import org.docanchor.verifier.receipt.ReceiptVerification;
import org.docanchor.verifier.receipt.SignedReceipt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receipts the gateway answers are signed and verify under its published JWK set; the proof names the receipt;
 * {@code POST /api/v1/receipts/verify} checks both, and refuses what is not a receipt with a 400.
 */
@QuarkusTest
@WithTestResource(org.docanchor.gateway.testing.LocalStackTestResource.class)
class SignedReceiptTest {

    @Inject
    ApiKeys apiKeys;

    TestDepartment department;

    @BeforeEach
    void createDepartment() {
        department = Departments.create(apiKeys, "RCPT");
    }

    @Test
    void theReceiptIsSignedAndVerifiesUnderThePublishedKeys_withoutTheReference() throws Exception {
        String digest = Digests.random();
        Response accepted = submit(Map.of("digest", digest, "algorithm", "sha256", "reference", "Zhang San, permit 17"));
        accepted.then().statusCode(202);
        String jws = accepted.path("jws");

        Response jwks = given().get("/.well-known/jwks.json");
        jwks.then().statusCode(200).contentType("application/jwk-set+json")
                .header("Cache-Control", "public, max-age=3600");
        ReceiptKeySet keys = ReceiptKeySet.parse(jwks.asString());
        given().accept(ContentType.JSON).get("/.well-known/jwks.json").then().statusCode(200)
                .contentType(ContentType.JSON).body(equalTo(jwks.asString()));
        ReceiptVerification answer = ReceiptJws.verify(jws, keys, ReceiptExpectations.none());

        assertThat(answer.code()).as(answer.detail()).isEqualTo("receipt-valid");
        SignedReceipt receipt = answer.receipt();
        assertThat(receipt.id()).isEqualTo(accepted.path("id"));
        assertThat(receipt.digest()).isEqualTo(digest);
        assertThat(receipt.department()).isEqualTo(department.code());
        assertThat(receipt.receivedAt()).isEqualTo(accepted.path("receivedAt"));
        assertThat(receipt.chainId()).isNotNull();
        assertThat(receipt.registry()).isNotNull();
        assertThat(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8))
                .doesNotContain("Zhang").doesNotContain("reference");

        // Again: 200, the same payload, a new signature.
        String again = submit(Map.of("digest", digest, "algorithm", "sha256")).then().statusCode(200).extract()
                .path("jws");
        assertThat(again.split("\\.")[1]).isEqualTo(jws.split("\\.")[1]);
        assertThat(ReceiptJws.verify(again, keys, ReceiptExpectations.none()).valid()).isTrue();
    }

    @Test
    void theProofNamesTheReceipt_andTheGatewayChecksThemTogether() {
        String digest = Digests.random();
        Response accepted = submit(Map.of("digest", digest, "algorithm", "sm3"));
        String jws = accepted.path("jws");
        Map<String, Object> proof = given().get("/api/v1/proofs/" + digest).then().statusCode(200)
                .body("receiptId", equalTo(accepted.path("id"))).extract().as(Map.class);

        verify(Map.of("receipt", jws)).then().statusCode(200).body("result", equalTo("VALID"))
                .body("code", equalTo("receipt-valid")).body("receipt.id", equalTo(accepted.path("id")));
        verify(Map.of("receipt", jws, "proof", proof)).then().statusCode(200).body("code", equalTo("receipt-valid"));

        String other = Digests.random();
        submit(Map.of("digest", other, "algorithm", "sm3")).then().statusCode(202);
        Map<String, Object> otherProof = given().get("/api/v1/proofs/" + other).then().extract().as(Map.class);
        verify(Map.of("receipt", jws, "proof", otherProof)).then().statusCode(200)
                .body("result", equalTo("INVALID")).body("code", equalTo("receipt-mismatch"));
    }

    @Test
    void bulkReceiptsAreNotSigned_andADigestSubmittedAloneAgainGetsItsSignedReceipt() throws Exception {
        List<Map<String, String>> documents = List.of(Map.of("digest", Digests.random(), "algorithm", "sha256"),
                Map.of("digest", Digests.random(), "algorithm", "keccak256"));
        Response bulk = given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("documents", documents)).post("/api/v1/documents/bulk");
        bulk.then().statusCode(202);
        assertThat(bulk.<List<Object>>path("receipts.jws")).containsOnlyNulls();

        Response alone = submit(documents.get(1));
        alone.then().statusCode(200);
        ReceiptKeySet keys = ReceiptKeySet.parse(given().get("/.well-known/jwks.json").asString());
        ReceiptVerification answer = ReceiptJws.verify(alone.path("jws"), keys, ReceiptExpectations.none());
        assertThat(answer.valid()).as(answer.detail()).isTrue();
        assertThat(answer.receipt().id()).isEqualTo(bulk.path("receipts[1].id"));
        assertThat(answer.receipt().receivedAt()).isEqualTo(bulk.path("receipts[1].receivedAt"));
    }

    @Test
    void whatIsNotAReceiptIsA400() {
        String jws = submit(Map.of("digest", Digests.random(), "algorithm", "sha256")).path("jws");
        String[] parts = jws.split("\\.");
        assertProblem(given().contentType(ContentType.JSON).body("not json").post("/api/v1/receipts/verify"), 400,
                "malformed-json");
        assertProblem(verifyRaw("[]"), 400, "invalid-request");
        assertProblem(verifyRaw("{}"), 400, "invalid-request").body("errors[0].pointer", equalTo("/receipt"));
        assertProblem(verifyRaw("{\"receipt\": 42}"), 400, "invalid-request");
        assertProblem(verify(Map.of("receipt", jws, "extra", 1)), 400, "invalid-request")
                .body("errors[0].pointer", equalTo("/extra"));
        assertProblem(verify(Map.of("receipt", parts[0] + "." + parts[1])), 400, "invalid-request");
        assertProblem(verify(Map.of("receipt", "x".repeat(10_000))), 400, "invalid-request");
        assertProblem(verify(Map.of("receipt", jws, "proof", Map.of("version", 2))), 400, "invalid-request");
        assertProblem(verify(Map.of("receipt", jws, "proof", "a string")), 400, "invalid-request");
        // Well-formed but refused: a verdict, not an error.
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(
                StandardCharsets.US_ASCII)) + "." + parts[1] + ".";
        verify(Map.of("receipt", none)).then().statusCode(200).body("result", equalTo("INVALID"))
                .body("code", equalTo("receipt-algorithm-refused"));
    }

    private Response submit(Map<String, String> body) {
        return given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/documents");
    }

    private static Response verify(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/receipts/verify");
    }

    private static Response verifyRaw(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/receipts/verify");
    }
}
