package org.docanchor.gateway.chain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * A role granted and revoked on the anchor registry (by its admin, impersonated on anvil) shows in the metric the
 * RegistryRolesChanged alert watches, one count per event.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RoleWatchTest {

    @Test
    void aRoleGrantedAndRevokedIsCountedForTheAlert() throws Exception {
        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        String registryAddress = given().get("/api/v1/network").then().extract().path("registry");
        HttpService service = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(service);
        try {
            AnchorRegistry registry = AnchorRegistry.load(registryAddress, web3j,
                    new ReadonlyTransactionManager(web3j, registryAddress), new StaticGasProvider(BigInteger.ZERO,
                            BigInteger.valueOf(500_000)));
            String admin = registry.defaultAdmin().send();
            byte[] role = registry.ANCHORER_ROLE().send();
            String stranger = Credentials.create(Keys.createEcKeyPair()).getAddress();
            // Let the watcher start from a block before the changes.
            awaitMetric("RoleGranted", 0, Duration.ofSeconds(10));
            double granted = metric("RoleGranted");
            double revoked = metric("RoleRevoked");

            send(service, web3j, admin, registryAddress, registry.grantRole(role, stranger).encodeFunctionCall());
            send(service, web3j, admin, registryAddress, registry.revokeRole(role, stranger).encodeFunctionCall());

            assertThat(awaitMetric("RoleGranted", granted + 1, Duration.ofSeconds(30))).isEqualTo(granted + 1);
            assertThat(awaitMetric("RoleRevoked", revoked + 1, Duration.ofSeconds(30))).isEqualTo(revoked + 1);
            assertThat(registry.hasRole(role, stranger).send()).isFalse();
        } finally {
            web3j.shutdown();
        }
    }

    private static void send(HttpService service, Web3j web3j, String from, String to, String data) throws Exception {
        VoidResponse impersonated = new Request<>("anvil_impersonateAccount", List.of(from), service,
                VoidResponse.class).send();
        assertThat(impersonated.hasError()).isFalse();
        var sent = web3j.ethSendTransaction(Transaction.createFunctionCallTransaction(from, null, BigInteger.ZERO,
                BigInteger.valueOf(200_000), to, data)).send();
        assertThat(sent.hasError()).as("%s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        Instant deadline = Instant.now().plusSeconds(30);
        while (web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().isEmpty()) {
            assertThat(Instant.now()).as("mined").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().get()
                .isStatusOK()).isTrue();
    }

    private static double awaitMetric(String event, double atLeast, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        double value = metric(event);
        while (value < atLeast && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            value = metric(event);
        }
        Thread.sleep(6_000); // one more watch round: a second count would show
        return metric(event);
    }

    private static double metric(String event) {
        String exported = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("anchor_registry_role_events_total\\{event=\"" + event
                + "\",registry=\"anchor\"} ([0-9.eE+-]+)").matcher(exported);
        assertThat(m.find()).as("metric for %s exported", event).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
