package org.docanchor.gateway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the gateway answers when it has durably stored a digest; the department can keep it. The answer to a
 * submission carries {@code jws}: the receipt signed by the gateway (docs/api.md, "Signed receipts").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(UUID id, String digest, String algorithm, String department, String reference,
        String status, Instant receivedAt, Long batchId,
        @Schema(description = "The receipt signed by the gateway: a compact JWS (ES256) whose payload states id, "
                + "digest, algorithm, department, leaf, receivedAt, chainId, registry and iss, never the "
                + "reference. Verify it with the keys at GET /.well-known/jwks.json.")
        String jws) {

    public Receipt(UUID id, String digest, String algorithm, String department, String reference, String status,
            Instant receivedAt, Long batchId) {
        this(id, digest, algorithm, department, reference, status, receivedAt, batchId, null);
    }

    /** This receipt with its signed form. */
    public Receipt withJws(String signed) {
        return new Receipt(id, digest, algorithm, department, reference, status, receivedAt, batchId, signed);
    }
}
