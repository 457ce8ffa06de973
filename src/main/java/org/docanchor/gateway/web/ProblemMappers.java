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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.docanchor.gateway.chain.ChainUnavailableException;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into HTTP answers: RFC 9457 problem documents, never internals. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ResourceMethods resourceMethods;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    // One mapper per Jackson type: each overrides the built-in mapper of the same type, which answers plain JSON.
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(describe(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return respond(describe(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e, UriInfo uri) {
        return respond(describe(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(describe(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonFormat(InvalidFormatException e, UriInfo uri) {
        return respond(describe(e), uri);
    }

    @ServerExceptionMapper
    public Response jsonDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri) {
        return respond(Problem.of(400, "malformed-json", "Malformed JSON",
                "the body does not fit the documented shape (a field given twice?)"), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "the API key is unknown, expired or revoked" : e.getMessage();
        return Response.fromResponse(respond(Problem.of(401, "unauthenticated", "Authentication failed", detail), uri))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(401, "unauthenticated", "Authentication required",
                "this endpoint needs 'Authorization: Bearer <department API key>'"), uri))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Not allowed",
                "the credential does not hold the role this endpoint needs"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        int status = e.getResponse().getStatus();
        boolean wrongMethod = e instanceof NotAllowedException || (e instanceof NotFoundException
                && e.getCause() == null && !allowed(uri).isEmpty() && !allowed(uri).contains(request.getMethod()));
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(describe(json), uri);
        }
        Problem problem = switch (e) {
            // RESTEasy answers some wrong methods 404 (when several resource classes share the path's start).
            case WebApplicationException w when wrongMethod -> Problem.of(405, "method-not-allowed",
                    "Method not allowed", "allowed: " + String.join(", ", allowed(uri)));
            // A query or path parameter that does not convert (?limit=abc) arrives as a 404 with a cause: it is
            // the caller's parameter that is wrong, not the path.
            case NotFoundException nf when nf.getCause() != null -> Problem.of(400, "invalid-parameter",
                    "Invalid parameter", "a query or path parameter has the wrong type (a number was expected?)");
            case NotFoundException nf -> Problem.of(404, "not-found", "Not found", "no resource at this path");
            case NotSupportedException ns -> Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    tsa(uri) ? BodyLimitFilter.TIME_STAMP_QUERY_DETAIL : "send the body as application/json");
            case NotAcceptableException na -> Problem.of(406, "not-acceptable", "Not acceptable",
                    tsa(uri) ? "this endpoint answers application/timestamp-reply (the certificate: "
                            + "application/pem-certificate-chain or application/pkix-cert) or application/problem+json"
                            : "this endpoint answers application/json or application/problem+json");
            default -> status >= 500
                    ? internal(e)
                    : Problem.of(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                            ? "Request failed" : Response.Status.fromStatusCode(status).getReasonPhrase(),
                            "the request could not be processed");
        };
        Response response = respond(problem, uri);
        if (wrongMethod) {
            return Response.fromResponse(response).allow(allowed(uri)).build();
        }
        return response;
    }

    private static boolean tsa(UriInfo uri) {
        return uri != null && uri.getPath().startsWith("/api/v1/tsa");
    }

    private Set<String> allowed(UriInfo uri) {
        return resourceMethods.allowedAt("/" + uri.getPath().replaceFirst("^/+", ""));
    }

    @ServerExceptionMapper
    public Response chainDown(ChainUnavailableException e, UriInfo uri) {
        LOG.warnf("Chain unavailable: %s", e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "chain-unavailable", "Chain unavailable",
                "the gateway cannot reach its chain node right now; try again shortly"), uri))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (databaseRefusedInput(e)) {
            // A value the checks let through but PostgreSQL refuses (SQLState class 22): the caller's input.
            return respond(Problem.of(400, "invalid-request", "The request is invalid",
                    "a value in the request cannot be stored (invalid characters or range)"), uri);
        }
        if (databaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return Response.fromResponse(respond(Problem.of(503, "database-unavailable", "Database unavailable",
                    "the gateway cannot reach its database right now; nothing from this request was stored. "
                            + "Try again shortly"), uri)).header("Retry-After", "5").build();
        }
        return respond(internal(e), uri);
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
        return Problem.of(500, "internal-error", "Internal error",
                "the gateway failed unexpectedly; nothing was accepted by this request. Incident " + incident);
    }

    static Problem describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return ProblemException.invalid(List.of(new Problem.FieldError(pointer(u),
                    "unknown field '" + u.getPropertyName() + "'"))).problem();
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            JsonMappingException m = (JsonMappingException) e;
            String pointer = pointer(m);
            String detail = pointer.isEmpty() ? "the body must be a JSON object of the documented shape"
                    : "wrong type for this field (" + expected(m) + ")";
            return ProblemException.invalid(List.of(new Problem.FieldError(pointer.isEmpty() ? "/" : pointer,
                    detail))).problem();
        }
        return Problem.of(400, "malformed-json", "Malformed JSON",
                "the body is not well-formed JSON" + location(e));
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> type = m.getTargetType();
            if (type == String.class) {
                return "expected a string";
            }
            if (List.class.isAssignableFrom(type) || type.isArray()) {
                return "expected an array";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "expected a number";
            }
            return "expected an object";
        }
        return "unexpected value";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
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

    static Response respond(Problem problem, UriInfo uri) {
        Problem located = uri == null ? problem : problem.at(uri.getPath());
        if (uri != null && uri.getPath().startsWith("/api/v1/documents")) {
            io.micrometer.core.instrument.Metrics.counter("anchor.submissions.rejected",
                    "status", Integer.toString(problem.status())).increment();
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(located).build();
    }
}
