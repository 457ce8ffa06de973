package org.docanchor.verifier.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the Java tree with the reference implementation, {@code @openzeppelin/merkle-tree} from npm (run
 * by node from contracts-solidity/node_modules): same leaves, same root, same proof for every value.
 */
class OpenZeppelinCompatibilityTest {

    private static final String[] ALGORITHMS = {"sha256", "sha512-256", "sha3-256", "keccak256", "sm3"};
    private static final String[] DEPARTMENTS = {"DEMO", "MINISTRY-OF-JUSTICE", "Ville de Genève", "教育部", ""};

    @Test
    void rootsAndProofsMatchTheReferenceLibrary() throws Exception {
        Random random = new Random(20261123L);
        List<Integer> sizes = new ArrayList<>(List.of(1, 2, 3, 7, 8, 1000));
        for (int i = 0; i < 6; i++) {
            sizes.add(1 + random.nextInt(300));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode input = json.createObjectNode();
        LeafEncoding.TYPES.forEach(input.putArray("encoding")::add);
        ArrayNode trees = input.putArray("trees");
        List<List<String[]>> generated = new ArrayList<>();
        for (int size : sizes) {
            List<String[]> values = new ArrayList<>();
            ArrayNode tree = trees.addArray();
            for (int i = 0; i < size; i++) {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                String[] value = {"0x" + HexFormat.of().formatHex(digest), ALGORITHMS[random.nextInt(ALGORITHMS.length)],
                        DEPARTMENTS[random.nextInt(DEPARTMENTS.length)] + (random.nextBoolean() ? "" : "-" + i)};
                values.add(value);
                ArrayNode node = tree.addArray();
                for (String part : value) {
                    node.add(part);
                }
            }
            generated.add(values);
        }

        JsonNode reference = json.readTree(runNode(json.writeValueAsString(input)));

        assertThat(reference.size()).isEqualTo(sizes.size());
        for (int t = 0; t < sizes.size(); t++) {
            List<String[]> values = generated.get(t);
            List<Hash32> leaves = values.stream()
                    .map(v -> LeafEncoding.leafHash(Hash32.fromHex(v[0]), v[1], v[2]))
                    .toList();
            StandardMerkleTree tree = StandardMerkleTree.of(leaves);
            JsonNode expected = reference.get(t);
            assertThat(tree.root().toHex()).as("root of a tree of %d leaves", values.size())
                    .isEqualTo(expected.get("root").asText());
            for (int i = 0; i < values.size(); i++) {
                JsonNode entry = expected.get("entries").get(i);
                assertThat(leaves.get(i).toHex()).as("leaf %d of %d", i, values.size())
                        .isEqualTo(entry.get("leaf").asText());
                List<String> proof = tree.proof(tree.sortedLeaves().indexOf(leaves.get(i))).stream()
                        .map(Hash32::toHex).toList();
                List<String> expectedProof = new ArrayList<>();
                entry.get("proof").forEach(node -> expectedProof.add(node.asText()));
                assertThat(proof).as("proof of leaf %d of %d", i, values.size()).isEqualTo(expectedProof);
            }
        }
    }

    private static String runNode(String stdin) throws Exception {
        Path contracts = Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"));
        ProcessBuilder builder = new ProcessBuilder("node", Path.of("src/test/node/oz-standard-tree.cjs")
                .toAbsolutePath().toString());
        builder.environment().put("NODE_PATH", contracts.resolve("node_modules").toAbsolutePath().toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        File out = File.createTempFile("oz-tree", ".json");
        out.deleteOnExit();
        builder.redirectOutput(out);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(process.exitValue()).as("node exit code").isZero();
        return java.nio.file.Files.readString(out.toPath());
    }
}
