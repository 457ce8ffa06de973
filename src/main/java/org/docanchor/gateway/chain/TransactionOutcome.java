package org.docanchor.gateway.chain;

import java.time.Instant;
import org.docanchor.verifier.merkle.Hash32;

/** A mined transaction: its block, and whether it succeeded (with the revert reason when it did not). */
public record TransactionOutcome(boolean succeeded, long blockNumber, Hash32 blockHash, Instant blockTime,
        String revertReason) {
}
