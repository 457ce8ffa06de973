package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.docanchor.verifier.signature.SignedMessage;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * A department that registered a signing key must sign its submissions; the signature travels in the proof and
 * /verify checks it. Keys here come from the JDK's own provider, not the gateway's Bouncy Castle.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SignedSubmissionTest {

    @Inject
    ApiKeys apiKeys;

    @Test
    void aSigningDepartmentsSubmissionsMustBeSigned_andTheProofCarriesTheSignature() throws Exception {
        String code = "SIGN-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        org.docanchor.gateway.testing.Departments.register(code, "Signing department");
        String key = apiKeys.issue(code, List.of(Roles.SUBMITTER), null, null).key();
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> registered = given()
                .header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("pem", pem)).post("/api/v1/admin/departments/" + code + "/public-keys")
                .then().statusCode(201).body("algorithm", equalTo("ecdsa-p256"))
                .body("fingerprint", startsWith("sha256:")).extract();
        String fingerprint = registered.path("fingerprint");
        // The chain dates a new key a few seconds ahead: it signs for the department from then on.
        awaitTime(registered.path("validFrom"));

        String digest = Digests.random();
        assertProblem(submit(key, Map.of("digest", digest, "algorithm", "sha256")), 400, "invalid-request")
                .body("errors[0].pointer", equalTo("/signature"));
        String otherDepartmentsMessage = sign(pair, "OTHER", digest, "sha256");
        assertProblem(submit(key, Map.of("digest", digest, "algorithm", "sha256", "signature", otherDepartmentsMessage)),
                400, "invalid-request").body("errors[0].detail", startsWith("does not verify"));
        submit(key, Map.of("digest", digest, "algorithm", "sha256", "signature", sign(pair, code, digest, "sha256")))
                .then().statusCode(202);

        String body = org.docanchor.gateway.testing.Proofs.awaitStatus(digest, "ANCHORED");
        ObjectNode proof = (ObjectNode) new ObjectMapper().readTree(body);
        org.assertj.core.api.Assertions.assertThat(proof.at("/signature/publicKeyFingerprint").asText()).isEqualTo(fingerprint);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/verify").then()
                .body("result", equalTo("VALID"));
        ObjectNode forged = proof.deepCopy();
        ((ObjectNode) forged.get("signature")).put("value", sign(pair, code, Digests.random(), "sha256"));
        given().contentType(ContentType.JSON).body(forged.toString()).post("/api/v1/verify").then()
                .body("result", equalTo("INVALID"));

        String retiredFrom = given().header("Authorization", "Bearer " + admin)
                .delete("/api/v1/admin/departments/" + code + "/public-keys/" + fingerprint).then().statusCode(200)
                .body("revocationReason", equalTo("superseded")).extract().path("revokedAt");
        awaitTime(retiredFrom);
        given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/departments/" + code).then()
                .statusCode(200).body("signaturesRequired", equalTo(true));
        // Revoking the last key does not turn signing off: a stolen API key cannot submit unsigned documents.
        String unsigned = Digests.random();
        assertProblem(submit(key, Map.of("digest", unsigned, "algorithm", "sha256")), 409, "no-signing-key");
        assertProblem(submit(key, Map.of("digest", unsigned, "algorithm", "sha256", "signature",
                sign(pair, code, unsigned, "sha256"))), 409, "no-signing-key");
        // A revoked key stays revoked: registering it again is refused.
        assertProblem(given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("pem", pem)).post("/api/v1/admin/departments/" + code + "/public-keys"), 409, "key-exists");
        given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/departments/" + code + "/public-keys")
                .then().statusCode(200).body("[0].revokedAt", equalTo(retiredFrom));

        // Only an administrator turns the requirement off, with a boolean, and the audit log says so.
        for (String notABoolean : List.of("\"false\"", "0", "null")) {
            assertProblem(policy(admin, code, "{\"signaturesRequired\":" + notABoolean + "}"), 400, "invalid-request")
                    .body("errors[0].pointer", equalTo("/signaturesRequired"));
        }
        assertProblem(policy(admin, code, "{}"), 400, "invalid-request");
        policy(admin, code, "{\"signaturesRequired\":false}").then().statusCode(200)
                .body("signaturesRequired", equalTo(false));
        given().header("Authorization", "Bearer " + admin).get("/api/v1/audit?limit=500")
                .then().statusCode(200).body("events.findAll { it.action == 'department.signature-policy' }.target",
                        org.hamcrest.Matchers.hasItem(code));
        submit(key, Map.of("digest", unsigned, "algorithm", "sha256")).then().statusCode(202);
    }

    private static io.restassured.response.Response policy(String admin, String code, String body) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(body)
                .put("/api/v1/admin/departments/" + code + "/signature-policy");
    }

    static void awaitTime(String iso) throws InterruptedException {
        java.time.Instant at = java.time.Instant.parse(iso);
        while (java.time.Instant.now().isBefore(at.plusMillis(200))) {
            Thread.sleep(100);
        }
    }

    private static String sign(KeyPair pair, String department, String digest, String algorithm) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(pair.getPrivate());
        signature.update(SignedMessage.bytes(department, Hash32.fromHex(digest), algorithm));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private static io.restassured.response.Response submit(String key, Map<String, String> body) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/documents");
    }
}
