package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A department's client that submits small bulk requests in a loop and remembers exactly which digests the
 * gateway acknowledged with a 2xx: those are the ones that must end anchored.
 */
final class LoadClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Supplier<String> baseUrl;
    private final String apiKey;
    private final int perRequest;
    private final long pauseMillis;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicLong slowestRefusalMillis = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    LoadClient(Supplier<String> baseUrl, String apiKey, int perRequest, long pauseMillis) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.perRequest = perRequest;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::run, "load-client");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running.get()) {
            List<String> digests = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"documents\":[");
            for (int i = 0; i < perRequest; i++) {
                byte[] digest = new byte[32];
                RANDOM.nextBytes(digest);
                String hex = "0x" + HexFormat.of().formatHex(digest);
                digests.add(hex);
                body.append(i == 0 ? "" : ",").append("{\"digest\":\"").append(hex).append("\",\"algorithm\":\"sha256\"}");
            }
            body.append("]}");
            long begin = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl.get()
                                + "/api/v1/documents/bulk"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                if (response.statusCode() / 100 == 2) {
                    acknowledged.addAll(digests);
                } else {
                    slowestRefusalMillis.accumulateAndGet((System.nanoTime() - begin) / 1_000_000, Math::max);
                }
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    long count(int status) {
        AtomicLong n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    Map<Integer, AtomicLong> statuses() {
        return statuses;
    }

    /** The longest the gateway took to answer a non-2xx (a bounded 503 while the database is down). */
    long slowestRefusalMillis() {
        return slowestRefusalMillis.get();
    }

    long connectionErrors() {
        return connectionErrors.get();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
