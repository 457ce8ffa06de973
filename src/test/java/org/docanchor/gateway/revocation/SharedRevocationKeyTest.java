package org.docanchor.gateway.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The explicitly allowed shared key ({@code anchor.chain.allow-shared-revoker=true}): the anchoring key signs the
 * revocations too, from the one nonce sequence, and keeps both roles. Anchors and revocations interleave on it
 * without a burnt nonce: its mined nonce equals its anchoring plus revocation transactions.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = LocalStackTestResource.REVOKER, value = "shared"))
class SharedRevocationKeyTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    ChainClient chain;

    @Test
    void oneAllowedKeyAnchorsAndRevokes_fromOneNonceSequence() throws Exception {
        assertThat(chain.revokerAddress()).isEqualTo(chain.signerAddress());
        String signer = chain.signerAddress().orElseThrow();
        long nonceBefore = chain.minedNonce(signer);
        long batchesBefore = QuarkusTransaction.requiringNew().call(() -> Batch.count());
        Departments.register("SHARED", "Shared-key department");
        String key = apiKeys.issue("SHARED", List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();
        List<String> digests = List.of(Digests.random(), Digests.random(), Digests.random());
        for (String digest : digests) {
            given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                    .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then()
                    .statusCode(202);
            Proofs.awaitStatus(digest, "ANCHORED");
            given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                    .body(Map.of("reason", "withdrawn")).post("/api/v1/documents/" + digest + "/revocation").then()
                    .statusCode(202);
        }
        // More anchoring in between: the next batch and the revocations share the nonce sequence.
        String later = Digests.random();
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("digest", later, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        for (String digest : digests) {
            Proofs.awaitStatus(digest, "REVOKED");
        }
        Proofs.awaitStatus(later, "ANCHORED");

        Web3j web3j = Web3j.build(new HttpService(given().get("/api/v1/network").then().extract().<String>path("rpcUrl")));
        try {
            List<byte[]> revocationTxs = QuarkusTransaction.requiringNew().call(() -> Revocation.<Revocation>listAll()
                    .stream().map(r -> r.tx.hash).toList());
            for (byte[] tx : revocationTxs) {
                assertThat(web3j.ethGetTransactionByHash("0x" + HexFormat.of().formatHex(tx)).send().getTransaction()
                        .orElseThrow().getFrom()).isEqualToIgnoringCase(signer);
            }
            long distinctRevocationTxs = revocationTxs.stream().map(HexFormat.of()::formatHex).distinct().count();
            long batches = QuarkusTransaction.requiringNew().call(() -> Batch.count("status", Batch.Status.ANCHORED))
                    - batchesBefore;
            long nonce = web3j.ethGetTransactionCount(signer, DefaultBlockParameterName.LATEST).send()
                    .getTransactionCount().longValueExact();
            assertThat(batches).isPositive();
            assertThat(nonce - nonceBefore).as("this test's anchors + revocation transactions, nothing burnt")
                    .isEqualTo(batches + distinctRevocationTxs);

            AnchorRegistry registry = AnchorRegistry.load(chain.registryAddress(), web3j,
                    new ReadonlyTransactionManager(web3j, signer),
                    new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
            assertThat(registry.hasRole(registry.ANCHORER_ROLE().send(), signer).send()).isTrue();
            assertThat(registry.hasRole(registry.REVOKER_ROLE().send(), signer).send()).isTrue();
        } finally {
            web3j.shutdown();
        }
    }
}
