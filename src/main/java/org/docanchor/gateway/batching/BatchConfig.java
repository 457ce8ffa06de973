package org.docanchor.gateway.batching;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When pending documents are sealed into a batch. */
@ConfigMapping(prefix = "anchor.batch")
public interface BatchConfig {

    /** Longest a document waits before its batch is sealed. */
    @WithDefault("2s")
    Duration maxDelay();

    /** Most documents in one batch; a full batch is sealed at once. */
    @WithDefault("50000")
    int maxSize();
}
