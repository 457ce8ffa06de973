package org.docanchor.gateway.devstack;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Starts the local stack of the dev profile (an embedded PostgreSQL and an anvil node, both keeping their data
 * under {@code anchor.dev-stack.data-dir}) before the application reads its configuration, and supplies their
 * addresses as configuration. Active only where {@code anchor.dev-stack.enabled} is true, which only the dev
 * profile sets. The processes stop with the JVM.
 */
public class DevStackConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(DevStackConfigSourceFactory.class);

    /**
     * Dev mode reloads the application in a new class loader; a system property, shared by all of them, says
     * that the stack already runs and where.
     */
    private static final String STARTED = "anchor.dev-stack.started";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!"true".equals(value(context, "anchor.dev-stack.enabled", "false"))) {
            return List.of();
        }
        String started = System.getProperty(STARTED);
        if (started == null) {
            started = start(context);
            System.setProperty(STARTED, started);
        }
        String[] parts = started.split("\n");
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url", parts[0],
                "quarkus.datasource.username", parts[1],
                "quarkus.datasource.password", parts[2],
                "anchor.chain.rpc-url", parts[3],
                "anchor.chain.public-rpc-url", parts[3]), "anchor-dev-stack", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static synchronized String start(ConfigSourceContext context) {
        Path dataDir = Path.of(value(context, "anchor.dev-stack.data-dir", ".data")).toAbsolutePath();
        LOG.infof("Starting the local stack in %s (embedded PostgreSQL and anvil)", dataDir);
        LocalPostgres postgres = LocalPostgres.start(dataDir.resolve("postgres"),
                Integer.parseInt(value(context, "anchor.dev-stack.postgres-port", "0")));
        LocalChain chain;
        try {
            chain = LocalChain.start(
                    Path.of(value(context, "anchor.dev-stack.anvil-binary", LocalChain.DEFAULT_BINARY)),
                    Integer.parseInt(value(context, "anchor.dev-stack.chain-port", "8545")),
                    Long.parseLong(value(context, "anchor.dev-stack.chain-id", "31337")),
                    Duration.parse("PT" + value(context, "anchor.dev-stack.block-time", "2s")),
                    dataDir.resolve("anvil/state.json"));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chain.close();
            postgres.close();
        }, "anchor-dev-stack-stop"));
        LOG.infof("Local stack up: PostgreSQL %s, anvil %s", postgres.jdbcUrl(), chain.rpcUrl());
        return String.join("\n", postgres.jdbcUrl(), postgres.username(), postgres.password(), chain.rpcUrl());
    }

    private static String value(ConfigSourceContext context, String name, String defaultValue) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? defaultValue : value.getValue();
    }
}
