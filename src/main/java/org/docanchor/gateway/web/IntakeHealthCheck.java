package org.docanchor.gateway.web;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * What serving REST needs: the database. Kubernetes routes traffic on this group
 * ({@code /q/health/group/intake}), so a chain outage, which intake survives, does not take replicas out of
 * service; {@code /q/health/ready} also reports the chain and the anchoring lag.
 */
@HealthGroup("intake")
@ApplicationScoped
public class IntakeHealthCheck implements HealthCheck {

    private final AgroalDataSource dataSource;

    public IntakeHealthCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            statement.execute("select 1");
            return HealthCheckResponse.up("database");
        } catch (SQLException e) {
            return HealthCheckResponse.named("database").down().withData("error", e.getMessage()).build();
        }
    }
}
