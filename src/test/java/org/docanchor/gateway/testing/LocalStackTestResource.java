package org.docanchor.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.docanchor.gateway.devstack.LocalChain;
import org.docanchor.gateway.devstack.LocalPostgres;

/**
 * The real parts under test: an embedded PostgreSQL in a fresh folder, an anvil node with 1-second blocks, and a
 * {@link TcpProxy} between the gateway and the node that a test can cut. The gateway deploys the real compiled
 * registry on start (auto-deploy), as in dev, with an anchoring key and a revocation key of its own; the init arg
 * {@code revoker=shared} runs it instead with one key for both ({@code allow-shared-revoker}).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private LocalPostgres postgres;
    private LocalChain chain;
    private TcpProxy proxy;
    private boolean sharedRevoker;

    /** The name of the init arg that makes the anchoring key sign revocations too: {@code shared}. */
    public static final String REVOKER = "revoker";

    @Override
    public void init(Map<String, String> initArgs) {
        sharedRevoker = "shared".equals(initArgs.get(REVOKER));
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("anchor-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = LocalPostgres.start(dir.resolve("postgres"), 0);
        chain = LocalChain.start(Path.of(LocalChain.DEFAULT_BINARY), 0, 1337, Duration.ofSeconds(1), null);
        proxy = new TcpProxy(chain.port());
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "anchor.chain.rpc-url", "http://127.0.0.1:" + proxy.port(),
                "anchor.chain.public-rpc-url", chain.rpcUrl(),
                "anchor.chain.signer.key-file", dir.resolve("signer.key").toString(),
                "anchor.chain.issuer-admin.key-file", dir.resolve("issuer-admin.key").toString()));
        if (sharedRevoker) {
            config.put("anchor.chain.revoker.key-file", dir.resolve("signer.key").toString());
            config.put("anchor.chain.allow-shared-revoker", "true");
        } else {
            config.put("anchor.chain.revoker.key-file", dir.resolve("revoker.key").toString());
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (chain != null) {
            chain.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Temporary folder: the OS cleans it eventually.
            }
        }
    }
}
