package org.docanchor.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than its endpoint allows, by its Content-Length, before any of it is read, with
 * a 413 problem document. (A body sent without Content-Length meets Vert.x's own limit,
 * {@code quarkus.http.limits.max-body-size}, set just above the largest per-endpoint limit.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final ObjectMapper mapper;
    private final long bulkLimit;
    private final long defaultLimit;

    public BodyLimitFilter(ObjectMapper mapper,
            @ConfigProperty(name = "anchor.http.max-bulk-body-size", defaultValue = "4194304") long bulkLimit,
            @ConfigProperty(name = "anchor.http.max-body-size", defaultValue = "65536") long defaultLimit) {
        this.mapper = mapper;
        this.bulkLimit = bulkLimit;
        this.defaultLimit = defaultLimit;
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            long limit = context.request().path().endsWith("/documents/bulk") ? bulkLimit : defaultLimit;
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > limit) {
                Problem problem = Problem.of(413, "body-too-large", "Request body too large",
                        "this endpoint accepts at most " + limit + " bytes; the request declares "
                                + (declared == Long.MAX_VALUE ? "an unreadable Content-Length" : declared + " bytes"))
                        .at(context.request().path());
                String body;
                try {
                    body = mapper.writeValueAsString(problem);
                } catch (JsonProcessingException e) {
                    body = "{\"status\":413}";
                }
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(body);
                return;
            }
            context.next();
        });
    }
}
