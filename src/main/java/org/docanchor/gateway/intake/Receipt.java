package org.docanchor.gateway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** What the gateway answers when it has durably stored a digest; the department can keep it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(UUID id, String digest, String algorithm, String department, String reference,
        String status, Instant receivedAt, Long batchId) {
}
