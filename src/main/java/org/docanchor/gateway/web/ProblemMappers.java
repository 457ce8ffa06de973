package org.docanchor.gateway.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.identity.CredentialRefused;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into HTTP answers: RFC 9457 problem documents, never internals. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ResourceMethods resourceMethods;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.problem(), uri, headers);
    }

    // One mapper per Jackson type: each overrides the built-in mapper of the same type, which answers plain JSON.
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        return respond(describe(e), uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri, HttpHeaders headers) {
        return respond(describe(e), uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return respond(describe(e), uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(UnrecognizedPropertyException e, UriInfo uri, HttpHeaders headers) {
        return respond(describe(e), uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonFormat(InvalidFormatException e, UriInfo uri, HttpHeaders headers) {
        return respond(describe(e), uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri,
            HttpHeaders headers) {
        return respond(Problem.of(400, "malformed-json", "malformed-json.shape"), uri, headers);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        Problem problem = Problem.of(401, "unauthenticated", "unauthenticated.unknown-key");
        problem = new Problem(401, "unauthenticated", problem.title(),
                CredentialRefused.why(e).orElse(problem.detail()), null, List.of());
        return Response.fromResponse(respond(problem, uri, headers)).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return Response.fromResponse(respond(Problem.of(401, "unauthenticated", "unauthenticated.anonymous")
                .titled("unauthenticated.title-required"), uri, headers)).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(Problem.of(403, "forbidden", "forbidden.role"), uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, jakarta.ws.rs.core.Request request,
            HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        boolean wrongMethod = e instanceof NotAllowedException || (e instanceof NotFoundException
                && e.getCause() == null && !allowed(uri).isEmpty() && !allowed(uri).contains(request.getMethod()));
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(describe(json), uri, headers);
        }
        Problem problem = switch (e) {
            // RESTEasy answers some wrong methods 404 (when several resource classes share the path's start).
            case WebApplicationException w when wrongMethod -> Problem.of(405, "method-not-allowed",
                    "method-not-allowed.allowed", String.join(", ", allowed(uri)));
            // A query or path parameter that does not convert (?limit=abc) arrives as a 404 with a cause: it is
            // the caller's parameter that is wrong, not the path.
            case NotFoundException nf when nf.getCause() != null -> Problem.of(400, "invalid-parameter",
                    "invalid-parameter.type");
            case NotFoundException nf -> Problem.of(404, "not-found", "not-found.path");
            case NotSupportedException ns -> Problem.of(415, "unsupported-media-type",
                    tsa(uri) ? "unsupported-media-type.time-stamp-query" : "unsupported-media-type.json");
            case NotAcceptableException na -> Problem.of(406, "not-acceptable",
                    tsa(uri) ? "not-acceptable.tsa" : "not-acceptable.json");
            default -> status >= 500 ? internal(e) : otherStatus(status);
        };
        Response response = respond(problem, uri, headers);
        if (wrongMethod) {
            return Response.fromResponse(response).allow(allowed(uri)).build();
        }
        return response;
    }

    /** A client error status no other mapping names, {@code http-<status>}. */
    static Problem otherStatus(int status) {
        return new Problem(status, "http-" + status, Message.of("http.title", status), Message.of("http.detail"), null,
                List.of());
    }

    private static boolean tsa(UriInfo uri) {
        return uri != null && uri.getPath().startsWith("/api/v1/tsa");
    }

    private Set<String> allowed(UriInfo uri) {
        return resourceMethods.allowedAt("/" + uri.getPath().replaceFirst("^/+", ""));
    }

    @ServerExceptionMapper
    public Response chainDown(ChainUnavailableException e, UriInfo uri, HttpHeaders headers) {
        LOG.warnf("Chain unavailable: %s", e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "chain-unavailable", "chain-unavailable.retry"), uri,
                headers)).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (databaseRefusedInput(e)) {
            // A value the checks let through but PostgreSQL refuses (SQLState class 22): the caller's input.
            return respond(Problem.of(400, "invalid-request", "invalid-request.unstorable"), uri, headers);
        }
        if (databaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return Response.fromResponse(respond(Problem.of(503, "database-unavailable",
                    "database-unavailable.retry"), uri, headers)).header("Retry-After", "5").build();
        }
        return respond(internal(e), uri, headers);
    }

    static boolean databaseRefusedInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code e} comes from a database that cannot be reached (connection refused, lost, pool timeout). */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The commit itself failed and the transaction was rolled back (the database went away between the
            // last statement and the commit): nothing was stored, the caller should retry.
            if (t instanceof jakarta.transaction.RollbackException) {
                return true;
            }
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                // 40001/40P01: a serialization failure or deadlock that survived the service's own retries.
                if (state != null && (state.startsWith("08") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
                if (sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Problem internal(Throwable e) {
        String incident = RequestIds.current() == null ? UUID.randomUUID().toString() : RequestIds.current();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return Problem.of(500, "internal-error", "internal-error.incident", incident);
    }

    static Problem describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return ProblemException.invalid(List.of(Problem.FieldError.of(pointer(u), "field.unknown",
                    u.getPropertyName()))).problem();
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            JsonMappingException m = (JsonMappingException) e;
            String pointer = pointer(m);
            Problem.FieldError error = pointer.isEmpty() ? Problem.FieldError.of("/", "field.body-shape")
                    : Problem.FieldError.of(pointer, "field.wrong-type", Message.of(expected(m)));
            return ProblemException.invalid(List.of(error)).problem();
        }
        return e.getLocation() == null ? Problem.of(400, "malformed-json", "malformed-json.syntax")
                : Problem.of(400, "malformed-json", "malformed-json.syntax-at", e.getLocation().getLineNr(),
                        e.getLocation().getColumnNr());
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> type = m.getTargetType();
            if (type == String.class) {
                return "expected.string";
            }
            if (List.class.isAssignableFrom(type) || type.isArray()) {
                return "expected.array";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "expected.number";
            }
            return "expected.object";
        }
        return "expected.other";
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    static Response respond(Problem problem, UriInfo uri, HttpHeaders headers) {
        Problem located = uri == null ? problem : problem.at(uri.getPath());
        if (uri != null && uri.getPath().startsWith("/api/v1/documents")) {
            io.micrometer.core.instrument.Metrics.counter("anchor.submissions.rejected",
                    "status", Integer.toString(problem.status())).increment();
        }
        java.util.Locale locale = Languages.of(headers == null ? null
                : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(located.in(locale))
                .header(HttpHeaders.CONTENT_LANGUAGE, Languages.tag(locale))
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).build();
    }
}
