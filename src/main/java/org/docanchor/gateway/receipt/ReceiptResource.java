package org.docanchor.gateway.receipt;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public: a check of a signed receipt under this gateway's receipt keys. */
@Path("/api/v1/receipts")
@Tag(name = "Receipts", description = "Public: the receipt signing keys, and receipt verification")
@PermitAll
public class ReceiptResource {

    private final ReceiptVerificationService verification;

    public ReceiptResource(ReceiptVerificationService verification) {
        this.verification = verification;
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    @Operation(operationId = "verifyReceipt", summary = "Verify a signed receipt",
            description = "Checks the receipt's JWS (ES256 only) under this gateway's receipt keys, its leaf, and, "
                    + "when a proof document is given, that the proof names this receipt and states the same "
                    + "digest, algorithm, department, leaf, chain and registry (docs/verification.md, \"Receipts\"). "
                    + "The command-line verifiers and the page do the same without the gateway.")
    @APIResponse(responseCode = "200", description = "VALID receipt-valid, or INVALID with the failed check's code",
            content = @Content(schema = @Schema(implementation = org.docanchor.verifier.receipt.ReceiptVerification.class),
                    examples = @ExampleObject(name = "valid", value = Examples.VALID)))
    @APIResponse(responseCode = "400", description = "Not a receipt (not a compact JWS, a header or payload that is "
            + "not a receipt's), or a proof that is not a proof document",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "This gateway does not sign receipts",
            content = @Content(mediaType = "application/problem+json"))
    public org.docanchor.verifier.receipt.ReceiptVerification verify(
            @RequestBody(description = "The receipt (its `jws`), and optionally the proof it should match",
                    content = @Content(schema = @Schema(implementation = ReceiptVerificationRequest.class)))
            byte[] body) {
        return verification.verify(body);
    }
}
