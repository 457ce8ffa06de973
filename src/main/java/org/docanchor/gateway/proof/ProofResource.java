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
    private final VerificationService verification;

    public ProofResource(ProofService proofs, VerificationService verification) {
        this.proofs = proofs;
        this.verification = verification;
    }

    @GET
    @Path("/proofs/{digest}")
    @Operation(operationId = "getProof", summary = "Fetch the proof of a document",
            description = "PENDING until the document's batch is anchored; then a self-contained proof document "
                    + "that verifies against any node of the chain.")
    @APIResponse(responseCode = "200", description = "The proof (or the pending registration)",
            content = @Content(schema = @Schema(implementation = ProofDocument.class),
                    examples = @ExampleObject(name = "anchored", value = Examples.PROOF)))
    @APIResponse(responseCode = "400", description = "The digest is not 0x and 64 hex digits, or the department is "
            + "not a department code",
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
    @Operation(operationId = "verifyProof", summary = "Verify a proof document",
            description = "Runs every check of docs/verification.md: the leaf, the signature, the path, the header "
                    + "and its seals, the state proof, then the registry on this gateway's node. Trusts this "
                    + "gateway's registry, its configured validator set and, for the departments it serves, the "
                    + "signing keys on record. A chain that cannot be reached gives UNDETERMINED, never INVALID. "
                    + "The verification page and the command-line verifiers do the same without the gateway.")
    @APIResponse(responseCode = "200", description = "VALID, INVALID, REVOKED, PENDING or UNDETERMINED, with a "
            + "code and every check",
            content = @Content(schema = @Schema(implementation = org.docanchor.verifier.VerificationResult.class),
                    examples = @ExampleObject(name = "valid", value = Examples.VALID)))
    @APIResponse(responseCode = "400", description = "Not a well-formed proof document (version 1 or 2); "
            + "errors point at each field",
            content = @Content(mediaType = "application/problem+json"))
    public org.docanchor.verifier.VerificationResult verify(
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(description = "A proof document",
                    content = @Content(schema = @Schema(implementation = ProofDocument.class))) byte[] proof) {
        return verification.verify(proof);
    }
}
