package org.docanchor.gateway.identity;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Creates the demo department and its documented API key in the dev profile, so the README's walk-through works
 * on a fresh checkout. Not part of any other build: a production build has no demo key.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DemoDepartmentSeeder {

    /** Documented in the README; accepted only by a gateway started with ./mvnw quarkus:dev. */
    public static final String DEMO_KEY = "agk_demo0001_dev-only-demo-key-never-valid-in-production";
    public static final String DEMO_CODE = "DEMO";

    private static final Logger LOG = Logger.getLogger(DemoDepartmentSeeder.class);

    private final ApiKeys apiKeys;

    public DemoDepartmentSeeder(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Transactional
    void seed(@Observes StartupEvent event) {
        if (Department.findByCode(DEMO_CODE) == null) {
            apiKeys.createDepartment(DEMO_CODE, "Demo Department (development only)");
            apiKeys.register(DEMO_CODE, DEMO_KEY, java.util.List.of(Roles.SUBMITTER, Roles.REVOKER), null, "dev demo key");
            LOG.infof("Created department %s with the README's demo API key (dev profile only)", DEMO_CODE);
        }
    }
}
