package org.docanchor.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads every request body on the event loop, before a worker thread is involved, and refuses what should not
 * reach the application, each with a problem document:
 * <ul>
 * <li>413 when the bytes actually received exceed the endpoint's limit (declared by Content-Length or not:
 * chunked bodies are counted as they arrive);</li>
 * <li>408 when the body is not complete within {@code anchor.http.body-read-timeout} (a slow or stalled client
 * holds a connection, never a worker);</li>
 * <li>415 for a body under {@code /api/} that is not declared {@code application/json} in UTF-8, and 400 for one
 * that is not well-formed UTF-8 (overlong forms, encoded surrogates); the time-stamping authority's
 * {@code POST /api/v1/tsa} instead takes {@code application/timestamp-query} only (415 otherwise, even without a
 * body), as binary;</li>
 * <li>400 for framing a proxy may read differently: a Transfer-Encoding other than {@code chunked}, or one
 * together with Content-Length, and a request with several Authorization headers.</li>
 * </ul>
 * The whole body is then handed to the REST layer, which reads it from memory. Framework endpoints under {@code /q/}
 * answer GET and HEAD only (405 otherwise), and failures the HTTP layer raises with a bare status (a request with no
 * {@code Host}) are answered with a problem document too.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final Logger LOG = Logger.getLogger(BodyLimitFilter.class);

    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final long bulkLimit;
    private final long defaultLimit;
    private final long readTimeoutMillis;

    public BodyLimitFilter(ObjectMapper mapper, Vertx vertx,
            @ConfigProperty(name = "anchor.http.max-bulk-body-size", defaultValue = "4194304") long bulkLimit,
            @ConfigProperty(name = "anchor.http.max-body-size", defaultValue = "65536") long defaultLimit,
            @ConfigProperty(name = "anchor.http.body-read-timeout", defaultValue = "10s") Duration readTimeout) {
        this.mapper = mapper;
        this.vertx = vertx;
        this.bulkLimit = bulkLimit;
        this.defaultLimit = defaultLimit;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    }

    void install(@Observes Router router) {
        router.route().order(-200).failureHandler(this::statusOnlyFailure);
        router.route().order(-100).handler(this::handle);
    }

    /**
     * Client errors the HTTP layer raises itself, with a bare status or a Vert.x exception (a request without
     * {@code Host} is such a 400), become problem documents instead of the framework's error page, which names the
     * exception.
     */
    private void statusOnlyFailure(RoutingContext context) {
        int status = context.statusCode();
        boolean bareFailure = context.failure() == null || context.failure() instanceof io.vertx.core.VertxException;
        if (!bareFailure || status < 400 || status > 499 || context.response().ended()) {
            context.next();
            return;
        }
        boolean noHost = context.request().version() == io.vertx.core.http.HttpVersion.HTTP_1_1
                && context.request().getHeader("Host") == null;
        refuse(context, noHost
                ? Problem.of(400, "invalid-request", "invalid-request.host")
                : ProblemMappers.otherStatus(status));
    }

    /** Framework endpoints under /q/ (health, metrics, OpenAPI, Swagger UI) are read-only: GET and HEAD. */
    private boolean refusedFrameworkMethod(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path == null || !path.startsWith("/q/") || path.startsWith("/q/dev")
                || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return false;
        }
        context.response().putHeader("Allow", "GET, HEAD");
        refuse(context, Problem.of(405, "method-not-allowed", "method-not-allowed.allowed", "GET, HEAD"));
        return true;
    }

    private void handle(RoutingContext context) {
        if (refusedFrameworkMethod(context)) {
            return;
        }
        HttpServerRequest request = context.request();
        List<String> authorization = request.headers().getAll("Authorization");
        if (authorization.size() > 1) {
            refuse(context, Problem.of(400, "ambiguous-request", "ambiguous-request.authorization",
                    authorization.size()));
            return;
        }
        List<String> transferEncoding = request.headers().getAll("Transfer-Encoding");
        String length = request.getHeader("Content-Length");
        if (!transferEncoding.isEmpty()) {
            boolean chunkedOnly = transferEncoding.size() == 1
                    && transferEncoding.get(0).strip().equalsIgnoreCase("chunked");
            if (!chunkedOnly || length != null) {
                refuse(context, Problem.of(400, "ambiguous-request", "ambiguous-request.framing"));
                return;
            }
        }
        long limit = request.path().endsWith("/documents/bulk") ? bulkLimit : defaultLimit;
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = Long.MAX_VALUE;
        }
        if (declared > limit) {
            refuse(context, declared == Long.MAX_VALUE
                    ? Problem.of(413, "body-too-large", "body-too-large.unreadable-length", limit)
                    : Problem.of(413, "body-too-large", "body-too-large.declared", limit, declared));
            return;
        }
        boolean hasBody = declared > 0 || !transferEncoding.isEmpty();
        boolean timeStampQuery = isTimeStampQueryPath(request);
        if (timeStampQuery) {
            // RFC 3161 over HTTP: the body is a DER TimeStampReq, never JSON; an empty one is the TSA's to reject.
            if (!isTimeStampQuery(request.getHeader("Content-Type"))) {
                refuse(context, Problem.of(415, "unsupported-media-type",
                        "unsupported-media-type.time-stamp-query"));
                return;
            }
        } else if (hasBody && request.path().startsWith("/api/") && !isUtf8Json(request.getHeader("Content-Type"))) {
            refuse(context, Problem.of(415, "unsupported-media-type", "unsupported-media-type.utf-8-json"));
            return;
        }
        if (!hasBody || request.isEnded()) {
            context.next();
            return;
        }
        readBody(context, limit);
    }

    private void readBody(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] done = {false};
        long timer = vertx.setTimer(readTimeoutMillis, id -> {
            if (!done[0]) {
                done[0] = true;
                LOG.debugf("Body of %s %s not complete after %d ms: 408", request.method(), request.path(),
                        readTimeoutMillis);
                refuse(context, Problem.of(408, "request-timeout", "request-timeout.body", readTimeoutMillis));
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                done[0] = true;
                vertx.cancelTimer(timer);
                refuse(context, Problem.of(413, "body-too-large", "body-too-large.sent-more", limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (!done[0]) {
                done[0] = true;
                vertx.cancelTimer(timer);
                // The client went away mid-body: nothing to answer and nothing worth a stack trace.
                LOG.debugf("Request body of %s aborted: %s", request.path(), failure.toString());
            }
        });
        request.endHandler(end -> {
            if (!done[0]) {
                done[0] = true;
                vertx.cancelTimer(timer);
                long bad = request.path().startsWith("/api/") && !isTimeStampQueryPath(request)
                        ? firstMalformedUtf8(body.getBytes()) : -1;
                if (bad >= 0) {
                    refuse(context, Problem.of(400, "malformed-json", "malformed-json.utf-8", bad));
                    return;
                }
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    /**
     * The offset of the first byte sequence that is not well-formed UTF-8, or -1. Strict as Java's decoder is:
     * overlong forms (C0 AF for '/'), encoded surrogates (CESU-8) and code points above U+10FFFF are malformed,
     * where Jackson would decode some of them to the character they spell.
     */
    static long firstMalformedUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return decoder.flush(out.clear()).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    /** A POST to the time-stamping authority, whose body is a binary RFC 3161 request. */
    static boolean isTimeStampQueryPath(HttpServerRequest request) {
        String path = request.path();
        return request.method() == HttpMethod.POST && path != null
                && (path.equals("/api/v1/tsa") || path.equals("/api/v1/tsa/"));
    }

    /** True for {@code application/timestamp-query} (RFC 3161 section 3.4), parameters ignored. */
    static boolean isTimeStampQuery(String contentType) {
        return contentType != null
                && contentType.split(";")[0].strip().equalsIgnoreCase("application/timestamp-query");
    }

    /** True for {@code application/json}, with no charset or with charset UTF-8 (RFC 8259: JSON is UTF-8). */
    static boolean isUtf8Json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private void refuse(RoutingContext context, Problem problem) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        java.util.Locale locale = Languages.of(context.request().getHeader("Accept-Language"));
        String body;
        try {
            body = mapper.writeValueAsString(problem.at(context.request().path()).in(locale));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        // Close afterwards: the rest of an unread body must not be taken for the next request.
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Content-Language", Languages.tag(locale)).putHeader("Vary", "Accept-Language")
                .putHeader("Connection", "close").end(body).onComplete(done -> closeAfterLinger(context.request()));
    }

    /** Most of a refused body read and dropped before the connection closes, and for how long at most. */
    private static final long LINGER_BYTES = 1 << 20;
    private static final long LINGER_MILLIS = 1_000;

    /**
     * Closes the connection once the client has sent the rest of its body, or after {@link #LINGER_BYTES} or
     * {@link #LINGER_MILLIS}, whichever comes first. Closing with the body still arriving makes the kernel answer
     * with a reset, which can reach the client before it reads the answer: it would see a broken connection instead
     * of the problem document (RFC 9112, section 9.6, lingering close).
     */
    private void closeAfterLinger(HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long[] dropped = {0};
        boolean[] closed = {false};
        Runnable close = () -> {
            if (!closed[0]) {
                closed[0] = true;
                request.connection().close();
            }
        };
        long timer = vertx.setTimer(LINGER_MILLIS, id -> close.run());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                close.run();
            }
        });
        request.exceptionHandler(failure -> {
            vertx.cancelTimer(timer);
            close.run();
        });
        request.endHandler(end -> {
            vertx.cancelTimer(timer);
            close.run();
        });
        request.resume();
    }
}
