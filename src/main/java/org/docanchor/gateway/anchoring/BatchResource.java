package org.docanchor.gateway.anchoring;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator's view of anchoring. Public: a batch holds only what is (or will be) on chain anyway, roots,
 * counts, transactions and blocks, plus a redacted last error.
 */
@Path("/api/v1/batches")
@Tag(name = "Batches", description = "Public: the state of every batch, for operators and auditors")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@PermitAll
public class BatchResource {

    /** A page of batches, newest first; {@code next} is the {@code before} of the following page. */
    public record BatchPage(List<BatchView> batches, Long next) {
    }

    @GET
    @Transactional
    @Operation(operationId = "listBatches", summary = "List batches, newest first")
    @APIResponse(responseCode = "200", description = "A page of batches")
    @APIResponse(responseCode = "400", description = "Unknown status or a limit outside 1..500")
    public BatchPage list(@QueryParam("status") String status, @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.limit", 500);
        }
        StringBuilder query = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (status != null) {
            try {
                params.put("status", Batch.Status.valueOf(status.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.batch-status");
            }
            query.append(" and status = :status");
        }
        if (before != null) {
            params.put("before", before);
            query.append(" and id < :before");
        }
        List<Batch> page = Batch.<Batch>find(query.toString(), Sort.descending("id"), params)
                .page(Page.ofSize(limit)).list();
        Long next = page.size() == limit ? page.get(page.size() - 1).id : null;
        return new BatchPage(page.stream().map(BatchView::of).toList(), next);
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(operationId = "getBatch", summary = "One batch: state, counts, transaction, attempts and last error")
    @APIResponse(responseCode = "200", description = "The batch")
    @APIResponse(responseCode = "404", description = "No such batch")
    public BatchView get(@PathParam("id") long id) {
        Batch batch = Batch.findById(id);
        if (batch == null) {
            throw ProblemException.notFound("unknown-batch", "unknown-batch.id", id);
        }
        return BatchView.of(batch);
    }
}
