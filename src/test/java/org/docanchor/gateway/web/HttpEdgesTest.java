package org.docanchor.gateway.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
}
