package org.docanchor.gateway.identity;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first admin of a new installation: an operator generates a key ({@code agk_} + 8 letters or digits + {@code _}
 * + 32-64 characters, e.g. from a password manager), passes it once as {@code anchor.identity.bootstrap-admin-key}
 * (a Secret), and the gateway registers its hash when no active admin key exists. There is no default password.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final ApiKeys apiKeys;
    private final Optional<String> bootstrapKey;

    public BootstrapAdmin(ApiKeys apiKeys,
            @ConfigProperty(name = "anchor.identity.bootstrap-admin-key") Optional<String> bootstrapKey) {
        this.apiKeys = apiKeys;
        this.bootstrapKey = bootstrapKey;
    }

    void onStart(@Observes StartupEvent event) {
        if (bootstrapKey.isEmpty() || bootstrapKey.get().isBlank()) {
            return;
        }
        if (apiKeys.hasActiveAdmin()) {
            LOG.infof("Bootstrap admin key %s ignored: an active admin key exists; remove it from the configuration",
                    ApiKeys.prefixOf(bootstrapKey.get()));
            return;
        }
        try {
            apiKeys.register(null, bootstrapKey.get(), List.of(Roles.ADMIN), null, "bootstrap admin");
        } catch (RuntimeException e) {
            // Never echo the key: say what is wrong with it.
            throw new IllegalStateException("anchor.identity.bootstrap-admin-key is not usable: " + e.getMessage());
        }
        LOG.infof("Registered bootstrap admin key %s; issue personal admin keys, then revoke it", 
                ApiKeys.prefixOf(bootstrapKey.get()));
    }
}
