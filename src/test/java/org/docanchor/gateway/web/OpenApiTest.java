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
                .body("paths.'/api/v1/verify'.post.security", org.hamcrest.Matchers.empty())
                .body("paths.'/api/v1/tsa'.post.security[0]", hasKey("apiKey"))
                .body("paths.'/api/v1/tsa'.post.requestBody.content", hasKey("application/timestamp-query"))
                .body("paths.'/api/v1/tsa'.post.responses.'200'.content", hasKey("application/timestamp-reply"))
                .body("paths.'/api/v1/tsa'.post.responses.'415'.content.'application/problem+json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/tsa/certificate'.get.responses.'200'.content",
                        hasKey("application/pkix-cert"))
                .body("paths.'/api/v1/tsa/certificate'.get.security", org.hamcrest.Matchers.empty())
                .body("paths.'/.well-known/jwks.json'.get.security", org.hamcrest.Matchers.empty())
                .body("paths.'/api/v1/receipts/verify'.post.security", org.hamcrest.Matchers.empty());
    }

    /**
     * docs/openapi.json is the document the gateway serves, so that what is linted (Redocly, in the build) and what
     * the client is generated from (OpenAPI Generator, in the build) is what runs. After a change to the API:
     * {@code ./mvnw test -Dtest=OpenApiTest -Danchor.openapi.update=true}, and commit the file.
     */
    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        String served = normalized(given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        java.nio.file.Path committed = java.nio.file.Path.of("docs", "openapi.json");
        if (Boolean.getBoolean("anchor.openapi.update")) {
            java.nio.file.Files.writeString(committed, served);
        }
        org.assertj.core.api.Assertions.assertThat(served).as("docs/openapi.json is stale: run ./mvnw test "
                + "-Dtest=OpenApiTest -Danchor.openapi.update=true and commit it")
                .isEqualTo(java.nio.file.Files.readString(committed));
    }

    /** Keys sorted, two-space indent, one newline at the end: a stable text for a diff. */
    static String normalized(String json) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        Object tree = mapper.readValue(json, Object.class);
        return mapper.writeValueAsString(tree).replace("\r\n", "\n") + "\n";
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
