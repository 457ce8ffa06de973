package org.docanchor.gateway.proof;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public proofs and verification: no credential needed. */
@Path("/api/v1")
@Tag(name = "Proofs", description = "Public: fetch and verify inclusion proofs")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@PermitAll
public class ProofResource {

    private final ProofService proofs;

    public ProofResource(ProofService proofs) {
        this.proofs = proofs;
    }

    @GET
    @Path("/proofs/{digest}")
    @Operation(summary = "Fetch the proof of a document",
            description = "PENDING until the document's batch is anchored; then a self-contained proof document "
                    + "that verifies against any node of the chain.")
    @APIResponse(responseCode = "200", description = "The proof (or the pending registration)",
            content = @Content(schema = @Schema(implementation = ProofDocument.class),
                    examples = @ExampleObject(name = "anchored", value = Examples.PROOF)))
    @APIResponse(responseCode = "400", description = "The digest is not 0x and 64 hex digits",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No document with this digest",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "Several departments registered this digest; add ?department=",
            content = @Content(mediaType = "application/problem+json"))
    public ProofDocument proof(
            @Parameter(description = "The document digest, 0x and 64 hex digits") @PathParam("digest") String digest,
            @Parameter(description = "Code of the registering department, when several registered the digest")
            @QueryParam("department") String department) {
        return proofs.proofFor(digest, Optional.ofNullable(department));
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify a proof document against the chain",
            description = "Recomputes the leaf and the root, then asks the registry contract (verifyInclusion, "
                    + "anchorOf) and compares the block. A chain that cannot be reached gives UNDETERMINED.")
    @APIResponse(responseCode = "200", description = "VALID, INVALID or UNDETERMINED, with reasons",
            content = @Content(schema = @Schema(implementation = VerificationResult.class),
                    examples = @ExampleObject(name = "valid", value = Examples.VALID)))
    @APIResponse(responseCode = "400", description = "Not a well-formed proof document",
            content = @Content(mediaType = "application/problem+json"))
    public VerificationResult verify(ProofDocument proof) {
        return proofs.verify(proof);
    }
}
