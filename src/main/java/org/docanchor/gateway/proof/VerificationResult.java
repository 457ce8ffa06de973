package org.docanchor.gateway.proof;

import java.util.List;

/**
 * The answer of a verification. UNDETERMINED means the check could not be completed (the chain could not be
 * asked, or the proof is for another network): never a statement that the proof is wrong.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record VerificationResult(Result result, List<String> reasons, Revoked revocation) {

    public VerificationResult(Result result, List<String> reasons) {
        this(result, reasons, null);
    }

    /** Outcome of a verification. */
    public enum Result { VALID, INVALID, REVOKED, UNDETERMINED }

    /** The registry's revocation record: reason, time, block and replacement leaf (zero when none). */
    public record Revoked(String reason, java.time.Instant revokedAt, long blockNumber, String replacementLeaf) {
    }
}
