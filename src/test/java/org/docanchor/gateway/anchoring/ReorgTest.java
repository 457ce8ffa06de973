package org.docanchor.gateway.anchoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.intake.Document;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * Finality with a confirmation depth (for chains without BFT finality): the anchoring transaction is mined, then
 * its block is reorganised away before it is deep enough. The batch must not be reported ANCHORED in the dropped
 * block; it is anchored again under the same batch id, and its proof names the new, canonical block.
 */
@QuarkusTest
@TestProfile(ReorgTest.FiveConfirmations.class)
@WithTestResource(LocalStackTestResource.class)
class ReorgTest {

    /** Five blocks on top of the receipt's block before a batch counts as anchored. */
    public static class FiveConfirmations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anchor.chain.confirmations", "5");
        }
    }

    @Inject
    ApiKeys apiKeys;

    @Test
    void aReorganisedReceiptIsNotFinal_andTheBatchIsAnchoredAgainUnderTheSameId() throws Exception {
        TestDepartment department = Departments.create(apiKeys, "REORG");
        String digest = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);

        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        HttpService service = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(service);
        try {
            // Wait for the anchoring transaction to be mined (but not yet 5 deep).
            long batchId = 0;
            TransactionReceipt first = null;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (first == null && Instant.now().isBefore(deadline)) {
                Batch batch = QuarkusTransaction.requiringNew().call(() -> {
                    Document document = Document.find("digest", HexFormat.of().parseHex(digest.substring(2))).firstResult();
                    return Batch.containing(document.seq);
                });
                if (batch != null && batch.tx != null) {
                    batchId = batch.id;
                    Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(
                            batch.tx.hashHex()).send().getTransactionReceipt();
                    first = receipt.orElse(null);
                }
                Thread.sleep(100);
            }
            assertThat(first).as("anchoring transaction mined").isNotNull();
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            long minedIn = first.getBlockNumber().longValueExact();
            assertThat(head - minedIn).as("still short of 5 confirmations").isLessThan(5);
            long id = batchId;
            assertThat(QuarkusTransaction.requiringNew().call(() -> Batch.<Batch>findById(id).status))
                    .isNotEqualTo(Batch.Status.ANCHORED);

            // Replace every block from the one holding the transaction with empty blocks.
            VoidResponse reorg = new Request<>("anvil_reorg", List.of(head - minedIn + 1, List.of()), service,
                    VoidResponse.class).send();
            assertThat(reorg.hasError()).as("anvil_reorg: %s", reorg.getError() == null ? "" : reorg.getError().getMessage())
                    .isFalse();
            assertThat(web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                    first.getBlockNumber()), false).send().getBlock().getHash()).isNotEqualTo(first.getBlockHash());

            Instant until = Instant.now().plus(Duration.ofSeconds(60));
            Batch anchored = null;
            while (Instant.now().isBefore(until)) {
                anchored = QuarkusTransaction.requiringNew().call(() -> Batch.<Batch>findById(id));
                if (anchored.status == Batch.Status.ANCHORED) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(anchored.status).isEqualTo(Batch.Status.ANCHORED);
            assertThat("0x" + HexFormat.of().formatHex(anchored.blockHash)).isNotEqualTo(first.getBlockHash());
            String body = given().get("/api/v1/proofs/" + digest).then().statusCode(200)
                    .body("status", equalTo("ANCHORED")).body("batchId", equalTo((int) id)).extract().asString();
            given().contentType(ContentType.JSON).body(body).post("/api/v1/verify").then()
                    .body("result", equalTo("VALID"));
        } finally {
            web3j.shutdown();
        }
    }
}
