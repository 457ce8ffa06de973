package org.docanchor.gateway.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.docanchor.gateway.web.Languages;
import org.docanchor.gateway.web.Problem;

/**
 * Applies the per client address budgets of {@link ClientLimiter} to requests under {@code /api/}, on the event
 * loop before any worker, database or chain work: an anonymous request takes a token of the anonymous budget (or of
 * the verification budget for {@code /api/v1/verify}); a request with a credential is refused while its address
 * has spent its failed-authentication budget (which {@link ApiKeyAuthenticationMechanism} spends). Requests with a
 * valid credential otherwise count only against that credential's own rate ({@link RateLimitFilter}). Above a
 * budget the answer is 429 {@code rate-limited} with Retry-After.
 */
@ApplicationScoped
public class ClientLimitFilter {

    static final String VERIFY_PATH = "/api/v1/verify";

    private final ClientLimiter limiter;
    private final ObjectMapper mapper;
    private final boolean enabled;

    public ClientLimitFilter(ClientLimiter limiter, ObjectMapper mapper, ClientLimitConfig config) {
        this.limiter = limiter;
        this.mapper = mapper;
        this.enabled = config.enabled();
    }

    void install(@Observes Router router) {
        if (enabled) {
            // After BodyLimitFilter (-100): a body is read whole, so a 429 leaves the connection usable.
            router.route().order(-50).handler(this::handle);
        }
    }

    private void handle(RoutingContext context) {
        // Decoded and without dot segments, as the REST layer matches it (/api/v1/%76erify is /api/v1/verify).
        String path = context.normalizedPath();
        if (path == null || !path.startsWith("/api/")) {
            context.next();
            return;
        }
        String client = ClientLimiter.clientOf(context);
        if (context.request().getHeader("Authorization") != null) {
            // Failures are counted where they happen (ApiKeyAuthenticationMechanism); here they only stop the next.
            long wait = limiter.credentialWait(client);
            if (wait > 0) {
                refuse(context, wait, Problem.of(429, "rate-limited", "rate-limited.failed-authentications", wait));
                return;
            }
            context.next();
            return;
        }
        boolean verify = path.equals(VERIFY_PATH) || path.equals(VERIFY_PATH + "/");
        long wait = limiter.takeAnonymous(client, verify);
        if (wait > 0) {
            refuse(context, wait, Problem.of(429, "rate-limited",
                    verify ? "rate-limited.anonymous-verifications" : "rate-limited.anonymous-requests", wait));
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, long wait, Problem refusal) {
        Problem problem = refusal.at(context.request().path());
        java.util.Locale locale = Languages.of(context.request().getHeader("Accept-Language"));
        String body;
        try {
            body = mapper.writeValueAsString(problem.in(locale));
        } catch (JsonProcessingException e) {
            body = "{\"status\":429}";
        }
        context.response().setStatusCode(429).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Content-Language", Languages.tag(locale)).putHeader("Vary", "Accept-Language")
                .putHeader("Retry-After", Long.toString(wait)).end(body);
    }
}
