package org.docanchor.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real local HTTP receiver of webhooks (the JDK's HTTP server), as a department's back office would run one: it
 * records every request, answers what {@code behaviour} says for the n-th request (1 first), and verifies
 * signatures the way the Standard Webhooks specification describes it, written here from the specification's text
 * and not from the gateway's signer.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** What the receiver does with the n-th request: an HTTP status, or {@link #HANG} to answer too late. */
    public static final int HANG = -1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, and what it was answered. */
    public record Received(String id, String timestamp, String signature, String body, int answered, Instant at) {

        public boolean accepted() {
            return answered >= 200 && answered < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile IntFunction<Integer> behaviour;

    public WebhookReceiver(IntFunction<Integer> behaviour) throws IOException {
        this(behaviour, Duration.ZERO, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /**
     * A receiver that takes {@code delay} over each request; {@code inFlight} holds the ids of the requests it has
     * read and not answered yet.
     */
    public WebhookReceiver(IntFunction<Integer> behaviour, Duration delay, Set<String> inFlight) throws IOException {
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
            inFlight.add(id);
            sleep(delay);
            int n;
            synchronized (received) {
                n = received.size() + 1;
            }
            int answer = this.behaviour.apply(n);
            if (answer == HANG) {
                sleep(Duration.ofSeconds(4)); // beyond the gateway's request timeout in tests (2 s)
            }
            inFlight.remove(id);
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8), answer, Instant.now()));
            }
            try {
                // After a hang the gateway has given up: this late 200 reaches nobody.
                exchange.sendResponseHeaders(answer == HANG ? 200 : answer, -1);
            } catch (IOException e) {
                // the gateway closed the connection (timeout)
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void behave(IntFunction<Integer> behaviour) {
        this.behaviour = behaviour;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The digests of every document.anchored message that was accepted (2xx), in arrival order, repeats kept. */
    public List<String> anchoredDigests() {
        List<String> digests = new ArrayList<>();
        for (Received r : received()) {
            JsonNode json = r.json();
            if (r.accepted() && "document.anchored".equals(json.path("type").asText())) {
                json.path("data").path("documents").forEach(d -> digests.add(d.path("digest").asText()));
            }
        }
        return digests;
    }

    /** The ids of the accepted messages. */
    public Set<String> acceptedIds() {
        Set<String> ids = new LinkedHashSet<>();
        received().stream().filter(Received::accepted).forEach(r -> ids.add(r.id()));
        return ids;
    }

    /**
     * Standard Webhooks verification: the secret is base64 after {@code whsec_}; the signed content is
     * {@code id.timestamp.body}; the header is a space-separated list of {@code v1,<base64 HMAC-SHA256>}, any one of
     * which may match (compared in constant time); the timestamp must be within five minutes of now.
     */
    public static boolean verify(String secret, Received r) {
        if (r.id() == null || r.timestamp() == null || r.signature() == null || !secret.startsWith("whsec_")) {
            return false;
        }
        long timestamp = Long.parseLong(r.timestamp());
        if (Math.abs(r.at().getEpochSecond() - timestamp) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            byte[] expected = mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body())
                    .getBytes(StandardCharsets.UTF_8));
            for (String part : r.signature().split(" ")) {
                String[] versioned = part.split(",", 2);
                if (versioned.length == 2 && versioned[0].equals("v1")
                        && MessageDigest.isEqual(Base64.getDecoder().decode(versioned[1]), expected)) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A condition a test waits for. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, polling every 50 ms; fails after {@code timeout}. */
    public static void await(Duration timeout, Condition condition) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
