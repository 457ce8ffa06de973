package org.docanchor.gateway.receipt;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public: the keys that verify the gateway's signed receipts, at the well-known URL of RFC 8615. */
@Path("/.well-known")
@Tag(name = "Receipts", description = "Public: the receipt signing keys, and receipt verification")
@PermitAll
public class ReceiptKeysResource {

    static final String JWK_SET = "application/jwk-set+json";

    private final ReceiptService receipts;

    public ReceiptKeysResource(ReceiptService receipts) {
        this.receipts = receipts;
    }

    @GET
    @Path("/jwks.json")
    @Produces({JWK_SET, MediaType.APPLICATION_JSON, "application/problem+json"})
    @Operation(operationId = "getReceiptKeys", summary = "The receipt signing keys (RFC 7517 JWK set)",
            description = "P-256 public keys, each named by its RFC 7638 thumbprint (`kid`, the `kid` of a "
                    + "receipt's JWS header): the key the gateway signs receipts with now, then the keys it signed "
                    + "with before. Fetch it once and keep it: a verifier that trusts it trusts this gateway's "
                    + "receipts.")
    @APIResponse(responseCode = "200", description = "The JWK set",
            content = @Content(mediaType = JWK_SET, examples = @ExampleObject(name = "jwks", value = Examples.JWKS)))
    @APIResponse(responseCode = "404", description = "This gateway does not sign receipts",
            content = @Content(mediaType = "application/problem+json"))
    public Response keys() {
        // application/jwk-set+json unless the client accepts only application/json.
        return Response.ok(receipts.keys().toJson()).header("Cache-Control", "public, max-age=3600").build();
    }
}
