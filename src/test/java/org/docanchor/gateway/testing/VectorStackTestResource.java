package org.docanchor.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.docanchor.gateway.devstack.LocalPostgres;
import org.docanchor.verifier.vectors.VectorChain;

/**
 * A gateway that serves the proof vectors' network: the recorded chain replayed on anvil, its main registry
 * configured (never deployed), anchoring off, and an embedded PostgreSQL in a fresh folder.
 */
public class VectorStackTestResource implements QuarkusTestResourceLifecycleManager {

    public static final Path VECTORS = Path.of("docs/vectors/proof-vectors.json");

    private Path dir;
    private LocalPostgres postgres;
    private VectorChain chain;

    public static JsonNode vectors() {
        try {
            return new ObjectMapper().readTree(VECTORS.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("anchor-vectors-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode vectors = vectors();
        postgres = LocalPostgres.start(dir.resolve("postgres"), 0);
        chain = VectorChain.replay(vectors);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "anchor.chain.rpc-url", chain.rpcUrl(),
                "anchor.chain.public-rpc-url", chain.rpcUrl(),
                "anchor.chain.registry-address", vectors.path("chain").path("registries").path("main").asText(),
                "anchor.chain.auto-deploy", "false",
                "anchor.anchoring.enabled", "false");
    }

    @Override
    public void stop() {
        if (chain != null) {
            chain.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
