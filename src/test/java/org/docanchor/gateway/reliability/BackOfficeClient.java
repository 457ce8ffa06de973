package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A department's back office in a thread of its own: one request per round, a pause between rounds, every answer's
 * status counted and every connection failure too (the gateway killed or restarting).
 */
abstract class BackOfficeClient implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final long pauseMillis;
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    BackOfficeClient(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    /** Starts the rounds; call it last in the subclass's constructor. */
    final void start(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One round: usually one {@link #post}. */
    abstract void round() throws IOException, InterruptedException;

    /** POSTs {@code json} with the API key; the answer's status is counted. */
    final HttpResponse<String> post(String url, String apiKey, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
        return response;
    }

    private void run() {
        while (running.get()) {
            try {
                round();
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

    long count(int status) {
        AtomicLong n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    Map<Integer, AtomicLong> statuses() {
        return statuses;
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
