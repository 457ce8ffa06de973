package org.docanchor.gateway.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhook messages are delivered to the departments' endpoints (docs/integration.md, "Webhooks"). */
@ConfigMapping(prefix = "anchor.webhooks")
public interface WebhookConfig {

    /** Whether this replica delivers webhook messages (every replica may; the outbox rows are leased one by one). */
    @WithDefault("true")
    boolean enabled();

    /** How often the outbox is read for messages that are due. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries in flight at once on this replica (each to one endpoint, one message at a time). */
    @WithDefault("8")
    int concurrency();

    /** How long a replica holds a delivery it works on; a replica that dies mid-delivery is replaced after this. */
    @WithDefault("60s")
    Duration lockTtl();

    /** Most documents in one {@code document.anchored} message. */
    @WithDefault("500")
    int pageSize();

    /** Time to establish the connection to an endpoint. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for the whole request, answer included; the answer's body is read and dropped. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** Whether endpoint URLs must be https (prod); http is accepted otherwise. */
    @WithDefault("true")
    boolean requireHttps();

    /** Whether targets on loopback, link-local, private, unspecified or multicast addresses are accepted. */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Host names (or IP literals) accepted even when they resolve to a private or loopback address. */
    Optional<List<String>> allowedHosts();

    /** Retry schedule of a message that an endpoint does not accept. */
    Retry retry();

    /** Attempts kept per endpoint for the admin API; older ones are deleted. */
    @WithDefault("100")
    int attemptsKept();

    /** How long a rotated-out secret still signs messages beside the new one. */
    @WithDefault("24h")
    Duration rotationGrace();

    /** Exponential backoff with jitter, then FAILED. */
    interface Retry {

        /** Pause after the first failed attempt; doubled per further failure up to {@code max-interval}. */
        @WithDefault("5s")
        Duration initialInterval();

        /** Longest pause between two attempts of one message. */
        @WithDefault("1h")
        Duration maxInterval();

        /** How long a message is retried after its first failure before its delivery is marked FAILED. */
        @WithDefault("24h")
        Duration giveUpAfter();
    }
}
