package org.docanchor.gateway.anchoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How sealed batches are anchored. */
@ConfigMapping(prefix = "anchor.anchoring")
public interface AnchoringConfig {

    /** Whether this instance anchors at all (an instance may serve REST only). */
    @WithDefault("true")
    boolean enabled();

    /** Pause after a failed attempt, doubled per consecutive failure up to {@code max-backoff}. */
    @WithDefault("1s")
    Duration backoff();

    /** Longest pause between attempts while the chain is failing. */
    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * How long the anchoring lease lasts without renewal: a replica that dies is replaced after at most this
     * long (at once after a graceful shutdown).
     */
    @WithDefault("10s")
    Duration leaseTtl();

    /** How often a broadcast transaction's receipt is looked up. */
    @WithDefault("250ms")
    Duration receiptPollInterval();
}
