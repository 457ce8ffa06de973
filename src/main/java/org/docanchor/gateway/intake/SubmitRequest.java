package org.docanchor.gateway.intake;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One document digest to register. */
public record SubmitRequest(
        @Schema(description = "The document's digest: 0x and 64 hex digits (32 bytes).", required = true,
                pattern = "^0x[0-9a-fA-F]{64}$", examples = "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
        String digest,
        @Schema(description = "The algorithm that produced the digest.", required = true,
                enumeration = {"sha256", "sha512-256", "sha3-256", "keccak256", "sm3"})
        String algorithm,
        @Schema(description = "The department's own reference for the document (kept off chain), at most 128 "
                + "characters.", maxLength = 128, nullable = true)
        String reference,
        @Schema(description = "Base64 signature over 'anchor-gateway/v1' LF department LF algorithm LF digest; "
                + "required while the department has a registered signing key.", nullable = true)
        String signature) {

    public SubmitRequest(String digest, String algorithm, String reference) {
        this(digest, algorithm, reference, null);
    }
}
