package org.docanchor.gateway.revocation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A department revokes one of its documents, optionally signing the request with one of its registered keys. */
public record RevocationRequest(
        @Schema(required = true, enumeration = {"superseded", "issued-in-error", "withdrawn", "fraud", "other"})
        String reason,
        @Schema(description = "Digest of the document that replaces this one, registered by the same department",
                nullable = true)
        String replacement,
        @Schema(description = "Base64 signature over 'anchor-gateway/v1/revocation' LF department LF leaf LF reason "
                + "code LF replacement leaf (docs/api.md), by a key of the department valid now on the issuer "
                + "registry; with keyFingerprint", nullable = true)
        String signature,
        @Schema(description = "sha256:<hex> fingerprint of the signing key; with signature", nullable = true)
        String keyFingerprint) {
}
