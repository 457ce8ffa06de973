package org.docanchor.gateway.intake;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where departments register document digests. */
@Path("/api/v1/documents")
@Tag(name = "Documents", description = "Departments register document digests (role: submitter)")
@SecurityRequirement(name = "apiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@RolesAllowed(Roles.SUBMITTER)
public class DocumentResource {

    private final DocumentService documents;
    private final SecurityIdentity identity;
    private final AuditLog audit;

    public DocumentResource(DocumentService documents, SecurityIdentity identity, AuditLog audit) {
        this.documents = documents;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @Operation(summary = "Register one document digest",
            description = "Stores the digest durably before answering. The same digest from the same department "
                    + "again answers 200 with the original receipt and adds no second leaf.")
    @APIResponse(responseCode = "202", description = "Accepted: stored, waiting for its batch to be anchored",
            content = @Content(schema = @Schema(implementation = Receipt.class),
                    examples = @ExampleObject(name = "receipt", value = Examples.RECEIPT)))
    @APIResponse(responseCode = "200", description = "Already registered by this department: the original receipt",
            content = @Content(schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, digest or algorithm",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "invalid", value = Examples.INVALID)))
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "409", description = "The digest is registered by this department with another algorithm")
    @APIResponse(responseCode = "413", description = "Body larger than 64 KiB")
    public Response submit(SubmitRequest request) {
        ValidDocument document = SubmissionValidator.validate(request);
        DocumentService.Submission submission = documents.submit(departmentId(), department(), List.of(document),
                audit);
        return Response.status(submission.created() > 0 ? 202 : 200).entity(submission.receipts().get(0)).build();
    }

    @POST
    @Path("/bulk")
    @Operation(summary = "Register up to 10,000 document digests at once",
            description = "All or nothing: every item is validated first and all are stored in one transaction. "
                    + "Receipts come back in request order; items already registered get their original receipt.")
    @APIResponse(responseCode = "202", description = "Accepted; at least one item is new",
            content = @Content(schema = @Schema(implementation = BulkReceipt.class)))
    @APIResponse(responseCode = "200", description = "Every item was already registered",
            content = @Content(schema = @Schema(implementation = BulkReceipt.class)))
    @APIResponse(responseCode = "400", description = "At least one item is invalid; nothing was stored",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "409", description = "A digest is registered with another algorithm; nothing was stored")
    @APIResponse(responseCode = "413", description = "Body larger than 4 MiB")
    public Response submitBulk(BulkSubmitRequest request) {
        List<ValidDocument> valid = SubmissionValidator.validate(request);
        DocumentService.Submission submission = documents.submit(departmentId(), department(), valid, audit);
        return Response.status(submission.created() > 0 ? 202 : 200)
                .entity(new BulkReceipt(submission.created(), submission.receipts())).build();
    }

    private long departmentId() {
        return identity.<Long>getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID);
    }

    private String department() {
        return identity.getPrincipal().getName();
    }
}
