package org.docanchor.gateway.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 answers. */
public final class Problems {

    private Problems() {
    }

    /** Asserts a problem document of this status and type that names no Java internals. */
    public static ValidatableResponse assertProblem(Response response, int status, String slug) {
        return response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:anchor-gateway:problem:" + slug))
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("java.")))
                .body("instance", startsWith("/"));
    }
}
