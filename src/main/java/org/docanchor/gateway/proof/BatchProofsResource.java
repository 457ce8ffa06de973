package org.docanchor.gateway.proof;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.HexFormat;
import java.util.List;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A department's proofs in one batch, as one bundle for its archive. Only the caller's department's documents: the
 * digests a batch holds are not public (a digest can confirm a guess about a document), only each one's proof is,
 * to whoever already knows the digest.
 */
@Path("/api/v1/batches/{id}/proofs")
@Tag(name = "Batches")
@SecurityRequirement(name = "apiKey")
@RolesAllowed({Roles.SUBMITTER, Roles.REVOKER})
public class BatchProofsResource {

    /** The bundle's shape, for the OpenAPI document (the answer is streamed, field by field, in this order). */
    public record BatchProofs(long batchId, String status, String root, String department, List<ProofDocument> proofs,
            long count) {
    }

    /** Proofs assembled per query. */
    private static final int PAGE = 500;

    private final ProofService proofs;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public BatchProofsResource(ProofService proofs, SecurityIdentity identity, ObjectMapper json) {
        this.proofs = proofs;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    @Operation(operationId = "batchProofs", summary = "The caller's department's proofs in one batch, as one bundle",
            description = "A JSON object with the batch (`batchId`, `status`, `root`), the `department`, `proofs`: "
                    + "the proof document of each of the department's documents in the batch, in the order intake "
                    + "numbered them, as GET /api/v1/proofs/{digest} serves it (PENDING until the batch is "
                    + "anchored), and `count`. Streamed. Other departments' documents are never listed.")
    @APIResponse(responseCode = "200", description = "The bundle",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchProofs.class),
                    examples = @ExampleObject(name = "bundle", value = Examples.BATCH_PROOFS)))
    @APIResponse(responseCode = "400", description = "The id is not a number")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "403", description = "An operator key (admin, auditor): bundles are per department")
    @APIResponse(responseCode = "404", description = "No such batch")
    public Response bundle(@PathParam("id") long id) {
        Batch batch = QuarkusTransaction.requiringNew().call(() -> Batch.<Batch>findById(id));
        if (batch == null) {
            throw ProblemException.notFound("unknown-batch", "unknown-batch.id", id);
        }
        long departmentId = identity.<Long>getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID);
        String department = identity.getPrincipal().getName();
        StreamingOutput body = output -> {
            try (JsonGenerator out = json.createGenerator(output)) {
                out.writeStartObject();
                out.writeNumberField("batchId", batch.id);
                out.writeStringField("status", batch.status.name());
                out.writeStringField("root", "0x" + HexFormat.of().formatHex(batch.root));
                out.writeStringField("department", department);
                out.writeArrayFieldStart("proofs");
                long count = 0;
                long after = 0;
                ProofService.BatchPage page;
                do {
                    page = proofs.documentsIn(batch, departmentId, after, PAGE);
                    if (!page.digests().isEmpty()) {
                        for (ProofDocument proof : proofs.proofsFor(department, page.digests())) {
                            out.writeObject(proof);
                        }
                    }
                    count += page.digests().size();
                    after = page.lastSeq();
                    out.flush();
                } while (page.digests().size() == PAGE);
                out.writeEndArray();
                out.writeNumberField("count", count);
                out.writeEndObject();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
}
