package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A department's back office revoking documents it was told were accepted, one request a round, remembering
 * exactly which revocations the gateway acknowledged with a 2xx: those must end recorded on chain.
 */
final class RevocationClient extends BackOfficeClient {

    private final Supplier<String> baseUrl;
    private final String apiKey;
    private final Supplier<Set<String>> candidates;
    private final Random random;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    RevocationClient(Supplier<String> baseUrl, String apiKey, Supplier<Set<String>> candidates, long pauseMillis,
            long seed) {
        super(pauseMillis);
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.candidates = candidates;
        this.random = new Random(seed);
        start("revocation-client");
    }

    @Override
    void round() throws IOException, InterruptedException {
        List<String> open = new ArrayList<>(candidates.get());
        open.removeAll(requested);
        if (open.isEmpty()) {
            return;
        }
        String digest = open.get(random.nextInt(open.size()));
        requested.add(digest);
        if (post(baseUrl.get() + "/api/v1/documents/" + digest + "/revocation", apiKey,
                "{\"reason\":\"withdrawn\"}").statusCode() / 100 == 2) {
            acknowledged.add(digest);
        }
    }

    Set<String> acknowledged() {
        return acknowledged;
    }
}
