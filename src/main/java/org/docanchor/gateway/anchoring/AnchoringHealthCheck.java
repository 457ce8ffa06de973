package org.docanchor.gateway.anchoring;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Anchoring keeps up: the oldest accepted document not yet anchored is younger than the threshold. */
@Readiness
@HealthGroup("anchoring")
@ApplicationScoped
public class AnchoringHealthCheck implements HealthCheck {

    private final AnchoringMetrics metrics;
    private final Duration maxLag;

    public AnchoringHealthCheck(AnchoringMetrics metrics,
            @ConfigProperty(name = "anchor.health.max-anchoring-lag", defaultValue = "5m") Duration maxLag) {
        this.metrics = metrics;
        this.maxLag = maxLag;
    }

    @Override
    public HealthCheckResponse call() {
        long lag = metrics.oldestPendingSeconds();
        return HealthCheckResponse.named("anchoring-lag")
                .status(lag <= maxLag.toSeconds())
                .withData("oldestPendingSeconds", lag)
                .withData("maxSeconds", maxLag.toSeconds())
                .build();
    }
}
