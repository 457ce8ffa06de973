package org.docanchor.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.MDC;

/**
 * Records who did what, when and from where, in the transaction of the change itself: a write that commits has
 * its audit line, one that rolls back has none.
 */
@RequestScoped
public class AuditLog {

    private final SecurityIdentity identity;
    private final HttpServerRequest request;

    public AuditLog(SecurityIdentity identity, HttpServerRequest request) {
        this.identity = identity;
        this.request = request;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String target, String detail) {
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.actor = actorOf(identity);
        event.department = departmentOf(identity);
        event.action = action;
        event.target = truncate(target, 200);
        event.detail = truncate(detail, 1000);
        event.remoteAddress = truncate(remoteAddress(), 100);
        Object requestId = MDC.get("requestId");
        event.requestId = requestId == null ? null : requestId.toString();
        event.persist();
    }

    private String remoteAddress() {
        return remoteAddress(request);
    }

    /** Who acted, as the audit log names them: the key's prefix, else the principal, or "anonymous". */
    static String actorOf(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        String prefix = identity.getAttribute(ApiKeyIdentityProvider.KEY_PREFIX);
        return prefix == null ? identity.getPrincipal().getName() : prefix;
    }

    /** The department code of a department key's identity; null for operators and anonymous callers. */
    static String departmentOf(SecurityIdentity identity) {
        return identity.getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID) == null ? null
                : identity.getPrincipal().getName();
    }

    /**
     * Where a request came from, as the audit log records it: the peer address, and behind an ingress (the peer is
     * the proxy) what it says the client was, marked as such.
     */
    static String remoteAddress(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        return forwarded == null ? peer : peer + " (for " + forwarded + ")";
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
