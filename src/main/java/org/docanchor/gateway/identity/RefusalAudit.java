package org.docanchor.gateway.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.docanchor.gateway.web.RequestIds;
import org.jboss.logging.Logger;

/**
 * Audits what was refused on the admin and write endpoints: a 401 or 403 ({@code request.denied}) and any other
 * error answer but 429 ({@code request.failed}), with who presented what (the key prefix, never the key), the method and
 * path (never the query string), the status, the peer address and the request id. Successful changes are audited
 * by the change itself ({@link AuditLog}), in its transaction.
 *
 * <p>A refusal is written after its answer has gone, by one background thread through a bounded queue, so that a
 * flood of bad requests costs neither the event loop nor a worker; when the queue is full (10,000 waiting) further
 * refusals are counted in {@code gateway.audit.refusals.dropped} instead of written. The per-address limits bound
 * how fast refusals arrive.
 */
@ApplicationScoped
public class RefusalAudit {

    private static final Logger LOG = Logger.getLogger(RefusalAudit.class);
    private static final int QUEUE = 10_000;

    private final ThreadPoolExecutor writer;
    private final Counter dropped;

    public RefusalAudit(MeterRegistry registry) {
        this.dropped = Counter.builder("gateway.audit.refusals.dropped")
                .description("Refused admin or write requests not audited because the audit queue was full")
                .register(registry);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "refusal-audit");
            thread.setDaemon(true);
            return thread;
        }, (runnable, executor) -> dropped.increment());
    }

    void install(@Observes Router router) {
        router.route().order(-150).handler(this::watch);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Whether refusals of this request are audited: admin and audit endpoints, and every write under /api/. */
    static boolean audited(HttpMethod method, String path) {
        if (path == null || !path.startsWith("/api/")) {
            return false;
        }
        if (path.startsWith("/api/v1/admin/") || path.equals("/api/v1/admin") || path.startsWith("/api/v1/audit")) {
            return true;
        }
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        // POST /api/v1/verify is a public read that happens to carry a body.
        return !read && !path.equals("/api/v1/verify");
    }

    private void watch(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (audited(request.method(), request.path())) {
            String method = request.method().name();
            String path = request.path();
            String presented = request.getHeader("Authorization");
            String from = AuditLog.remoteAddress(request);
            context.addEndHandler(ended -> {
                int status = context.response().getStatusCode();
                // A 429 is the per-address limit at work (counted in anchor_client_limit_refusals_total): auditing
                // each would let a flood write the audit log as fast as it arrives.
                if (status < 400 || status == 429) {
                    return;
                }
                AuditEvent event = new AuditEvent();
                event.at = Instant.now();
                SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user
                        ? user.getSecurityIdentity() : null;
                if (identity != null && !identity.isAnonymous()) {
                    event.actor = AuditLog.actorOf(identity);
                    event.department = AuditLog.departmentOf(identity);
                } else {
                    event.actor = presentedPrefix(presented);
                }
                event.action = status == 401 || status == 403 ? "request.denied" : "request.failed";
                event.target = truncate(method + " " + path, 200);
                event.detail = String.valueOf(status);
                event.remoteAddress = truncate(from, 100);
                event.requestId = truncate(context.response().headers().get(RequestIds.HEADER), 64);
                writer.execute(() -> write(event));
            });
        }
        context.next();
    }

    /** "anonymous", or the prefix of the key presented (checked against the key format, else "malformed key"). */
    static String presentedPrefix(String authorization) {
        if (authorization == null) {
            return "anonymous";
        }
        String key = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
        String prefix = ApiKeys.prefixOf(key);
        return "malformed".equals(prefix) ? "malformed key" : "presented " + prefix;
    }

    private static void write(AuditEvent event) {
        try {
            QuarkusTransaction.requiringNew().run(event::persist);
        } catch (RuntimeException e) {
            // The database may be down; the refusal was answered all the same.
            LOG.warnf("could not audit refused %s (%s): %s", event.target, event.detail, e.toString());
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
