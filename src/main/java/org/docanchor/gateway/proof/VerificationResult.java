package org.docanchor.gateway.proof;

import java.util.List;

/**
 * The answer of a verification. UNDETERMINED means the check could not be completed (the chain could not be
 * asked, or the proof is for another network): never a statement that the proof is wrong.
 */
public record VerificationResult(Result result, List<String> reasons) {

    /** Outcome of a verification. */
    public enum Result { VALID, INVALID, UNDETERMINED }
}
