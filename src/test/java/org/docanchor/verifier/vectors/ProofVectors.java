package org.docanchor.verifier.vectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/vectors/proof-vectors.json as the Java harnesses read it ({@code ProofVectorsTest} for the core,
 * {@code VerifierCliIT} for the jar, {@code VerifyEndpointVectorsTest} for the details of {@code expect}): the file,
 * its vectors and malformed entries, the node each vector needs, and the answer's details each vector expects.
 */
public final class ProofVectors {

    /** Read with exact decimals, so that a proof's {@code 1234.5} is written back as {@code 1234.5}. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ProofVectors() {
    }

    static JsonNode read() {
        try {
            return JSON.readTree(Files.readString(VectorsAreCurrentTest.VECTORS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VectorsAreCurrentTest.VECTORS, e);
        }
    }

    static List<JsonNode> list(JsonNode file, String name) {
        List<JsonNode> out = new ArrayList<>();
        file.get(name).forEach(out::add);
        return out;
    }

    /** A URL on which nothing listens: a free port, closed again. */
    static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node URL of a vector's {@code network}: the replayed chain, an unreachable URL, or none (null). */
    static String nodeUrl(JsonNode vector, String chainUrl, String unreachableUrl) {
        return switch (vector.get("network").asText()) {
            case "chain" -> chainUrl;
            case "unreachable" -> unreachableUrl;
            case "none" -> null;
            default -> throw new IllegalArgumentException("vector " + vector.get("id").asText() + " has network "
                    + vector.get("network") + "; expected chain, unreachable or none");
        };
    }

    /** {@code expect.checks}: check name to code. */
    static Map<String, String> expectedChecks(JsonNode vector) {
        Map<String, String> checks = new LinkedHashMap<>();
        vector.path("expect").path("checks").fields().forEachRemaining(e -> checks.put(e.getKey(), e.getValue().asText()));
        return checks;
    }

    /**
     * The details {@code expect} holds beyond the codes, checked against a surface's JSON answer: {@code issuer}
     * (the answer's {@code issuer} equals it exactly; JSON null: the answer has none), {@code revocation}
     * ({@code signed} equal, {@code signedBy} equal or absent in both) and {@code signature.tiedToDepartment}.
     *
     * @return what differs, one line each; empty when everything holds
     */
    public static List<String> detailMismatches(JsonNode vector, JsonNode answer) {
        List<String> out = new ArrayList<>();
        JsonNode expect = vector.path("expect");
        if (expect.has("issuer")) {
            JsonNode expected = expect.get("issuer");
            JsonNode actual = answer.path("issuer");
            boolean same = expected.isNull() ? actual.isMissingNode() || actual.isNull() : expected.equals(actual);
            if (!same) {
                out.add("issuer: expected " + expected + ", answered " + (actual.isMissingNode() ? "none" : actual));
            }
        }
        if (expect.has("revocation")) {
            JsonNode expected = expect.get("revocation");
            JsonNode actual = answer.path("revocation");
            if (!actual.path("signed").equals(expected.get("signed"))
                    || !actual.path("signedBy").equals(expected.path("signedBy"))) {
                out.add("revocation: expected " + expected + ", answered " + (actual.isMissingNode() ? "none" : actual));
            }
        }
        if (expect.has("signature")) {
            JsonNode expected = expect.get("signature").get("tiedToDepartment");
            JsonNode actual = answer.path("signature").path("tiedToDepartment");
            if (!expected.equals(actual)) {
                out.add("signature.tiedToDepartment: expected " + expected + ", answered "
                        + (actual.isMissingNode() ? "none" : actual));
            }
        }
        return out;
    }

    static Path tempFile(String prefix, byte[] content) {
        try {
            Path file = Files.createTempFile(prefix, ".json");
            Files.write(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
