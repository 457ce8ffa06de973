package org.docanchor.verifier.bft;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** Loads the recorded Besu blocks in {@code src/test/resources/besu/} (provenance in the README there). */
final class BesuVectors {

    static final HexFormat HEX = HexFormat.of();

    private BesuVectors() {
    }

    static Map<String, String> json(String name) {
        try (InputStream in = stream(name)) {
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BlockHeader header(String jsonName) {
        return BlockHeader.fromJsonFields(json(jsonName));
    }

    static byte[] rlpHex(String name) {
        try (InputStream in = stream(name)) {
            return HEX.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String value) {
        return HEX.parseHex(value.startsWith("0x") ? value.substring(2) : value);
    }

    static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    private static InputStream stream(String name) {
        InputStream in = BesuVectors.class.getResourceAsStream("/besu/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource besu/" + name);
        }
        return in;
    }
}
