package org.docanchor.gateway.issuer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.verifier.testing.TestRpc;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The production default: the gateway holds no issuer-admin key, so the admin API prepares the unsigned
 * transaction; the accrediting body (here anvil's first unlocked account, named admin of the issuer registry the
 * gateway deployed) sends it as prepared, and the follower brings the department into the database from its event.
 */
@QuarkusTest
@WithTestResource(PreparedIssuerChangesTest.NoIssuerAdminKey.class)
class PreparedIssuerChangesTest {

    /** Anvil's first development account: unlocked on the node, so eth_sendTransaction signs for it. */
    static final String ACCREDITOR = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    /** The usual real stack, without an issuer-admin key file and with the accreditor as the issuer registry's admin. */
    public static class NoIssuerAdminKey extends LocalStackTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.remove("anchor.chain.issuer-admin.key-file");
            config.put("anchor.chain.issuer-registry-admin", ACCREDITOR);
            return config;
        }
    }

    @Inject
    ApiKeys apiKeys;

    @ConfigProperty(name = "anchor.chain.public-rpc-url")
    String rpcUrl;

    @Test
    void withoutTheIssuerAdminKeyADepartmentIsPrepared_andAppearsOnceTheAccreditorSendsIt() throws Exception {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, "prepared test").key();
        String code = "PR-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();

        JsonPath answer = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "市场监督管理局", "nameEn", "Market Regulation Bureau"))
                .post("/api/v1/admin/departments").then().statusCode(202)
                .body("status", equalTo("prepared"))
                .body("transactions.size()", equalTo(1))
                .body("transactions[0].function", equalTo("registerDepartment"))
                .body("transactions[0].data", startsWith("0x"))
                .body("transactions[0].cast", startsWith("cast send "))
                .extract().jsonPath();
        // Prepared is not applied: nothing went on chain and the database does not have the department.
        given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/departments/" + code).then()
                .statusCode(404);

        TestRpc rpc = new TestRpc(rpcUrl);
        String txHash = rpc.call("eth_sendTransaction", Map.of("from", ACCREDITOR,
                "to", answer.getString("transactions[0].to"), "data", answer.getString("transactions[0].data")))
                .asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/departments/" + code)
                    .statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        assertThat(rpc.call("eth_getTransactionReceipt", txHash).path("status").asText()).isEqualTo("0x1");
        assertThat(status).as("the department once the accreditor's transaction is mined").isEqualTo(200);
        given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/departments/" + code).then()
                .body("onChain.nameZh", equalTo("市场监督管理局"))
                .body("onChain.nameEn", equalTo("Market Regulation Bureau"));
    }
}
