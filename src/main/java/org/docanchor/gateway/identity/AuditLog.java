package org.docanchor.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
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

    /** Appends the event in the caller's transaction: one INSERT, nothing for the session to track. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String target, String detail) {
        Object requestId = MDC.get("requestId");
        AuditEvent.getEntityManager().createNativeQuery("""
                insert into audit_event (at, actor, department, action, target, detail, remote_address, request_id)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, java.time.OffsetDateTime.now())
                .setParameter(2, actorOf(identity))
                .setParameter(3, departmentOf(identity))
                .setParameter(4, action)
                .setParameter(5, truncate(target, 200))
                .setParameter(6, truncate(detail, 1000))
                .setParameter(7, truncate(remoteAddress(), 100))
                .setParameter(8, requestId == null ? null : requestId.toString())
                .executeUpdate();
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
