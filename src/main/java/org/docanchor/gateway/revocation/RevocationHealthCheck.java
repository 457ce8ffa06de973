package org.docanchor.gateway.revocation;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Revocations reach the chain: the oldest revocation not yet recorded on chain is younger than
 * {@code anchor.health.max-revocation-lag}. A revocation key that lost REVOKER_ROLE, or a revocation the registry keeps
 * refusing, shows here instead of leaving documents valid that their department revoked.
 */
@Readiness
@HealthGroup("anchoring")
@ApplicationScoped
public class RevocationHealthCheck implements HealthCheck {

    private final AgroalDataSource dataSource;
    private final Duration maxLag;

    public RevocationHealthCheck(AgroalDataSource dataSource,
            @ConfigProperty(name = "anchor.health.max-revocation-lag", defaultValue = "10m") Duration maxLag) {
        this.dataSource = dataSource;
        this.maxLag = maxLag;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*), coalesce(extract(epoch from now() - "
                        + "min(requested_at)), 0)::bigint, (select last_error from revocation where status <> 'RECORDED' "
                        + "and last_error is not null order by requested_at limit 1) "
                        + "from revocation where status <> 'RECORDED'")) {
            row.next();
            long waiting = row.getLong(1);
            long oldest = row.getLong(2);
            HealthCheckResponseBuilder response = HealthCheckResponse.named("revocation-lag")
                    .status(oldest <= maxLag.toSeconds())
                    .withData("unrecorded", waiting).withData("oldestUnrecordedSeconds", oldest)
                    .withData("maxSeconds", maxLag.toSeconds());
            // Why the oldest waits (the node's or the registry's words), without node URLs.
            if (row.getString(3) != null) {
                response.withData("lastError", org.docanchor.gateway.web.Text.withoutUrls(row.getString(3)));
            }
            return response.build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("revocation-lag").down().withData("error", e.getMessage()).build();
        }
    }
}
