package org.docanchor.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/** HTTP edges found by black-box probing (issue 11, item 7). */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class HttpEdgesTest {

    @Test
    void nonNumericLimit_is400InvalidParameter() {
        given().get("/api/v1/batches?limit=abc").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:anchor-gateway:problem:invalid-parameter"));
    }

    @Test
    void apiAnswers_carryNoSniffNoFrameAndACsp() {
        given().get("/api/v1/batches").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", startsWith("default-src 'none'"));
    }

    @Test
    void wrongMethodOnAnApiPath_is405_withTheMethodsThatWorkInAllow() {
        given().delete("/api/v1/network").then().statusCode(405)
                .header("Allow", "GET, HEAD")
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:anchor-gateway:problem:method-not-allowed"));
        given().put("/api/v1/documents").then().statusCode(405).header("Allow", containsString("POST"))
                .header("Allow", containsString("GET"));
        given().delete("/api/v1/documents/0x" + "ab".repeat(32) + "/revocation").then().statusCode(405)
                .header("Allow", containsString("POST"));
    }

    @Test
    void frameworkEndpoints_answerOnlyGetAndHead() {
        for (String path : List.of("/q/health/live", "/q/openapi", "/q/metrics")) {
            for (String method : List.of("PUT", "DELETE", "POST", "TRACE", "FOO")) {
                given().request(method, path).then().statusCode(405).header("Allow", "GET, HEAD")
                        .contentType(startsWith("application/problem+json"));
            }
            given().get(path).then().statusCode(200);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void anHttp11RequestWithoutHost_getsAShortProblem_notAnErrorPage() throws Exception {
        for (String accept : List.of("text/html", "application/json")) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /api/v1/network HTTP/1.1\r\nAccept: " + accept
                        + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                        .contains("needs a Host header").doesNotContain("Exception").hasSizeLessThan(2000);
            }
        }
    }
}
