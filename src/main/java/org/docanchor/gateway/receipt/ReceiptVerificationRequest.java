package org.docanchor.gateway.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A receipt to check, and optionally the proof document it should match (documentation of the body only). */
public record ReceiptVerificationRequest(
        @Schema(description = "The receipt's compact JWS (the `jws` of the answer to POST /api/v1/documents).",
                required = true, maxLength = 8192)
        String receipt,
        @Schema(description = "A proof document (format version 1 or 2) that should name this receipt.",
                nullable = true, implementation = org.docanchor.gateway.proof.ProofDocument.class)
        JsonNode proof) {
}
