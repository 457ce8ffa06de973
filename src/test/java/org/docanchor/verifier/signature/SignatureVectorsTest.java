package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers made by other implementations: src/test/resources/signatures/vectors.json (provenance there). */
class SignatureVectorsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verify_matchesTheRecordedVector(String desc, JsonNode vector) {
        DepartmentKey key = DepartmentKey.parse(vector.get("publicKeyPem").asText());
        Hash32 digest = Hash32.fromHex(vector.get("digest").asText());
        String algorithm = vector.get("digestAlgorithm").asText();

        assertThat(key.algorithm().id()).isEqualTo(vector.get("keyAlgorithm").asText());
        assertThat(key.fingerprint()).isEqualTo(vector.get("fingerprint").asText());
        assertThat(key.toPem()).isEqualTo(vector.get("publicKeyPem").asText());
        assertThat(SignedMessage.text("DEMO", digest, algorithm)).isEqualTo(vector.get("message").asText());
        assertThat(SignatureVerifier.verify(key, "DEMO", digest, algorithm,
                HexFormat.of().parseHex(vector.get("signature").asText())))
                .isEqualTo(vector.get("valid").asBoolean());
    }

    @Test
    void vectors_coverEveryAlgorithmWithAValidSignature() throws IOException {
        List<String> valid = new ArrayList<>();
        load().get("vectors").forEach(v -> {
            if (v.get("valid").asBoolean()) {
                valid.add(v.get("keyAlgorithm").asText());
            }
        });
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            assertThat(valid).contains(algorithm.id());
        }
    }

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> arguments = new ArrayList<>();
        load().get("vectors").forEach(v -> arguments.add(Arguments.of(v.get("desc").asText(), v)));
        return arguments.stream();
    }

    private static JsonNode load() throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/signatures/vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource signatures/vectors.json");
            }
            return new ObjectMapper().readTree(in);
        }
    }
}
