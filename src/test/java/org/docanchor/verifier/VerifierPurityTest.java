package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The verification core is plain Java: no compiled class under {@code org/docanchor/verifier} refers to Quarkus,
 * Jakarta, the gateway, Hibernate or Vert.x. Read from the class files' constant pools, where every class, method,
 * field and descriptor a class refers to is named (and every string literal, which catches names meant for
 * reflection).
 */
class VerifierPurityTest {

    /** Forbidden prefixes in internal form ({@code io/quarkus/...}) and, for strings, in dotted form. */
    static final List<String> FORBIDDEN = List.of("io/quarkus", "jakarta/", "org/docanchor/gateway", "org/hibernate",
            "io/vertx");

    static final Path CLASSES = Path.of("target/classes/org/docanchor/verifier");

    @Test
    void verifierClasses_referToNoFrameworkAndNoGatewayClass() throws IOException {
        Map<String, List<String>> violations = new TreeMap<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                scanned++;
                List<String> found = forbiddenReferences(file);
                if (!found.isEmpty()) {
                    violations.put(CLASSES.relativize(file).toString(), found);
                }
            }
        }

        assertThat(scanned).as("class files scanned under %s", CLASSES).isGreaterThan(50);
        assertThat(violations).as("classes of the core that refer to forbidden packages").isEmpty();
    }

    @Test
    void scanner_findsTheReferencesOfAGatewayClass() throws IOException {
        // The scanner must be able to fail: a gateway class that uses CDI and the gateway's own packages.
        Path gatewayClass = Path.of("target/classes/org/docanchor/gateway/proof/ProofService.class");

        assertThat(forbiddenReferences(gatewayClass)).anyMatch(s -> s.contains("jakarta/enterprise"))
                .anyMatch(s -> s.contains("org/docanchor/gateway"));
    }

    /** The constant pool's UTF-8 entries that name a forbidden package. */
    static List<String> forbiddenReferences(Path classFile) throws IOException {
        List<String> found = new ArrayList<>();
        for (String utf8 : constantPoolStrings(classFile)) {
            String internal = utf8.replace('.', '/');
            for (String prefix : FORBIDDEN) {
                if (internal.contains(prefix)) {
                    found.add(utf8);
                }
            }
        }
        return found;
    }

    /** The UTF-8 constants of a class file (JVMS 4.4). */
    static List<String> constantPoolStrings(Path classFile) throws IOException {
        List<String> strings = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(in.readUTF()); // Utf8 (modified UTF-8, as readUTF reads it)
                    case 3, 4 -> in.skipNBytes(4); // Integer, Float
                    case 5, 6 -> { // Long, Double take two entries
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // refs, NameAndType, Dynamic, InvokeDynamic
                    case 15 -> in.skipNBytes(3); // MethodHandle
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag + " at " + i);
                }
            }
        }
        return strings;
    }
}
