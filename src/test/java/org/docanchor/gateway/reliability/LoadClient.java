package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A department's client that submits small bulk requests in a loop and remembers exactly which digests the
 * gateway acknowledged with a 2xx: those are the ones that must end anchored.
 */
final class LoadClient extends BackOfficeClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> baseUrl;
    private final String apiKey;
    private final int perRequest;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong slowestRefusalMillis = new AtomicLong();

    LoadClient(Supplier<String> baseUrl, String apiKey, int perRequest, long pauseMillis) {
        super(pauseMillis);
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.perRequest = perRequest;
        start("load-client");
    }

    @Override
    void round() throws IOException, InterruptedException {
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
        HttpResponse<String> response = post(baseUrl.get() + "/api/v1/documents/bulk", apiKey, body.toString());
        if (response.statusCode() / 100 == 2) {
            acknowledged.addAll(digests);
        } else {
            slowestRefusalMillis.accumulateAndGet((System.nanoTime() - begin) / 1_000_000, Math::max);
        }
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    /** The longest the gateway took to answer a non-2xx (a bounded 503 while the database is down). */
    long slowestRefusalMillis() {
        return slowestRefusalMillis.get();
    }
}
