package org.docanchor.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard in k8s/monitoring/ refer only to metrics the gateway really exports,
 * and the health endpoints report what operators rely on.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class MonitoringTest {

    private static final Pattern GATEWAY_METRIC = Pattern.compile("\\b(anchor_[a-z_]+|http_server_requests_seconds_[a-z]+)\\b");

    @Inject
    ApiKeys apiKeys;

    @Test
    void everyMetricInTheAlertsAndTheDashboardIsExported() throws Exception {
        Departments.TestDepartment department = Departments.create(apiKeys, "METRICS");
        String digest = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", "0x12", "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(400);
        org.docanchor.gateway.testing.Proofs.awaitStatus(digest, "ANCHORED");
        Thread.sleep(6_000); // one refresh of the database-backed gauges

        String exported = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> referenced = new TreeSet<>();
        for (String file : new String[] {"k8s/monitoring/alerts.yaml", "k8s/monitoring/grafana-dashboard.json"}) {
            Matcher m = GATEWAY_METRIC.matcher(Files.readString(Path.of(file)));
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        assertThat(referenced).hasSizeGreaterThan(10);
        for (String metric : referenced) {
            assertThat(exported).as("exported metric %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
        assertThat(exported).contains("anchor_submissions_total{department=\"" + department.code() + "\",outcome=\"accepted\"");
    }

    @Test
    void healthGroupsSeparateServingFromAnchoring() {
        given().get("/q/health/group/intake").then().statusCode(200).body("checks.name", org.hamcrest.Matchers.hasItem("database"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'chain' }.data.signerHasAnchorerRole", equalTo(true))
                .body("checks.find { it.name == 'chain' }.data.revokerHasRevokerRole", equalTo(true))
                .body("checks.find { it.name == 'chain' }.data.registryHasCode", equalTo(true))
                .body("checks.find { it.name == 'anchoring-lag' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'revocation-lag' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'revocation-lag' }.data.maxSeconds", equalTo(600));
    }

    @Test
    void everyAnswerCarriesARequestId_andACallersSafeIdIsKept() {
        given().header("X-Request-Id", "dept-42.req-7").get("/api/v1/network").then()
                .header("X-Request-Id", equalTo("dept-42.req-7"));
        String generated = given().header("X-Request-Id", "bad id\nwith newline").get("/api/v1/network").then()
                .extract().header("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
    }
}
