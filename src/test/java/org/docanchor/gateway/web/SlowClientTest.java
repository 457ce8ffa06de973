package org.docanchor.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Many anonymous clients that trickle their request bodies (issue 11, item 1: 210 such connections held every
 * worker thread for 60 s and the API stopped answering). Bodies are read on the event loop with a short read
 * timeout, so other endpoints keep answering and each slow client ends with a 408 problem document.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SlowClientTest {

    private static final int SLOW_CLIENTS = 250;

    @TestHTTPResource("/")
    URL base;

    @Test
    void trickledBodies_doNotStopOtherEndpoints_andEachGetsA408Problem() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"version\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // While every slow client still holds its connection, the API answers others within a bound.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : List.of("/api/v1/network", "/api/v1/proofs/" + Digests.random(),
                    "/api/v1/batches?limit=1")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create(base.toString().replaceAll("/$", "") + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + ": " + response.body()).isLessThan(500);
            }
            // One more byte from each: a trickle, not a stall.
            for (Socket socket : slow) {
                socket.getOutputStream().write(' ');
                socket.getOutputStream().flush();
            }
            // Each slow client gets a 408 problem document once the body-read timeout passes (3 s in tests).
            int answered408 = 0;
            List<String> other = new ArrayList<>();
            for (Socket socket : slow) {
                String answer = readAnswer(socket.getInputStream());
                if (answer.startsWith("HTTP/1.1 408") && answer.contains("application/problem+json")
                        && answer.contains("urn:anchor-gateway:problem:request-timeout")) {
                    answered408++;
                } else if (other.size() < 5) {
                    other.add(answer.length() > 200 ? answer.substring(0, 200) : answer);
                }
            }
            assertThat(answered408).as("408 problem answers; others: %s", other).isEqualTo(SLOW_CLIENTS);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        StringBuilder answer = new StringBuilder();
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (answer.indexOf("\r\n\r\n") >= 0 && answer.indexOf("}") > answer.indexOf("\r\n\r\n")) {
                    break;
                }
            }
        } catch (IOException e) {
            answer.append(" [").append(e.getClass().getSimpleName()).append("]");
        }
        return answer.toString();
    }
}
