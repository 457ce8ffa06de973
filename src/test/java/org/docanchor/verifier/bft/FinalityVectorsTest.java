package org.docanchor.verifier.bft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/vectors/finality-vectors.json: the committed file is what {@link FinalityVectorGenerator} writes today, and
 * every vector gives, through the core (BlockHeader, BftBlockHashing), the block hash, seal digest, signers and
 * quorum it states.
 */
class FinalityVectorsTest {

    @Test
    void committedFileEqualsAFreshGeneration() throws Exception {
        String fresh = FinalityVectorGenerator.generate();
        String committed = Files.readString(FinalityVectorGenerator.FILE);
        if (!fresh.equals(committed)) {
            Path written = Path.of("target/finality-vectors.fresh.json");
            Files.writeString(written, fresh);
            assertThat(committed).as("docs/vectors/finality-vectors.json is stale; a fresh generation is in " + written
                    + ". Regenerate with ./mvnw -q test-compile exec:java@finality-vectors and review the diff")
                    .isEqualTo(fresh);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVectorThroughTheCore() throws Exception {
        JsonNode file = new ObjectMapper().readTree(FinalityVectorGenerator.FILE.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : file.get("vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("id").asText(), () -> check(v)));
        }
        assertThat(tests).hasSize(15);
        return tests.stream();
    }

    private static void check(JsonNode v) {
        String id = v.get("id").asText();
        BftConsensus consensus = switch (v.get("consensus").asText()) {
            case "ibft2" -> BftConsensus.IBFT2;
            case "qbft" -> BftConsensus.QBFT;
            default -> throw new AssertionError(id + ": consensus " + v.get("consensus"));
        };
        String rlp = v.get("header").asText();
        BlockHeader header = BlockHeader.fromRlp(HexFormat.of().parseHex(rlp.substring(2)));
        List<String> validators = new ArrayList<>();
        v.get("validators").forEach(a -> validators.add(a.asText()));
        JsonNode expect = v.get("expect");

        assertThat(BesuVectors.hex(BftBlockHashing.blockHash(header, consensus))).as("%s block hash", id)
                .isEqualTo(expect.get("blockHash").asText());
        assertThat(BesuVectors.hex(BftBlockHashing.sealDigest(header, consensus))).as("%s seal digest", id)
                .isEqualTo(expect.get("sealDigest").asText());
        BftBlockHashing.SealCount count = BftBlockHashing.countSeals(header, consensus, validators);
        List<String> signers = new ArrayList<>();
        expect.get("signers").forEach(s -> signers.add(s.isNull() ? null : s.asText()));
        assertThat(count.signers()).as("%s signers", id).isEqualTo(signers);
        assertThat(count.counted()).as("%s counted", id).hasSize(expect.get("counted").asInt());
        assertThat(count.required()).as("%s required", id).isEqualTo(expect.get("required").asInt());
        assertThat(count.quorum()).as("%s quorum", id).isEqualTo(expect.get("quorum").asBoolean());
    }

    @Test
    void flippedVariants_loseTheirQuorum_andHeaderFlipsChangeTheHash() throws Exception {
        JsonNode file = new ObjectMapper().readTree(FinalityVectorGenerator.FILE.toFile());
        for (JsonNode v : file.get("vectors")) {
            String id = v.get("id").asText();
            if (!id.endsWith("-flipped")) {
                assertThat(v.get("expect").get("quorum").asBoolean()).as("%s: recorded blocks are final", id).isTrue();
                continue;
            }
            String original = id.replace("-seal-flipped", "").replace("-header-flipped", "");
            JsonNode recorded = null;
            for (JsonNode o : file.get("vectors")) {
                if (o.get("id").asText().equals(original)) {
                    recorded = o;
                }
            }
            assertThat(recorded).as("%s has its recorded block", id).isNotNull();
            if (id.endsWith("-header-flipped")) {
                assertThat(v.get("expect").get("blockHash")).as(id).isNotEqualTo(recorded.get("expect").get("blockHash"));
                assertThat(v.get("expect").get("counted").asInt()).as(id).isZero();
            } else {
                assertThat(v.get("expect").get("blockHash")).as(id).isEqualTo(recorded.get("expect").get("blockHash"));
                assertThat(v.get("expect").get("signers").get(0)).as(id)
                        .isNotEqualTo(recorded.get("expect").get("signers").get(0));
            }
        }
    }
}
