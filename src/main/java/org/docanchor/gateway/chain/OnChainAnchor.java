package org.docanchor.gateway.chain;

import java.time.Instant;

/** What the registry records for an anchored root. */
public record OnChainAnchor(long batchId, long blockNumber, Instant blockTime) {
}
