package org.docanchor.gateway.intake;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Up to 10,000 digests registered all together or not at all. */
public record BulkSubmitRequest(
        @Schema(description = "The documents, 1 to 10,000.", required = true, minItems = 1, maxItems = 10_000)
        List<SubmitRequest> documents) {
}
