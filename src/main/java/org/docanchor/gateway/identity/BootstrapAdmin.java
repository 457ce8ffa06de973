package org.docanchor.gateway.identity;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first admin of a new installation: an operator generates a key ({@code agk_} + 8 letters or digits + {@code _}
 * + 32-64 characters, e.g. from a password manager), passes it once as {@code anchor.identity.bootstrap-admin-key}
 * or, in Kubernetes, as the file {@code anchor.identity.bootstrap-admin-key-file} (an optional Secret mounted as a
 * file: a missing file means no bootstrap key), and the gateway registers its hash when no active admin key exists.
 * There is no default password.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final ApiKeys apiKeys;
    private final Optional<String> bootstrapKey;

    public BootstrapAdmin(ApiKeys apiKeys,
            @ConfigProperty(name = "anchor.identity.bootstrap-admin-key") Optional<String> bootstrapKey,
            @ConfigProperty(name = "anchor.identity.bootstrap-admin-key-file") Optional<Path> bootstrapKeyFile) {
        this.apiKeys = apiKeys;
        this.bootstrapKey = configuredKey(bootstrapKey, bootstrapKeyFile);
    }

    /**
     * The bootstrap key from the property or from the file, stripped of surrounding white space (a Secret created
     * from a file usually ends with a newline). A file that does not exist is no key: the Secret behind it is
     * optional and removed after the first start. Both set is a mistake.
     */
    static Optional<String> configuredKey(Optional<String> key, Optional<Path> file) {
        if (key.isPresent() && !key.get().isBlank() && file.isPresent()) {
            throw new IllegalStateException("set anchor.identity.bootstrap-admin-key or "
                    + "anchor.identity.bootstrap-admin-key-file, not both");
        }
        if (file.isEmpty()) {
            return key.map(String::strip);
        }
        Path path = file.get();
        if (!Files.exists(path)) {
            LOG.infof("No bootstrap admin key: %s does not exist", path);
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path).strip());
        } catch (IOException e) {
            // The message names the file, never its content.
            throw new IllegalStateException("cannot read anchor.identity.bootstrap-admin-key-file " + path + ": "
                    + e.getClass().getSimpleName());
        }
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
        if (apiKeys.prefixExists(bootstrapKey.get())) {
            // Its row is there but not an active admin (revoked, expired): registering it again would fail on every
            // start of every replica. Starting without it is safe; the operator needs a new key to bootstrap.
            LOG.warnf("Bootstrap admin key %s ignored: a key with this prefix exists already (revoked or expired) and "
                    + "no admin key is active; to bootstrap again, generate a new key with another prefix",
                    ApiKeys.prefixOf(bootstrapKey.get()));
            return;
        }
        if (ApiKeys.isDemoKeyOutsideDev(ApiKeys.prefixOf(bootstrapKey.get()))) {
            throw new IllegalStateException("anchor.identity.bootstrap-admin-key uses the public demo key's prefix "
                    + ApiKeys.DEMO_PREFIX + ": generate a key of your own");
        }
        try {
            apiKeys.register(null, bootstrapKey.get(), List.of(Roles.ADMIN), null, "bootstrap admin");
        } catch (RuntimeException e) {
            if (apiKeys.hasActiveAdmin()) {
                // Another replica starting at the same time registered it first.
                LOG.infof("Bootstrap admin key %s registered by another replica", ApiKeys.prefixOf(bootstrapKey.get()));
                return;
            }
            // Never echo the key: say what is wrong with it.
            throw new IllegalStateException("anchor.identity.bootstrap-admin-key is not usable: " + e.getMessage());
        }
        LOG.infof("Registered bootstrap admin key %s; issue personal admin keys, then revoke it", 
                ApiKeys.prefixOf(bootstrapKey.get()));
    }
}
