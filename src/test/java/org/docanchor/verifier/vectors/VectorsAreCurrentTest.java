package org.docanchor.verifier.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed proof vectors are what the generator writes today from the compiled registry: a contract, format
 * or generator change that alters them fails here until the file is regenerated (and its diff reviewed).
 */
class VectorsAreCurrentTest {

    static final Path VECTORS = Path.of("docs/vectors/proof-vectors.json");

    @Test
    void committedVectorsEqualAFreshGeneration() throws Exception {
        String fresh = new VectorGenerator(Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity")))
                .generate();
        String committed = Files.readString(VECTORS);
        if (!fresh.equals(committed)) {
            Path written = Path.of("target/proof-vectors.fresh.json");
            Files.writeString(written, fresh);
            assertThat(committed).as("docs/vectors/proof-vectors.json is stale; a fresh generation is in " + written
                    + ". Regenerate with ./mvnw -q test-compile exec:java@vectors and review the diff").isEqualTo(fresh);
        }
    }
}
