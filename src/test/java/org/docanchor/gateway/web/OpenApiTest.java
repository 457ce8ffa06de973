package org.docanchor.gateway.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class OpenApiTest {

    @Test
    void documentsEveryEndpointAndTheApiKeyScheme() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths", hasKey("/api/v1/documents"))
                .body("paths", hasKey("/api/v1/documents/bulk"))
                .body("paths", hasKey("/api/v1/proofs/{digest}"))
                .body("paths", hasKey("/api/v1/verify"))
                .body("paths", hasKey("/api/v1/network"))
                .body("paths.'/api/v1/documents'.post.security[0]", hasKey("apiKey"))
                .body("paths.'/api/v1/documents'.post.responses.'202'.description", notNullValue())
                .body("paths.'/api/v1/verify'.post.security", equalTo(null))
                .body("paths.'/api/v1/tsa'.post.security[0]", hasKey("apiKey"))
                .body("paths.'/api/v1/tsa'.post.requestBody.content", hasKey("application/timestamp-query"))
                .body("paths.'/api/v1/tsa'.post.responses.'200'.content", hasKey("application/timestamp-reply"))
                .body("paths.'/api/v1/tsa'.post.responses.'415'.content.'application/problem+json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/tsa/certificate'.get.responses.'200'.content",
                        hasKey("application/pkix-cert"))
                .body("paths.'/api/v1/tsa/certificate'.get.security", equalTo(null))
                .body("paths.'/.well-known/jwks.json'.get.security", equalTo(null))
                .body("paths.'/api/v1/receipts/verify'.post.security", equalTo(null));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
