package org.docanchor.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DocumentIntakeTest {

    @Inject
    ApiKeys apiKeys;

    TestDepartment department;

    @BeforeEach
    void createDepartment() {
        department = Departments.create(apiKeys, "INTAKE");
    }

    @Test
    void submit_answers202WithAReceiptAlreadyInTheDatabase() {
        String digest = Digests.random();
        Response response = submit(Map.of("digest", digest, "algorithm", "sha256", "reference", "permit 17/2026"));

        response.then().statusCode(202).contentType(ContentType.JSON)
                .body("digest", equalTo(digest))
                .body("algorithm", equalTo("sha256"))
                .body("department", equalTo(department.code()))
                .body("reference", equalTo("permit 17/2026"))
                .body("status", equalTo("PENDING"))
                .body("receivedAt", not(equalTo(null)));
        UUID id = UUID.fromString(response.path("id"));
        Document stored = QuarkusTransaction.requiringNew().call(() -> Document.findById(id));
        assertThat(stored).isNotNull();
        assertThat("0x" + HexFormat.of().formatHex(stored.digest)).isEqualTo(digest);
        assertThat(stored.department.code).isEqualTo(department.code());
    }

    @Test
    void submit_sameDigestAgain_answers200WithTheSameReceiptAndNoSecondRow() {
        String digest = Digests.random();
        String id = submit(Map.of("digest", digest, "algorithm", "sm3")).then().statusCode(202).extract().path("id");
        String upper = "0x" + digest.substring(2).toUpperCase();

        submit(Map.of("digest", upper, "algorithm", "sm3")).then().statusCode(200)
                .body("id", equalTo(id)).body("digest", equalTo(digest));

        long rows = QuarkusTransaction.requiringNew().call(() ->
                Document.count("digest", HexFormat.of().parseHex(digest.substring(2))));
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void submit_sameDigestFromAnotherDepartment_isASeparateDocument() {
        String digest = Digests.random();
        TestDepartment other = Departments.create(apiKeys, "OTHER");
        String first = submit(Map.of("digest", digest, "algorithm", "sha256")).then().statusCode(202)
                .extract().path("id");
        String second = given().header("Authorization", "Bearer " + other.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents")
                .then().statusCode(202).body("department", equalTo(other.code())).extract().path("id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void submit_sameDigestWithAnotherAlgorithm_isAConflict() {
        String digest = Digests.random();
        submit(Map.of("digest", digest, "algorithm", "sha256")).then().statusCode(202);
        assertProblem(submit(Map.of("digest", digest, "algorithm", "keccak256")), 409, "algorithm-mismatch")
                .body("detail", containsString("already registered by this department as sha256"));
    }

    @Test
    void bulk_storesEveryItemInOneGo_inRequestOrder() {
        String a = Digests.random();
        String b = Digests.random();
        String existing = Digests.random();
        String existingId = submit(Map.of("digest", existing, "algorithm", "sha3-256")).then().statusCode(202)
                .extract().path("id");

        Response response = bulk(List.of(
                Map.of("digest", a, "algorithm", "sha256"),
                Map.of("digest", existing, "algorithm", "sha3-256"),
                Map.of("digest", b, "algorithm", "keccak256", "reference", "r-b"),
                Map.of("digest", a, "algorithm", "sha256")));

        response.then().statusCode(202)
                .body("created", equalTo(2))
                .body("receipts", hasSize(4))
                .body("receipts[0].digest", equalTo(a))
                .body("receipts[1].id", equalTo(existingId))
                .body("receipts[2].reference", equalTo("r-b"))
                .body("receipts[2].algorithm", equalTo("keccak256"));
        assertThat(response.<String>path("receipts[3].id")).isEqualTo(response.<String>path("receipts[0].id"));
    }

    @Test
    void bulk_oneInvalidItem_storesNothing() {
        String good = Digests.random();
        assertProblem(bulk(List.of(
                        Map.of("digest", good, "algorithm", "sha256"),
                        Map.of("digest", "0x1234", "algorithm", "sha256"),
                        Map.of("digest", Digests.random(), "algorithm", "md5"))), 400, "invalid-request")
                .body("errors", hasSize(2))
                .body("errors[0].pointer", equalTo("/documents/1/digest"))
                .body("errors[0].detail", containsString("got 4"))
                .body("errors[1].pointer", equalTo("/documents/2/algorithm"));
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                Document.count("digest", HexFormat.of().parseHex(good.substring(2))))).isZero();
    }

    @Test
    void bulk_acceptsTenThousandItems_andRefusesOneMore() {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            items.add(Map.of("digest", Digests.random(), "algorithm", "sha256"));
        }
        bulk(items).then().statusCode(202).body("created", equalTo(10_000)).body("receipts", hasSize(10_000));

        items.add(Map.of("digest", Digests.random(), "algorithm", "sha256"));
        assertProblem(bulk(items), 400, "invalid-request")
                .body("errors[0].pointer", equalTo("/documents"))
                .body("errors[0].detail", containsString("got 10001"));
    }

    @Test
    void bulk_emptyOrMissingList_isRefused() {
        assertProblem(bulk(List.of()), 400, "invalid-request").body("errors[0].pointer", equalTo("/documents"));
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body("{}").post("/api/v1/documents/bulk"), 400, "invalid-request");
    }

    static Stream<Arguments> badBodies() {
        String hex64 = "ab".repeat(32);
        return Stream.of(
                Arguments.of("no 0x prefix", "{\"digest\":\"" + hex64 + "\",\"algorithm\":\"sha256\"}", "/digest", "start with 0x"),
                Arguments.of("too short", "{\"digest\":\"0x" + hex64.substring(2) + "\",\"algorithm\":\"sha256\"}", "/digest", "got 62"),
                Arguments.of("too long", "{\"digest\":\"0x" + hex64 + "00\",\"algorithm\":\"sha256\"}", "/digest", "got 66"),
                Arguments.of("not hex", "{\"digest\":\"0x" + hex64.substring(1) + "g\",\"algorithm\":\"sha256\"}", "/digest", "not a hex digit"),
                Arguments.of("full-width digit", "{\"digest\":\"0x" + hex64.substring(1) + "\uff11\",\"algorithm\":\"sha256\"}", "/digest", "not a hex digit"),
                Arguments.of("empty digest", "{\"digest\":\"\",\"algorithm\":\"sha256\"}", "/digest", "start with 0x"),
                Arguments.of("missing digest", "{\"algorithm\":\"sha256\"}", "/digest", "is required"),
                Arguments.of("unknown algorithm", "{\"digest\":\"0x" + hex64 + "\",\"algorithm\":\"md5\"}", "/algorithm", "unknown algorithm 'md5'"),
                Arguments.of("algorithm in capitals", "{\"digest\":\"0x" + hex64 + "\",\"algorithm\":\"SHA256\"}", "/algorithm", "unknown algorithm"),
                Arguments.of("missing algorithm", "{\"digest\":\"0x" + hex64 + "\"}", "/algorithm", "is required"),
                Arguments.of("unknown field", "{\"digest\":\"0x" + hex64 + "\",\"algorithm\":\"sha256\",\"owner\":\"x\"}", "/owner", "unknown field 'owner'"),
                Arguments.of("digest of wrong type", "{\"digest\":123,\"algorithm\":\"sha256\"}", "/digest", "wrong type"),
                Arguments.of("digest as object", "{\"digest\":{\"a\":1},\"algorithm\":\"sha256\"}", "/digest", "wrong type"),
                Arguments.of("array body", "[1,2]", "/", "JSON object"),
                Arguments.of("reference too long", "{\"digest\":\"0x" + hex64 + "\",\"algorithm\":\"sha256\",\"reference\":\"" + "r".repeat(129) + "\"}", "/reference", "at most 128"),
                Arguments.of("reference with control character", "{\"digest\":\"0x" + hex64 + "\",\"algorithm\":\"sha256\",\"reference\":\"a\\u0000b\"}", "/reference", "control characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void submit_badBody_answers400NamingTheField(String name, String body, String pointer, String detail) {
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(body).post("/api/v1/documents"), 400, "invalid-request")
                .body("errors[0].pointer", equalTo(pointer))
                .body("errors[0].detail", containsString(detail));
    }

    @Test
    void submit_malformedJson_answers400() {
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body("{\"digest\": ").post("/api/v1/documents"), 400, "malformed-json");
    }

    @Test
    void submit_oversizedBody_answers413BeforeReadingIt() {
        String body = "{\"digest\":\"0x" + "ab".repeat(32) + "\",\"algorithm\":\"sha256\",\"reference\":\""
                + "x".repeat(70_000) + "\"}";
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(body).post("/api/v1/documents"), 413, "body-too-large")
                .body("detail", containsString("at most 65536 bytes"));
    }

    @Test
    void submit_wrongContentType_answers415() {
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.TEXT)
                .body("hello").post("/api/v1/documents"), 415, "unsupported-media-type");
    }

    @Test
    void submit_withoutKey_answers401() {
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("digest", Digests.random(), "algorithm", "sha256"))
                .post("/api/v1/documents"), 401, "unauthenticated").header("WWW-Authenticate", equalTo("Bearer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void submit_withBadKey_answers401AndStoresNothing(String name, String header) {
        String digest = Digests.random();
        assertProblem(given().header("Authorization", header).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents"), 401, "unauthenticated");
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                Document.count("digest", HexFormat.of().parseHex(digest.substring(2))))).isZero();
    }

    static Stream<Arguments> badCredentials() {
        return Stream.of(
                Arguments.of("unknown key", "Bearer agk_abcdefgh_" + "A".repeat(43)),
                Arguments.of("not a key", "Bearer hello"),
                Arguments.of("basic scheme", "Basic dXNlcjpwYXNz"),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("huge header", "Bearer " + "a".repeat(2000)));
    }

    @Test
    void submit_withExpiredOrRevokedKey_answers401() {
        String expired = apiKeys.issue(department.code(), java.time.Instant.now().minusSeconds(1));
        assertProblem(given().header("Authorization", "Bearer " + expired).contentType(ContentType.JSON)
                .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents"),
                401, "unauthenticated");
    }

    @Test
    void unknownPathAndWrongMethod_areProblems() {
        assertProblem(given().get("/api/v1/nothing-here"), 404, "not-found");
        assertProblem(given().header("Authorization", "Bearer " + department.key()).delete("/api/v1/documents"), 405,
                "method-not-allowed");
    }

    private Response submit(Object body) {
        return given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(body).post("/api/v1/documents");
    }

    private Response bulk(List<?> items) {
        return given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("documents", items)).post("/api/v1/documents/bulk");
    }
}
