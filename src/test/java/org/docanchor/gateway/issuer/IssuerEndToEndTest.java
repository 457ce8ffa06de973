package org.docanchor.gateway.issuer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.revocation.RevocationSignature;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.signature.SignedMessage;
import org.junit.jupiter.api.Test;

/**
 * A department's whole life on the issuer registry, on anvil with the real contracts: registered and given a key
 * through the admin API, signed documents, a rotation, a key revoked as compromised from a past time, a signed and
 * an unsigned document revocation, a suspension dated back; then {@code POST /api/v1/verify} gives the verdicts of
 * docs/verification.md checks 15 and 16 for each document.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class IssuerEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ApiKeys apiKeys;

    @Inject
    ChainClient chain;

    private String admin;
    private String code;
    private String departmentKey;

    @Test
    void rotationCompromiseSignedRevocationAndSuspension_giveTheVerdictsOfChecks15And16() throws Exception {
        admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, "issuer e2e").key();
        code = "E2E-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        adminCall(Map.of("code", code, "nameZh", "民政局", "nameEn", "Civil Affairs Bureau"), "/departments")
                .then().statusCode(201);
        departmentKey = apiKeys.issue(code, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();

        // K1: documents must be signed from its validFrom on.
        KeyPair k1 = p256();
        ExtractableResponse<Response> first = adminCall(Map.of("pem", pem(k1)), "/departments/" + code + "/public-keys")
                .then().statusCode(201).extract();
        String k1Fingerprint = first.path("fingerprint");
        awaitTime(first.path("validFrom"));
        String a = Digests.random();
        submit(a, k1).then().statusCode(202);
        JsonNode proofA = JSON.readTree(Proofs.awaitStatus(a, "ANCHORED"));

        // Rotation: K2 from its validFrom, K1 superseded from the same time.
        KeyPair k2 = p256();
        ExtractableResponse<Response> rotation = adminCall(Map.of("pem", pem(k2)),
                "/departments/" + code + "/public-keys/" + k1Fingerprint + "/rotation").then().statusCode(200)
                .body("oldKey.revocationReason", equalTo("superseded")).extract();
        String k2Fingerprint = rotation.path("newKey.fingerprint");
        awaitTime(rotation.path("newKey.validFrom"));
        submit(Digests.random(), k1).then().statusCode(400).body("errors[0].pointer", equalTo("/signature"));
        String b = Digests.random();
        Instant bReceived = Instant.parse(submit(b, k2).then().statusCode(202).extract().path("receivedAt"));
        JsonNode proofB = JSON.readTree(Proofs.awaitStatus(b, "ANCHORED"));

        // K2 compromised from just before B was received: B, anchored after that, no longer counts as signed by D.
        Instant compromisedFrom = bReceived.truncatedTo(ChronoUnit.SECONDS);
        adminCall(Map.of("reason", "compromised", "effectiveAt", compromisedFrom.toString()),
                "/departments/" + code + "/public-keys/" + k2Fingerprint + "/revocation").then().statusCode(200)
                .body("revocationReason", equalTo("compromised"));
        // No key is valid now, and the department has signed before: its submissions wait for a new key.
        submit(Digests.random(), k2).then().statusCode(409)
                .body("type", equalTo("urn:anchor-gateway:problem:no-signing-key"));

        // K3, then: F and G signed with it; A revoked on a request signed with K3, G revoked unsigned.
        KeyPair k3 = p256();
        ExtractableResponse<Response> third = adminCall(Map.of("pem", pem(k3)), "/departments/" + code + "/public-keys")
                .then().statusCode(201).extract();
        String k3Fingerprint = third.path("fingerprint");
        awaitTime(third.path("validFrom"));
        // G anchored before F, in an earlier block: the suspension below, dated at F's block, leaves G out.
        String g = Digests.random();
        submit(g, k3).then().statusCode(202);
        Proofs.awaitStatus(g, "ANCHORED");
        String f = Digests.random();
        submit(f, k3).then().statusCode(202);
        JsonNode proofF = JSON.readTree(Proofs.awaitStatus(f, "ANCHORED"));
        assertThat(Instant.parse(proofF.get("blockTime").asText()))
                .isAfter(Instant.parse(JSON.readTree(Proofs.fetch(g)).get("blockTime").asText()));

        Hash32 leafA = Hash32.fromHex(proofA.get("leaf").asText());
        byte[] message = RevocationSignature.message(code, leafA, 3, new Hash32(new byte[32]));
        revoke(a, Map.of("reason", "withdrawn", "keyFingerprint", k3Fingerprint, "signature", sign(k1, message)))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/signature"));
        revoke(a, Map.of("reason", "withdrawn", "keyFingerprint", k2Fingerprint, "signature", sign(k2, message)))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/keyFingerprint"));
        revoke(a, Map.of("reason", "withdrawn", "keyFingerprint", k3Fingerprint, "signature", sign(k3, message)))
                .then().statusCode(202).body("signed", equalTo(true)).body("signedBy", equalTo(k3Fingerprint));
        revoke(g, Map.of("reason", "issued-in-error")).then().statusCode(202).body("signed", equalTo(false));
        JsonNode revokedA = JSON.readTree(Proofs.awaitStatus(a, "REVOKED"));
        Proofs.awaitStatus(g, "REVOKED");
        assertThat(chain.revocationSignerOf(leafA)).contains(Hash32.fromHex("0x" + k3Fingerprint.substring(7)));
        assertThat(chain.revocationSignerOf(Hash32.fromHex(JSON.readTree(Proofs.fetch(g)).get("leaf").asText())))
                .isEmpty();

        // Suspended from the moment F was anchored: F no longer verifies; the department's API keys stop working.
        Instant suspendedFrom = Instant.parse(proofF.get("blockTime").asText());
        given().header("Authorization", "Bearer " + admin)
                .post("/api/v1/admin/departments/" + code + "/suspend?from=" + suspendedFrom).then().statusCode(200)
                .body("status", equalTo("SUSPENDED"));
        submit(Digests.random(), k3).then().statusCode(401);

        verify(revokedA.toString()).body("result", equalTo("REVOKED")).body("revocation.signed", equalTo(true))
                .body("revocation.signedBy", equalTo(k3Fingerprint));
        verify(Proofs.fetch(g)).body("result", equalTo("REVOKED")).body("revocation.signed", equalTo(false));
        verify(proofB.toString()).body("result", equalTo("INVALID")).body("code", equalTo("signature-key-revoked"));
        verify(proofF.toString()).body("result", equalTo("INVALID")).body("code", equalTo("department-suspended"));
        // The issuer check itself, on a document the chain still ties to D: A's proof as anchored, before revocation
        // (check 15 passes with the department's registered names; check 16 then says REVOKED).
        verify(proofA.toString()).body("checks.find { it.name == 'issuer' }.code", equalTo("issuer-confirmed"))
                .body("issuer.department.nameEn", equalTo("Civil Affairs Bureau"))
                .body("issuer.key.fingerprint", startsWith("sha256:"));
    }

    private Response adminCall(Map<String, ?> body, String path) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(body)
                .post("/api/v1/admin" + path);
    }

    private Response submit(String digest, KeyPair key) throws Exception {
        String signature = sign(key, SignedMessage.bytes(code, Hash32.fromHex(digest), "sha256"));
        return given().header("Authorization", "Bearer " + departmentKey).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256", "signature", signature)).post("/api/v1/documents");
    }

    private Response revoke(String digest, Map<String, String> body) {
        return given().header("Authorization", "Bearer " + departmentKey).contentType(ContentType.JSON).body(body)
                .post("/api/v1/documents/" + digest + "/revocation");
    }

    private static io.restassured.response.ValidatableResponse verify(String proof) {
        return given().contentType(ContentType.JSON).body(proof).post("/api/v1/verify").then().statusCode(200);
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(KeyPair pair, byte[] message) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(pair.getPrivate());
        signature.update(message);
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private static void awaitTime(String iso) throws InterruptedException {
        Instant at = Instant.parse(iso);
        while (Instant.now().isBefore(at.plusMillis(200))) {
            Thread.sleep(100);
        }
    }
}
