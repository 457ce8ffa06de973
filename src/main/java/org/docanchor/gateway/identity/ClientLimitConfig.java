package org.docanchor.gateway.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per client address limits (per replica) on what costs the gateway without a credential: anonymous requests and
 * failed authentication. The address is the peer's, or the one a trusted proxy names when
 * {@code quarkus.http.proxy.*} says so (docs/operations.md).
 */
@ConfigMapping(prefix = "anchor.client-limit")
public interface ClientLimitConfig {

    /** Whether the per-address limits apply. */
    @WithDefault("true")
    boolean enabled();

    /** Anonymous requests under /api/ other than POST /api/v1/verify (proofs, network, QR codes, ...). */
    Budget anonymous();

    /** Anonymous POST /api/v1/verify, each of which reads the chain: a smaller budget of its own. */
    Budget verify();

    /**
     * Presented credentials that fail authentication (401 on a protected endpoint; a public one answers as to an
     * anonymous caller, and still counts). Once spent, every request with a credential from the
     * address is refused (429) until a token is back, a valid one too: otherwise a 200 among the 429s would still
     * tell a guesser which key is right.
     */
    Budget failedAuth();

    /** Client addresses remembered per budget; beyond it the least recently seen is forgotten (its bucket refills). */
    @WithDefault("100000")
    int maxClients();

    /** A token bucket: {@code burst} requests at once, then {@code per-second} on average. */
    interface Budget {

        /** Tokens regained a second (may be fractional: 0.1 is one every 10 s). */
        double perSecond();

        /** Tokens the bucket holds when full. */
        int burst();
    }
}
