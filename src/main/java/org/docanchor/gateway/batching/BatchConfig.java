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

    /**
     * Most sealed batches waiting to be anchored. While the chain is slow or away, documents wait unsealed and
     * go into one larger batch when it returns, instead of a queue of small batches anchored one by one.
     */
    @WithDefault("2")
    int maxUnanchored();

    /**
     * Leaves of sealed trees kept in memory to serve proofs, about 70 bytes each (a tree of n leaves holds 2n - 1
     * nodes of 32 bytes); the least recently used trees are dropped first and read again from the batch's leaves.
     */
    @WithDefault("1000000")
    int cachedLeaves();
}
