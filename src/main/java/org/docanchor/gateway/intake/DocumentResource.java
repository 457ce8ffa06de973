package org.docanchor.gateway.intake;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.receipt.ReceiptService;
import org.docanchor.gateway.web.ProblemException;
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
    private final DocumentSearch search;
    private final org.docanchor.gateway.proof.ProofService proofs;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final ReceiptService receiptSigner;

    public DocumentResource(DocumentService documents, SecurityIdentity identity, AuditLog audit,
            DocumentSearch search, org.docanchor.gateway.proof.ProofService proofs,
            com.fasterxml.jackson.databind.ObjectMapper json, ReceiptService receiptSigner) {
        this.receiptSigner = receiptSigner;
        this.search = search;
        this.proofs = proofs;
        this.json = json;
        this.documents = documents;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @Operation(operationId = "submitDocument", summary = "Register one document digest",
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
        return Response.status(submission.created() > 0 ? 202 : 200).entity(signed(submission.receipts().get(0)))
                .build();
    }

    @POST
    @Path("/bulk")
    @Operation(operationId = "submitDocuments", summary = "Register up to 10,000 document digests at once",
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
        // Not signed item by item: an ES256 signature costs about 0.2 ms, 2 s for 10,000 items, five times the
        // whole request (docs/api.md, "Signed receipts"). A digest submitted alone again gets its signed receipt.
        return Response.status(submission.created() > 0 ? 202 : 200)
                .entity(new BulkReceipt(submission.created(), submission.receipts())).build();
    }

    /** Signed after the commit: a receipt is only ever signed for a stored document. */
    private Receipt signed(Receipt receipt) {
        return receipt.withJws(receiptSigner.sign(receipt.id(), receipt.digest(), receipt.algorithm(),
                receipt.department(), receipt.receivedAt()));
    }

    @GET
    @RolesAllowed({Roles.SUBMITTER, Roles.REVOKER})
    @Operation(operationId = "listDocuments", summary = "The department's own documents, oldest first",
            description = "Receipts (with status) of the caller's department only, filtered by its `reference` "
                    + "and by the time received (`from` inclusive, `to` exclusive, ISO-8601); `limit` 1 to 1000 "
                    + "(default 100). Follow `next` with `?after=` for the next page (keyset pagination: the same "
                    + "filters, in the same order).")
    @APIResponse(responseCode = "200", description = "A page of receipts",
            content = @Content(schema = @Schema(implementation = DocumentSearch.Page.class)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    public DocumentSearch.Page search(@QueryParam("reference") String reference, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > DocumentSearch.MAX_LIMIT) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.limit", DocumentSearch.MAX_LIMIT);
        }
        if (reference != null && (reference.isEmpty() || reference.length() > 128
                || !org.docanchor.gateway.web.Text.clean(reference))) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.reference");
        }
        if (after != null && after.length() > 200) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.cursor");
        }
        return search.find(departmentId(), department(), java.util.Optional.ofNullable(reference), time("from", from),
                time("to", to), java.util.Optional.ofNullable(after), limit);
    }

    @GET
    @Path("/export")
    @RolesAllowed({Roles.SUBMITTER, Roles.REVOKER})
    @Produces({"application/x-ndjson", "application/problem+json"})
    @Operation(operationId = "exportProofs", summary = "Export the department's proofs, one JSON document a line",
            description = "The proof document (as GET /api/v1/proofs/{digest} serves it: ANCHORED, REVOKED or "
                    + "PENDING) of each of the caller's department's documents received from `since` (inclusive) "
                    + "until `until` (exclusive, ISO-8601; both optional), oldest first, streamed as NDJSON for "
                    + "the department's archive.")
    @APIResponse(responseCode = "200", description = "NDJSON: one proof document a line",
            content = @Content(mediaType = "application/x-ndjson"))
    @APIResponse(responseCode = "400", description = "since or until is not a time")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    public Response export(@QueryParam("since") String since, @QueryParam("until") String until) {
        java.util.Optional<java.time.Instant> from = time("since", since);
        java.util.Optional<java.time.Instant> to = time("until", until);
        long departmentId = departmentId();
        String department = department();
        jakarta.ws.rs.core.StreamingOutput body = output -> {
            java.util.Optional<String> after = java.util.Optional.empty();
            do {
                DocumentSearch.Page page = search.find(departmentId, department, java.util.Optional.empty(), from, to,
                        after, EXPORT_PAGE);
                for (Object proof : proofs.proofsFor(department,
                        page.documents().stream().map(Receipt::digest).toList())) {
                    output.write(json.writeValueAsBytes(proof));
                    output.write('\n');
                }
                output.flush();
                after = java.util.Optional.ofNullable(page.next());
            } while (after.isPresent());
        };
        return Response.ok(body, "application/x-ndjson").build();
    }

    private static final int EXPORT_PAGE = 500;

    private static java.util.Optional<java.time.Instant> time(String name, String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.Instant.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.time", name);
        }
    }

    private long departmentId() {
        return identity.<Long>getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID);
    }

    private String department() {
        return identity.getPrincipal().getName();
    }
}
