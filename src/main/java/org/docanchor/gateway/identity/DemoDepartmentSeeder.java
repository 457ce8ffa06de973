package org.docanchor.gateway.identity;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.docanchor.gateway.issuer.IssuerAdmin;
import org.docanchor.gateway.issuer.IssuerDepartment;
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
    private final IssuerAdmin issuer;

    public DemoDepartmentSeeder(ApiKeys apiKeys, IssuerAdmin issuer) {
        this.apiKeys = apiKeys;
        this.issuer = issuer;
    }

    void seed(@Observes StartupEvent event) {
        // On the issuer registry first (dev holds the issuer-admin key), so that DEMO's proofs pass the issuer check.
        if (QuarkusTransaction.requiringNew().call(() -> IssuerDepartment.findById(DEMO_CODE)) == null) {
            IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.registerDepartment(DEMO_CODE, "演示部门（仅限开发）",
                    "Demo Department (development only)"));
            LOG.infof("Registered department %s on the issuer registry: %s", DEMO_CODE, outcome);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (Department.findByCode(DEMO_CODE) == null) {
                apiKeys.createDepartment(DEMO_CODE, "Demo Department (development only)");
            }
            if (ApiKey.count("prefix", DEMO_KEY.substring(0, DEMO_KEY.indexOf('_', 4))) == 0) {
                apiKeys.register(DEMO_CODE, DEMO_KEY, java.util.List.of(Roles.SUBMITTER, Roles.REVOKER), null,
                        "dev demo key");
                LOG.infof("Created the README's demo API key for department %s (dev profile only)", DEMO_CODE);
            }
        });
    }
}
