package org.docanchor.gateway.proof;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.TcpProxy;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The whole path on real parts: submit to the gateway, wait for ANCHORED, check the proof on chain with our own
 * eth_call (not through the gateway), then verify through the gateway: VALID, INVALID when any byte changes,
 * UNDETERMINED when the gateway cannot reach its node.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class AnchoringEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ApiKeys apiKeys;

    /** Between the gateway and anvil; injected by the test resource. */
    TcpProxy chainLink;

    TestDepartment department;

    @BeforeEach
    void setUp() {
        department = Departments.create(apiKeys, "E2E");
        chainLink.restore();
    }

    @Test
    void submittedDocumentsGetAProofThatVerifiesOnChainAndThroughTheGateway() throws Exception {
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            digests.add(Digests.random());
        }
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("documents", digests.subList(0, 4).stream()
                        .map(d -> Map.of("digest", d, "algorithm", "sha256")).toList()))
                .post("/api/v1/documents/bulk").then().statusCode(202);
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digests.get(4), "algorithm", "sm3"))
                .post("/api/v1/documents").then().statusCode(202);

        for (String digest : digests) {
            ObjectNode proof = awaitAnchored(digest);
            assertThat(proof.get("department").asText()).isEqualTo(department.code());
            assertThat(proof.get("chainId").asLong()).isEqualTo(1337);
            assertThat(proof.get("leafEncoding").toString()).isEqualTo("[\"bytes32\",\"string\",\"string\"]");

            assertThat(onChainVerifyInclusion(proof)).as("verifyInclusion by eth_call for %s", digest).isTrue();

            verify(proof).then().statusCode(200).body("result", equalTo("VALID"));
        }
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digests.get(0), "algorithm", "sha256"))
                .post("/api/v1/documents").then().statusCode(200).body("status", equalTo("ANCHORED"));
    }

    @Test
    void anyChangedByteMakesTheProofInvalid() throws Exception {
        String digest = Digests.random();
        // Four documents in one request are sealed into one batch: every leaf has a path of two to tamper with
        // (in a batch of three, one leaf sits one level up, wherever sorting puts it).
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(digest, Digests.random(), Digests.random(), Digests.random()).stream()
                        .map(d -> Map.of("digest", d, "algorithm", "sha256")).toList()))
                .post("/api/v1/documents/bulk").then().statusCode(202);
        ObjectNode proof = awaitAnchored(digest);
        verify(proof).then().body("result", equalTo("VALID"));

        for (String field : List.of("digest", "leaf", "root", "blockHash")) {
            ObjectNode tampered = proof.deepCopy();
            tampered.put(field, flipLastByte(proof.get(field).asText()));
            verify(tampered).then().statusCode(200).body("result", equalTo("INVALID"));
        }
        ArrayNode path = (ArrayNode) proof.get("path");
        assertThat(path.size()).as("a batch of four or more has a path of two or more").isGreaterThanOrEqualTo(2);
        for (int i = 0; i < path.size(); i++) {
            ObjectNode tampered = proof.deepCopy();
            ((ArrayNode) tampered.get("path")).set(i, flipLastByte(path.get(i).asText()));
            verify(tampered).then().statusCode(200).body("result", equalTo("INVALID"));
        }
        ObjectNode otherDepartment = proof.deepCopy();
        otherDepartment.put("department", "SOMEONE-ELSE");
        verify(otherDepartment).then().body("result", equalTo("INVALID")).body("code", equalTo("leaf-mismatch"));
        ObjectNode otherAlgorithm = proof.deepCopy();
        otherAlgorithm.put("algorithm", "sha3-256");
        verify(otherAlgorithm).then().body("result", equalTo("INVALID")).body("code", equalTo("leaf-mismatch"));
        ObjectNode otherBatch = proof.deepCopy();
        otherBatch.put("batchId", proof.get("batchId").asLong() + 1000);
        verify(otherBatch).then().body("result", equalTo("INVALID"));
    }

    /** The proof carries the anchoring block's header and the state proof, and every verifier checks them. */
    @Test
    void anchoredProofCarriesHeaderAndStateProof_whichVerify() throws Exception {
        String digest = Digests.random();
        submit(digest);
        ObjectNode proof = (ObjectNode) JSON.readTree(org.docanchor.gateway.testing.Proofs.awaitFragment(digest,
                "\"anchorProof\""));
        assertThat(proof.get("consensus").asText()).isEqualTo("none");
        verify(proof).then().statusCode(200).body("result", equalTo("VALID"))
                .body("checks.find { it.name == 'header' }.code", equalTo("header-matches"))
                .body("checks.find { it.name == 'seals' }.code", equalTo("no-seals"))
                .body("checks.find { it.name == 'state-proof' }.code", equalTo("anchor-proven"))
                .body("checks.find { it.name == 'transaction' }.code", equalTo("transaction-matches"));
        ObjectNode otherBatch = proof.deepCopy();
        otherBatch.put("batchId", proof.get("batchId").asLong() + 1);
        verify(otherBatch).then().body("result", equalTo("INVALID")).body("code", equalTo("state-proof-invalid"));
    }

    @Test
    void unreachableChainIsUndetermined_andIntakeKeepsAccepting() throws Exception {
        String digest = Digests.random();
        submit(digest);
        ObjectNode proof = awaitAnchored(digest);

        chainLink.cut();
        try {
            verify(proof).then().statusCode(200)
                    .body("result", equalTo("UNDETERMINED"))
                    .body("code", equalTo("chain-unreachable"));
            String whileDown = Digests.random();
            submit(whileDown);
            String pending = org.docanchor.gateway.testing.Proofs.fetch(whileDown);
            assertThat(pending).contains("\"status\":\"PENDING\"", "\"expectedAnchoringBy\"");
            // A pending document is a verdict of its own, with or without the chain.
            given().contentType(ContentType.JSON).body(pending).post("/api/v1/verify").then().statusCode(200)
                    .body("result", equalTo("PENDING")).body("pending.expectedAnchoringBy", notNullValue());
            chainLink.restore();
            ObjectNode later = awaitAnchored(whileDown);
            verify(later).then().body("result", equalTo("VALID"));
        } finally {
            chainLink.restore();
        }
    }

    /** The standalone verifier (contracts-solidity/scripts/verify-proof.cjs) needs only the proof and a node. */
    @Test
    void commandLineVerifierAgreesWithoutTheGateway() throws Exception {
        String digest = Digests.random();
        submit(digest);
        submit(Digests.random());
        ObjectNode proof = awaitAnchored(digest);
        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        String registry = proof.get("registry").asText();

        assertThat(runVerifier(proof, "--rpc", rpcUrl, "--registry", registry)).isEqualTo(0);
        ObjectNode tampered = proof.deepCopy();
        tampered.put("root", flipLastByte(proof.get("root").asText()));
        assertThat(runVerifier(tampered, "--rpc", rpcUrl)).as("INVALID").isEqualTo(1);
        assertThat(runVerifier(proof, "--rpc", rpcUrl, "--registry", "0x" + "00".repeat(19) + "01"))
                .as("INVALID: not the trusted registry").isEqualTo(1);
        assertThat(runVerifier(proof, "--rpc", "http://127.0.0.1:" + closedPort())).as("UNDETERMINED").isEqualTo(3);
    }

    private static int runVerifier(ObjectNode proof, String... args) throws Exception {
        return org.docanchor.gateway.testing.CliVerifier.run(proof.toString(), args);
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void proofLookupErrors() {
        assertProblem(given().get("/api/v1/proofs/" + Digests.random()), 404, "unknown-digest");
        assertProblem(given().get("/api/v1/proofs/0x1234"), 400, "invalid-digest");
        assertProblem(given().contentType(ContentType.JSON).body("{\"digest\":\"0x12\",\"path\":[]}")
                .post("/api/v1/verify"), 400, "invalid-request");
    }

    @Test
    void networkNamesTheChainAndRegistry() {
        given().get("/api/v1/network").then().statusCode(200)
                .body("chainId", equalTo(1337))
                .body("registry", org.hamcrest.Matchers.matchesPattern("0x[0-9a-fA-F]{40}"))
                .body("rpcUrl", org.hamcrest.Matchers.startsWith("http://127.0.0.1:"));
    }

    private void submit(String digest) {
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256"))
                .post("/api/v1/documents").then().statusCode(202);
    }

    private static Response verify(ObjectNode proof) {
        return given().contentType(ContentType.JSON).body(proof.toString()).post("/api/v1/verify");
    }

    private static ObjectNode awaitAnchored(String digest) throws Exception {
        return (ObjectNode) JSON.readTree(org.docanchor.gateway.testing.Proofs.awaitStatus(digest, "ANCHORED"));
    }

    /** Asks the registry directly through the public RPC URL the gateway publishes, bypassing the gateway. */
    private static boolean onChainVerifyInclusion(ObjectNode proof) throws Exception {
        String rpcUrl = given().get("/api/v1/network").then().extract().path("rpcUrl");
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            AnchorRegistry registry = AnchorRegistry.load(proof.get("registry").asText(), web3j,
                    new ReadonlyTransactionManager(web3j, Credentials.create("0x1").getAddress()),
                    new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
            List<byte[]> path = new ArrayList<>();
            proof.get("path").forEach(node -> path.add(bytes(node.asText())));
            byte[] root = bytes(proof.get("root").asText());
            assertThat(registry.rootOf(BigInteger.valueOf(proof.get("batchId").asLong())).send()).isEqualTo(root);
            return registry.verifyInclusion(path, root, bytes(proof.get("leaf").asText())).send();
        } finally {
            web3j.shutdown();
        }
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.substring(2));
    }

    private static String flipLastByte(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}
