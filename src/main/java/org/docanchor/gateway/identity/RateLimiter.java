package org.docanchor.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A token bucket per credential (per replica): {@code anchor.identity.rate-limit.per-second} requests a second on
 * average, bursts up to {@code burst}. A bulk request counts once: its size is bounded separately.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(@ConfigProperty(name = "anchor.identity.rate-limit.per-second", defaultValue = "200") double perSecond,
            @ConfigProperty(name = "anchor.identity.rate-limit.burst", defaultValue = "400") double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for the caller; returns 0 when allowed, else the seconds to wait. */
    public long acquire(SecurityIdentity identity) {
        String prefix = identity.getAttribute(ApiKeyIdentityProvider.KEY_PREFIX);
        if (prefix == null) {
            return 0;
        }
        return buckets.computeIfAbsent(prefix, k -> new TokenBucket(perSecond, burst)).take();
    }
}
