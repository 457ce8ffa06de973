package org.docanchor.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Validates proof documents against the published JSON Schema, docs/proof.schema.json, with the networknt
 * validator (format assertions on). Tests run every proof that GET /api/v1/proofs serves through it.
 */
public final class ProofSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load(Path.of("docs/proof.schema.json"));

    private ProofSchema() {
    }

    /** The schema's complaints about {@code proofJson}; empty when it conforms. */
    public static Set<ValidationMessage> violations(String proofJson) {
        try {
            return SCHEMA.validate(JSON.readTree(proofJson));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + proofJson, e);
        }
    }

    /** Fails unless {@code proofJson} conforms to the schema; returns it. */
    public static String assertValid(String proofJson) {
        Set<ValidationMessage> violations = violations(proofJson);
        if (!violations.isEmpty()) {
            throw new AssertionError("the served proof breaks docs/proof.schema.json: " + violations + "\n" + proofJson);
        }
        return proofJson;
    }

    private static JsonSchema load(Path file) {
        try {
            JsonNode schema = JSON.readTree(Files.readString(file));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
