package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Every kind of caller against every endpoint, asserting the exact status: the roles, no credential, an expired
 * key, a revoked key and a key of a suspended department. The endpoints are checked against /q/openapi: an
 * operation published there without a row here fails the test.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class AuthorizationMatrixTest {

    @Inject
    ApiKeys apiKeys;

    private record Endpoint(String name, Function<RequestSpecification, io.restassured.response.Response> call,
            Map<String, Integer> expected, int otherwise, int anonymous, int invalid) {
    }

    @Test
    void everyCallerGetsExactlyTheDocumentedStatusFromEveryEndpoint() {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String dept = "MATRIX-" + suffix;
        apiKeys.createDepartment(dept, "Matrix department");
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("submitter", apiKeys.issue(dept, List.of(Roles.SUBMITTER), null, null).key());
        callers.put("revoker", apiKeys.issue(dept, List.of(Roles.REVOKER), null, null).key());
        callers.put("auditor", apiKeys.issue(null, List.of(Roles.AUDITOR), null, null).key());
        callers.put("admin", apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key());
        String other = "MATRIX-X" + suffix;
        apiKeys.createDepartment(other, "Other department");
        Map<String, String> invalid = new LinkedHashMap<>();
        ApiKeys.IssuedKey expiring = apiKeys.issue(other, List.of(Roles.SUBMITTER), Instant.now().plusMillis(300), null);
        ApiKeys.IssuedKey revoked = apiKeys.issue(other, List.of(Roles.SUBMITTER), null, null);
        apiKeys.revoke(revoked.prefix());
        invalid.put("expired", expiring.key());
        invalid.put("revoked", revoked.key());
        String suspendedDept = "MATRIX-S" + suffix;
        apiKeys.createDepartment(suspendedDept, "Suspended department");
        invalid.put("suspended", apiKeys.issue(suspendedDept, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key());
        QuarkusTransaction.requiringNew().run(() -> Department.findByCode(suspendedDept).status = Department.Status.SUSPENDED);
        sleep(400);

        int page = Thread.currentThread().getContextClassLoader()
                .getResource("META-INF/resources/index.html") != null ? 200 : 404;
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST /api/v1/documents", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("digest", Digests.random(), "algorithm", "sha256")).post("/api/v1/documents"),
                        Map.of("submitter", 202), 403, 401, 401),
                new Endpoint("POST /api/v1/documents/bulk", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("documents", List.of(Map.of("digest", Digests.random(), "algorithm", "sha256"))))
                        .post("/api/v1/documents/bulk"),
                        Map.of("submitter", 202), 403, 401, 401),
                new Endpoint("GET /api/v1/proofs/{digest}", r -> r.get("/api/v1/proofs/" + Digests.random()), Map.of(), 404, 404, 404),
                new Endpoint("POST /api/v1/verify", r -> r.contentType(ContentType.JSON).body("{}").post("/api/v1/verify"),
                        Map.of(), 400, 400, 400),
                new Endpoint("GET /api/v1/network", r -> r.get("/api/v1/network"), Map.of(), 200, 200, 200),
                new Endpoint("GET /api/v1/batches", r -> r.get("/api/v1/batches"), Map.of(), 200, 200, 200),
                new Endpoint("GET /api/v1/audit", r -> r.get("/api/v1/audit"), Map.of("auditor", 200, "admin", 200), 403, 401, 401),
                new Endpoint("GET /api/v1/admin/departments", r -> r.get("/api/v1/admin/departments"),
                        Map.of("admin", 200), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("code", "M" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                                "name", "Made by the matrix")).post("/api/v1/admin/departments"),
                        Map.of("admin", 201), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/suspend", r -> r.post(
                        "/api/v1/admin/departments/NO-SUCH-DEPT/suspend"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("DELETE /api/v1/admin/keys/{prefix}", r -> r.delete("/api/v1/admin/keys/agk_zzzzzzzz"),
                        Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/documents/{digest}/revocation", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("reason", "withdrawn")).post("/api/v1/documents/" + Digests.random() + "/revocation"),
                        Map.of("revoker", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/public-keys", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("pem", "not a key")).post("/api/v1/admin/departments/" + dept + "/public-keys"),
                        Map.of("admin", 400), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/activate", r -> r.post(
                        "/api/v1/admin/departments/NO-SUCH-DEPT/activate"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/names", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("nameZh", "部门", "nameEn", "Department"))
                        .post("/api/v1/admin/departments/NO-SUCH-DEPT/names"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/public-keys/{fingerprint}/revocation",
                        r -> r.contentType(ContentType.JSON).body(Map.of("reason", "compromised"))
                                .post("/api/v1/admin/departments/" + dept + "/public-keys/sha256:" + "0".repeat(64)
                                        + "/revocation"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/public-keys/{fingerprint}/rotation",
                        r -> r.contentType(ContentType.JSON).body(Map.of("pem", "not a key"))
                                .post("/api/v1/admin/departments/" + dept + "/public-keys/sha256:" + "0".repeat(64)
                                        + "/rotation"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("DELETE /api/v1/admin/departments/{code}/public-keys/{fingerprint}",
                        r -> r.delete("/api/v1/admin/departments/" + dept + "/public-keys/sha256:" + "0".repeat(64)),
                        Map.of("admin", 404), 403, 401, 401),
                new Endpoint("GET /api/v1/admin/departments/{code}/public-keys",
                        r -> r.get("/api/v1/admin/departments/" + dept + "/public-keys"), Map.of("admin", 200), 403, 401, 401),
                new Endpoint("GET /api/v1/admin/departments/{code}",
                        r -> r.get("/api/v1/admin/departments/" + dept), Map.of("admin", 200), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/departments/{code}/keys", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("roles", List.of(Roles.SUBMITTER)))
                        .post("/api/v1/admin/departments/NO-SUCH-DEPT/keys"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/keys", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("roles", List.of(Roles.AUDITOR), "label", "made by the matrix"))
                        .post("/api/v1/admin/keys"), Map.of("admin", 201), 403, 401, 401),
                new Endpoint("GET /api/v1/documents", r -> r.get("/api/v1/documents?limit=5"),
                        Map.of("submitter", 200, "revoker", 200), 403, 401, 401),
                new Endpoint("GET /api/v1/documents/export", r -> r.get("/api/v1/documents/export?since="
                        + Instant.now().plusSeconds(3600)), Map.of("submitter", 200, "revoker", 200), 403, 401, 401),
                new Endpoint("GET /api/v1/admin/keys", r -> r.get("/api/v1/admin/keys"), Map.of("admin", 200),
                        403, 401, 401),
                new Endpoint("PUT /api/v1/admin/departments/{code}/signature-policy", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("signaturesRequired", true))
                        .put("/api/v1/admin/departments/NO-SUCH-DEPT/signature-policy"), Map.of("admin", 404), 403, 401, 401),
                new Endpoint("GET /api/v1/batches/{id}", r -> r.get("/api/v1/batches/999999999"), Map.of(),
                        404, 404, 404),
                // A department's bundle of a batch: its own roles only; no such batch is 404 once the role is right.
                new Endpoint("GET /api/v1/batches/{id}/proofs", r -> r.get("/api/v1/batches/999999999/proofs"),
                        Map.of("submitter", 404, "revoker", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/webhooks", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("department", dept, "url", "http://127.0.0.1:9/hook",
                                "eventTypes", List.of("batch.failed"))).post("/api/v1/admin/webhooks"),
                        Map.of("admin", 201), 403, 401, 401),
                new Endpoint("GET /api/v1/admin/webhooks", r -> r.get("/api/v1/admin/webhooks"), Map.of("admin", 200),
                        403, 401, 401),
                new Endpoint("GET /api/v1/admin/webhooks/{id}", r -> r.get("/api/v1/admin/webhooks/0"),
                        Map.of("admin", 404), 403, 401, 401),
                new Endpoint("DELETE /api/v1/admin/webhooks/{id}", r -> r.delete("/api/v1/admin/webhooks/0"),
                        Map.of("admin", 404), 403, 401, 401),
                new Endpoint("POST /api/v1/admin/webhooks/{id}/secret", r -> r.post("/api/v1/admin/webhooks/0/secret"),
                        Map.of("admin", 404), 403, 401, 401),
                // The page is public; it is 404 (a problem) for everyone when the build skipped src/main/web.
                new Endpoint("GET /verify", r -> r.get("/verify"), Map.of(), page, page, page),
                // The TSA takes a DER TimeStampReq, not JSON; its certificate is public.
                new Endpoint("POST /api/v1/tsa", r -> r.contentType("application/timestamp-query")
                        .body(timeStampQuery()).post("/api/v1/tsa"), Map.of("submitter", 200), 403, 401, 401),
                new Endpoint("GET /api/v1/tsa/certificate", r -> r.get("/api/v1/tsa/certificate"), Map.of(),
                        200, 200, 200),
                // Signed receipts: the keys are public, and so is the check (a body that is no receipt is a 400).
                new Endpoint("GET /.well-known/jwks.json", r -> r.get("/.well-known/jwks.json"), Map.of(),
                        200, 200, 200),
                new Endpoint("POST /api/v1/receipts/verify", r -> r.contentType(ContentType.JSON).body("{}")
                        .post("/api/v1/receipts/verify"), Map.of(), 400, 400, 400),
                new Endpoint("GET /api/v1/documents/{digest}/qr",
                        r -> r.get("/api/v1/documents/" + Digests.random() + "/qr"), Map.of(), 404, 404, 404));

        // Every operation the OpenAPI document publishes has its row here: a new endpoint without one fails.
        java.util.Set<String> published = publishedOperations();
        java.util.Set<String> covered = new java.util.TreeSet<>();
        endpoints.forEach(e -> covered.add(normalised(e.name())));
        java.util.Set<String> missing = new java.util.TreeSet<>(published);
        missing.removeAll(covered);
        java.util.Set<String> unknown = new java.util.TreeSet<>(covered);
        unknown.removeAll(published);
        assertThat(missing).as("operations in /q/openapi without a row in the matrix").isEmpty();
        assertThat(unknown).as("matrix rows that /q/openapi does not publish").isEmpty();

        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            check(mismatches, endpoint, "anonymous", given(), endpoint.anonymous());
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                check(mismatches, endpoint, caller.getKey(), given().header("Authorization", "Bearer " + caller.getValue()),
                        endpoint.expected().getOrDefault(caller.getKey(), endpoint.otherwise()));
            }
            for (Map.Entry<String, String> caller : invalid.entrySet()) {
                check(mismatches, endpoint, caller.getKey(), given().header("Authorization", "Bearer " + caller.getValue()),
                        endpoint.invalid());
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** A DER RFC 3161 TimeStampReq for a random SHA-256 imprint. */
    private static byte[] timeStampQuery() {
        try {
            return new org.bouncycastle.tsp.TimeStampRequestGenerator().generate(
                    org.bouncycastle.tsp.TSPAlgorithms.SHA256, java.util.HexFormat.of().parseHex(
                            Digests.random().substring(2))).getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "METHOD /path" of every operation in /q/openapi, path parameters written as {}. */
    private static java.util.Set<String> publishedOperations() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("paths");
        java.util.Set<String> operations = new java.util.TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream()
                .filter(m -> List.of("get", "put", "post", "delete", "patch", "head", "options").contains(m))
                .forEach(m -> operations.add(normalised(m.toUpperCase(java.util.Locale.ROOT) + " " + path))));
        assertThat(operations).as("operations published").isNotEmpty();
        return operations;
    }

    private static String normalised(String operation) {
        return operation.replaceAll("\\{[^}]*}", "{}");
    }

    private static void check(List<String> mismatches, Endpoint endpoint, String caller, RequestSpecification request,
            int expected) {
        io.restassured.response.Response response = endpoint.call().apply(request);
        if (response.statusCode() != expected) {
            mismatches.add(endpoint.name() + " as " + caller + ": expected " + expected + ", got "
                    + response.statusCode() + " " + response.asString());
        } else if (expected >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            mismatches.add(endpoint.name() + " as " + caller + ": " + expected + " is not a problem document");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
