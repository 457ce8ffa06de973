package org.docanchor.gateway.revocation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A department revokes one of its documents. */
public record RevocationRequest(
        @Schema(required = true, enumeration = {"superseded", "issued-in-error", "withdrawn", "fraud", "other"})
        String reason,
        @Schema(description = "Digest of the document that replaces this one, registered by the same department",
                nullable = true)
        String replacement) {
}
