package org.docanchor.gateway.identity;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log, newest first, for auditors and administrators. There is no way to change it. */
@Path("/api/v1/audit")
@Tag(name = "Administration")
@SecurityRequirement(name = "apiKey")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class AuditResource {

    /** One audit line. */
    public record AuditView(long id, Instant at, String actor, String department, String action, String target,
            String detail, String remoteAddress, String requestId) {
    }

    /** A page of audit lines; {@code next} is the {@code before} of the following page. */
    public record AuditPage(List<AuditView> events, Long next) {
    }

    @GET
    @Transactional
    @Operation(operationId = "readAuditLog", summary = "Read the audit log, newest first")
    @APIResponse(responseCode = "200", description = "A page of events")
    @APIResponse(responseCode = "400", description = "A limit outside 1..500")
    public AuditPage read(@QueryParam("before") Long before, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.limit", 500);
        }
        List<AuditEvent> page = (before == null ? AuditEvent.<AuditEvent>findAll(Sort.descending("id"))
                : AuditEvent.<AuditEvent>find("id < ?1", Sort.descending("id"), before))
                .page(Page.ofSize(limit)).list();
        return new AuditPage(page.stream().map(e -> new AuditView(e.id, e.at, e.actor, e.department, e.action,
                e.target, e.detail, e.remoteAddress, e.requestId)).toList(),
                page.size() == limit ? page.get(page.size() - 1).id : null);
    }
}
