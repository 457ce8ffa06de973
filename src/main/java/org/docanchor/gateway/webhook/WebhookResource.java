package org.docanchor.gateway.webhook;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import io.quarkus.security.identity.SecurityIdentity;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.Department;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.gateway.web.Text;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Departments' webhook endpoints, for administrators: register one (the secret is answered once), list them, see
 * one with its recent delivery attempts, rotate its secret, delete it. Every change is in the audit log, never the
 * secret.
 */
@Path("/api/v1/admin/webhooks")
@Tag(name = "Webhooks", description = "Departments' webhook endpoints (role: admin)")
@SecurityRequirement(name = "apiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    private static final int MAX_URL = 2000;
    private static final int RECENT_ATTEMPTS = 20;

    /** A new endpoint: the department whose events it gets, its URL, the event types, an optional description. */
    public record EndpointRequest(String department, String url, List<String> eventTypes, String description) {
    }

    /** Deliveries of an endpoint by status (one per event; a document.anchored one spans pages of documents). */
    public record DeliveryCounts(long pending, long delivered, long failed) {
    }

    /** An endpoint as administrators see it: never its secret. */
    public record EndpointView(long id, String department, String url, List<String> eventTypes, String description,
            boolean enabled, Instant createdAt, String createdBy, Instant previousSecretValidUntil,
            DeliveryCounts deliveries) {
    }

    /** One delivery attempt: when, which message, the HTTP status or the error, how long it took. */
    public record AttemptView(Instant at, String messageId, Integer statusCode, String error, int durationMs) {
    }

    /** A delivery still pending after failures, or given up. */
    public record DeliveryView(long id, String eventType, Long batchId, String status, int attempts,
            Instant firstFailedAt, Instant nextAttemptAt, String lastError) {
    }

    /** An endpoint with its most recent attempts and the deliveries that are failing or failed. */
    public record EndpointDetail(EndpointView endpoint, List<AttemptView> recentAttempts,
            List<DeliveryView> troubled) {
    }

    /** The only time the secret is shown: at creation and after a rotation. */
    public record SecretView(EndpointView endpoint, String secret) {
    }

    private final AuditLog audit;
    private final TargetGuard guard;
    private final WebhookConfig config;
    private final SecurityIdentity identity;

    public WebhookResource(AuditLog audit, WebhookConfig config, SecurityIdentity identity) {
        this.audit = audit;
        this.identity = identity;
        this.config = config;
        this.guard = WebhookDispatcher.guard(config);
    }

    @POST
    @Transactional
    @Operation(operationId = "registerWebhook", summary = "Register a department's webhook endpoint; the answer holds its signing secret, once",
            description = "eventTypes: document.anchored, document.revoked, batch.failed. The URL must be https in "
                    + "production, and must not resolve to a loopback, private, link-local or other internal "
                    + "address unless anchor.webhooks.allowed-hosts names its host (docs/integration.md).")
    @APIResponse(responseCode = "201", description = "Registered; the secret (whsec_...) is never shown again")
    @APIResponse(responseCode = "400", description = "Unknown department, invalid URL or refused target, unknown "
            + "event type")
    public Response create(EndpointRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Department department = null;
        if (request == null || request.department() == null || request.department().length() > 32) {
            errors.add(FieldError.of("/department", "webhook.department"));
        } else {
            department = Department.findByCode(request.department());
            if (department == null) {
                errors.add(FieldError.of("/department", "unknown-department.code", request.department()));
            }
        }
        String url = request == null ? null : request.url();
        if (url == null || url.isBlank() || url.length() > MAX_URL || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            errors.add(FieldError.of("/url", "webhook.url", MAX_URL));
        } else {
            guard.refusal(url).ifPresent(problem -> errors.add(new FieldError("/url", problem)));
        }
        List<String> types = eventTypes(request == null ? null : request.eventTypes(), errors);
        String description = request == null ? null : request.description();
        if (description != null && (description.length() > 200 || !Text.clean(description))) {
            errors.add(FieldError.of("/description", "webhook.description"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.department = department;
        endpoint.url = url;
        endpoint.eventTypes = types.toArray(String[]::new);
        endpoint.description = description;
        endpoint.secret = WebhookSignature.newSecret();
        endpoint.createdBy = actor();
        endpoint.persist();
        audit.record("webhook.create", department.code, "endpoint " + endpoint.id + " " + url + " for "
                + String.join(", ", types));
        return Response.status(201).entity(new SecretView(view(endpoint), endpoint.secret)).build();
    }

    @GET
    @Transactional
    @Operation(operationId = "listWebhooks", summary = "List webhook endpoints, optionally of one department")
    @APIResponse(responseCode = "200", description = "The endpoints, without their secrets")
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one")
    @APIResponse(responseCode = "403", description = "Not an admin key")
    public List<EndpointView> list(@QueryParam("department") String department) {
        List<WebhookEndpoint> endpoints = department == null
                ? WebhookEndpoint.<WebhookEndpoint>list("order by id")
                : WebhookEndpoint.<WebhookEndpoint>list("department.code = ?1 order by id", department);
        return endpoints.stream().map(WebhookResource::view).toList();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(operationId = "getWebhook",
            summary = "One webhook endpoint, its last delivery attempts and its failing deliveries")
    @APIResponse(responseCode = "200", description = "The endpoint")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public EndpointDetail get(@PathParam("id") long id) {
        WebhookEndpoint endpoint = find(id);
        @SuppressWarnings("unchecked")
        List<Object[]> attempts = Panache.getEntityManager().createNativeQuery("""
                select attempted_at, message_id, status_code, error, duration_ms from webhook_attempt
                 where endpoint_id = ?1 order by id desc limit ?2""")
                .setParameter(1, id).setParameter(2, RECENT_ATTEMPTS).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> troubled = Panache.getEntityManager().createNativeQuery("""
                select id, event_type, batch_id, status, attempts, first_failed_at, next_attempt_at, last_error
                  from webhook_delivery
                 where endpoint_id = ?1 and (status = 'FAILED' or (status = 'PENDING' and attempts > 0))
                 order by id desc limit ?2""").setParameter(1, id).setParameter(2, RECENT_ATTEMPTS).getResultList();
        return new EndpointDetail(view(endpoint),
                attempts.stream().map(r -> new AttemptView(instant(r[0]), (String) r[1],
                        r[2] == null ? null : ((Number) r[2]).intValue(), (String) r[3], ((Number) r[4]).intValue()))
                        .toList(),
                troubled.stream().map(r -> new DeliveryView(((Number) r[0]).longValue(), (String) r[1],
                        r[2] == null ? null : ((Number) r[2]).longValue(), (String) r[3], ((Number) r[4]).intValue(),
                        instant(r[5]), instant(r[6]), (String) r[7])).toList());
    }

    @POST
    @Path("/{id}/secret")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate an endpoint's signing secret; the answer holds the new one, once",
            description = "For anchor.webhooks.rotation-grace (24 h) messages carry two signatures, with the new "
                    + "and the previous secret, so that the receiver can switch without losing any.")
    @APIResponse(responseCode = "200", description = "Rotated; the new secret is never shown again")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public SecretView rotate(@PathParam("id") long id) {
        WebhookEndpoint endpoint = find(id);
        endpoint.previousSecret = endpoint.secret;
        endpoint.previousSecretUntil = Instant.now().plus(config.rotationGrace());
        endpoint.secret = WebhookSignature.newSecret();
        audit.record("webhook.rotate-secret", endpoint.department.code, "endpoint " + id
                + ", previous secret valid until " + endpoint.previousSecretUntil);
        return new SecretView(view(endpoint), endpoint.secret);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @Operation(operationId = "deleteWebhook",
            summary = "Delete a webhook endpoint: nothing more is sent to it, its pending deliveries are dropped")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Response delete(@PathParam("id") long id) {
        WebhookEndpoint endpoint = find(id);
        audit.record("webhook.delete", endpoint.department.code, "endpoint " + id + " " + endpoint.url);
        endpoint.delete();
        return Response.noContent().build();
    }

    private static List<String> eventTypes(List<String> given, List<FieldError> errors) {
        if (given == null || given.isEmpty() || given.size() > WebhookEvents.ALL.size()) {
            errors.add(FieldError.of("/eventTypes", "admin.roles", WebhookEvents.ALL));
            return List.of();
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String type = given.get(i);
            if (type == null || !WebhookEvents.ALL.contains(type)) {
                errors.add(FieldError.of("/eventTypes/" + i, "webhook.event-type", WebhookEvents.ALL));
            } else if (!types.add(type)) {
                errors.add(FieldError.of("/eventTypes/" + i, "webhook.event-type-twice"));
            }
        }
        return List.copyOf(types);
    }

    private static WebhookEndpoint find(long id) {
        return Optional.ofNullable(WebhookEndpoint.<WebhookEndpoint>findById(id)).orElseThrow(() ->
                ProblemException.notFound("unknown-webhook", "unknown-webhook.id", id));
    }

    private static EndpointView view(WebhookEndpoint e) {
        Object[] counts = (Object[]) Panache.getEntityManager().createNativeQuery("""
                select count(*) filter (where status = 'PENDING'), count(*) filter (where status = 'DELIVERED'),
                       count(*) filter (where status = 'FAILED') from webhook_delivery where endpoint_id = ?1""")
                .setParameter(1, e.id == null ? -1 : e.id).getSingleResult();
        Instant grace = e.previousSecretUntil != null && e.previousSecretUntil.isAfter(Instant.now())
                ? e.previousSecretUntil : null;
        return new EndpointView(e.id, e.department.code, e.url, List.of(e.eventTypes), e.description, e.enabled,
                e.createdAt, e.createdBy, grace, new DeliveryCounts(((Number) counts[0]).longValue(),
                        ((Number) counts[1]).longValue(), ((Number) counts[2]).longValue()));
    }

    /** Who registers the endpoint, as the audit log names them (the key's prefix). */
    private String actor() {
        String prefix = identity.getAttribute(ApiKeyIdentityProvider.KEY_PREFIX);
        return prefix == null ? identity.getPrincipal().getName() : prefix;
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case java.sql.Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }
}
