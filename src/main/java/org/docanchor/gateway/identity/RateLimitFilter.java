package org.docanchor.gateway.identity;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.docanchor.gateway.web.Languages;
import org.docanchor.gateway.web.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Answers 429 with Retry-After when a credential exceeds its rate. */
public class RateLimitFilter {

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identity;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identity) {
        this.limiter = limiter;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (request.getHeaderString("Authorization") == null) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity().onItem().transform(current -> {
            long wait = limiter.acquire(current);
            if (wait == 0) {
                return null;
            }
            Problem problem = Problem.of(429, "rate-limited", "rate-limited.credential", wait)
                    .at(request.getUriInfo().getPath());
            java.util.Locale locale = Languages.of(request.getHeaderString("Accept-Language"));
            return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(wait))
                    .header("Content-Language", Languages.tag(locale)).header("Vary", "Accept-Language")
                    .entity(problem.in(locale)).build();
        }).onFailure().recoverWithNull();
    }
}
