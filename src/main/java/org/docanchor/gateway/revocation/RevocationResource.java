package org.docanchor.gateway.revocation;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.web.DigestParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where a department revokes a document it registered. */
@Path("/api/v1/documents/{digest}/revocation")
@Tag(name = "Documents")
@SecurityRequirement(name = "apiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@RolesAllowed(Roles.REVOKER)
public class RevocationResource {

    private final RevocationService revocations;
    private final SecurityIdentity identity;
    private final AuditLog audit;

    public RevocationResource(RevocationService revocations, SecurityIdentity identity, AuditLog audit) {
        this.revocations = revocations;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @Operation(operationId = "revokeDocument", summary = "Revoke a document your department registered (role: revoker)",
            description = "Recorded at once, then on chain by the registry's revokeBatch; proofs and /verify report "
                    + "REVOKED from the on-chain record. Revoking again answers 200 with the first revocation.")
    @APIResponse(responseCode = "202", description = "Revocation recorded, on its way to the chain")
    @APIResponse(responseCode = "200", description = "Already revoked: the existing revocation, unchanged")
    @APIResponse(responseCode = "400", description = "Unknown reason, malformed digest or replacement")
    @APIResponse(responseCode = "403", description = "Another department registered this digest")
    @APIResponse(responseCode = "404", description = "Your department registered no such digest")
    public Response revoke(@PathParam("digest") String digest, RevocationRequest request) {
        RevocationService.Outcome outcome = revocations.revoke(DigestParam.parse(digest),
                identity.<Long>getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID),
                identity.getAttribute(ApiKeyIdentityProvider.KEY_PREFIX), request, audit);
        return Response.status(outcome.created() ? 202 : 200).entity(outcome.revocation()).build();
    }
}
