package org.docanchor.gateway.issuer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * The admin API writes departments and keys to the real issuer registry on anvil and answers from the database once
 * the follower applied the events; emptied, the issuer tables come back from the chain's events alone.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class IssuerFollowerTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    IssuerFollower follower;

    @Inject
    ChainClient chain;

    @Test
    void adminChangesGoOnChain_andAnEmptiedDatabaseIsRebuiltFromTheEvents() throws Exception {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, "issuer test").key();
        String code = "CA-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "民政局", "nameEn", "Civil Affairs Bureau"))
                .post("/api/v1/admin/departments").then().statusCode(201)
                .body("status", equalTo("ACTIVE")).body("onChain.nameZh", equalTo("民政局"))
                .body("onChain.nameEn", equalTo("Civil Affairs Bureau"));
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Again")).post("/api/v1/admin/departments").then()
                .statusCode(409).body("type", equalTo("urn:anchor-gateway:problem:department-exists"));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String fingerprint = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("pem", pem)).post("/api/v1/admin/departments/" + code + "/public-keys").then()
                .statusCode(201).extract().path("fingerprint");
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("nameZh", "民政厅", "nameEn", "Civil Affairs Department"))
                .post("/api/v1/admin/departments/" + code + "/names").then().statusCode(200)
                .body("name", equalTo("Civil Affairs Department")).body("nameZh", equalTo("民政厅"));
        given().header("Authorization", "Bearer " + admin).post("/api/v1/admin/departments/" + code + "/suspend")
                .then().statusCode(200).body("status", equalTo("SUSPENDED"));
        given().header("Authorization", "Bearer " + admin).post("/api/v1/admin/departments/" + code + "/activate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"))
                .body("onChain.statusHistory.active", equalTo(List.of(true, false, true)));
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("reason", "compromised"))
                .post("/api/v1/admin/departments/" + code + "/public-keys/" + fingerprint + "/revocation").then()
                .statusCode(200).body("revocationReason", equalTo("compromised"));
        given().header("Authorization", "Bearer " + admin).get("/api/v1/audit?limit=50").then().statusCode(200)
                .body("events.findAll { it.target == '" + code + "' }.action", hasItems("department.register",
                        "public-key.register", "department.rename", "department.suspend", "department.reinstate",
                        "public-key.revoke"));

        String before = snapshot();
        assertThat(before).contains(code, fingerprint, "compromised", "民政厅");
        String registry = chain.issuerRegistryAddress().orElseThrow();
        QuarkusTransaction.requiringNew().run(() -> follower.reset(registry, chain.issuerRegistryFromBlock()));
        assertThat(snapshot()).doesNotContain(code);
        follower.catchUp();
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Every row of the issuer tables, in a fixed order, as text. */
    private static String snapshot() {
        return QuarkusTransaction.requiringNew().call(() -> List.of(
                        "select code, name_zh, name_en, registered_at, block_number from issuer_department order by code",
                        "select code, position, active, from_at, block_number from issuer_department_status "
                                + "order by code, position",
                        "select code, fingerprint, algorithm, encode(spki, 'hex'), valid_from, registered_at, "
                                + "revocation_reason, effective_at, revoked_at, block_number from issuer_key "
                                + "order by code, fingerprint",
                        "select code, doc_type from issuer_document_type order by code, doc_type").stream()
                .map(sql -> ((List<?>) Panache.getEntityManager().createNativeQuery(sql).getResultList()).stream()
                        .map(row -> row instanceof Object[] cells ? java.util.Arrays.toString(cells) : String.valueOf(row))
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n--\n")));
    }
}
