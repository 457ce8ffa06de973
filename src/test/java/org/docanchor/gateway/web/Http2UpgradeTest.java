package org.docanchor.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that offer HTTP/2 (the JDK's HttpClient does by default, with {@code Upgrade: h2c}) get a normal answer.
 * The body filter reads a body before the REST layer; over an HTTP/2 stream the REST layer then pauses a request
 * that has ended and Vert.x throws (Quarkus issue 34393), which made every such POST a 500 and stopped the
 * fault-injection ITs' load client. The gateway therefore speaks HTTP/1.1 only ({@code quarkus.http.http2=false});
 * HTTP/2 ends at the ingress.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class Http2UpgradeTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeys apiKeys;

    private static String key;

    @BeforeEach
    void department() {
        if (key == null) {
            key = Departments.create(apiKeys, "HTTP2").key();
        }
    }

    @Test
    void anHttp2OfferingClient_getsItsDocumentAccepted_overHttp11() throws Exception {
        HttpResponse<String> response = send("/api/v1/documents",
                "{\"digest\":\"" + Digests.random() + "\",\"algorithm\":\"sha256\"}");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 202);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void anHttp2OfferingClient_getsItsBulkAccepted() throws Exception {
        HttpResponse<String> response = send("/api/v1/documents/bulk",
                "{\"documents\":[{\"digest\":\"" + Digests.random() + "\",\"algorithm\":\"sha256\"},"
                        + "{\"digest\":\"" + Digests.random() + "\",\"algorithm\":\"sha256\"}]}");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 202, 207);
    }

    @Test
    void anHttp2OfferingClient_getsAProblem_notA500_forABadVerifyBody() throws Exception {
        HttpResponse<String> response = send("/api/v1/verify", "{}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private HttpResponse<String> send(String path, String json) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
