package org.docanchor.verifier.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a signed receipt states (its JWS payload, receipt format version 1, docs/api.md "Signed receipts"): the
 * gateway {@code iss} accepted the document {@code digest} from {@code department} at {@code receivedAt}, under
 * receipt {@code id}, to be anchored on chain {@code chainId} in {@code registry}. Never the department's own
 * reference: a receipt may be shown to anyone.
 *
 * @param chainId absent when the gateway did not know its chain yet (a node down at its start)
 * @param registry absent likewise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "id", "digest", "algorithm", "department", "leaf", "receivedAt", "chainId", "registry",
    "iss"})
public record SignedReceipt(int version, String id, String digest, String algorithm, String department, String leaf,
        String receivedAt, Long chainId, String registry, String iss) {

    /** The receipt format version this verifier reads and the gateway writes. */
    public static final int VERSION = 1;
}
