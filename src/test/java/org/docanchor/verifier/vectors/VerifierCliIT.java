package org.docanchor.verifier.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The packaged command-line verifier, {@code target/anchor-verifier-<version>.jar}, run with {@code java -jar} as a
 * user runs it: its content, and every vector and malformed entry of docs/vectors/proof-vectors.json against the
 * recorded chain replayed on a fresh anvil (no gateway), checking exit codes and the {@code --json} answer.
 */
class VerifierCliIT {

    /** Vectors the jar does not run, with the reason: it takes every input a vector names, so none. */
    static final Map<String, String> SKIPPED = Map.of();

    /** Set by failsafe (pom.xml) to the jar this build packaged. */
    private static final String JAR_PROPERTY = "anchor.verifier-jar";
    private static final Path JAR = Path.of(System.getProperty(JAR_PROPERTY, "target/anchor-verifier.jar"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    /**
     * 95 short runs on two shared cores: the C1 compiler alone starts faster and changes nothing the verifier
     * does. Users run the jar without flags.
     */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final int PARALLEL_RUNS = 2;

    private static JsonNode file;
    private static VectorChain chain;
    private static String unreachable;
    private static final Map<String, Result> results = Collections.synchronizedMap(new LinkedHashMap<>());

    /** One run of the jar. */
    record Result(int exit, String out, String err, Duration took) {
    }

    @BeforeAll
    static void runEveryEntry() throws Exception {
        // Under surefire (a -Dtest pattern that matches this class) the jar may be missing or stale.
        assumeTrue(System.getProperty(JAR_PROPERTY) != null,
                "VerifierCliIT runs under failsafe, after package: ./mvnw verify");
        assertThat(JAR).as("the verifier jar (./mvnw package builds it)").isRegularFile();
        file = ProofVectors.read();
        chain = VectorChain.replay(file);
        unreachable = ProofVectors.unreachableUrl();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (JsonNode v : ProofVectors.list(file, "vectors")) {
                if (!SKIPPED.containsKey(v.get("id").asText())) {
                    runs.add(pool.submit(() -> results.put("vector " + v.get("id").asText(), runVector(v))));
                }
            }
            for (JsonNode m : ProofVectors.list(file, "malformed")) {
                runs.add(pool.submit(() -> results.put("malformed " + m.get("id").asText(), runJar(null,
                        "--proof", proofFile(m).toString(), "--json"))));
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> millis = results.values().stream().map(r -> r.took().toMillis()).sorted().toList();
        System.out.printf("VerifierCliIT: %d runs of java -jar %s, %s; ms min %d, median %d, max %d; skipped: %s%n",
                millis.size(), JAR.getFileName(), JVM_FLAGS, millis.get(0), millis.get(millis.size() / 2),
                millis.get(millis.size() - 1), SKIPPED.isEmpty() ? "none" : SKIPPED);
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static Result runVector(JsonNode v) {
        List<String> args = new ArrayList<>(List.of("--proof", proofFile(v).toString(), "--json"));
        String url = ProofVectors.nodeUrl(v, chain.rpcUrl(), unreachable);
        if (url != null) {
            args.addAll(List.of("--rpc", url));
        }
        JsonNode trust = v.path("trust");
        if (trust.has("registry")) {
            args.addAll(List.of("--registry", trust.get("registry").asText()));
        }
        if (trust.has("validators")) {
            args.addAll(List.of("--validators", ProofVectors.tempFile("validators",
                    trust.get("validators").toString().getBytes(StandardCharsets.UTF_8)).toString()));
        }
        if (trust.has("departmentKeys")) {
            args.addAll(List.of("--department-keys", ProofVectors.tempFile("keys",
                    trust.get("departmentKeys").toString().getBytes(StandardCharsets.UTF_8)).toString()));
        }
        if (v.has("document")) {
            args.addAll(List.of("--file", ProofVectors.tempFile("document",
                    Base64.getDecoder().decode(v.get("document").asText())).toString()));
        }
        return runJar(null, args.toArray(String[]::new));
    }

    private static Path proofFile(JsonNode entry) {
        return ProofVectors.tempFile("proof", entry.get("proof").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code java -jar} with {@code args}, {@code stdin} on its standard input (none when null). */
    static Result runJar(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin);
            }
            process.getOutputStream().close();
            // Output is small (under a few KB); read both streams after exit would risk nothing here, but read
            // stdout on a thread so a large answer can never block the child.
            Future<byte[]> out = Executors.newVirtualThreadPerTaskExecutor().submit(() ->
                    process.getInputStream().readAllBytes());
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int exitCode(String verdict) {
        return switch (verdict) {
            case "VALID" -> 0;
            case "INVALID" -> 1;
            case "UNDETERMINED" -> 3;
            case "REVOKED" -> 4;
            case "PENDING" -> 5;
            default -> throw new IllegalArgumentException(verdict);
        };
    }

    @TestFactory
    Stream<DynamicTest> vectors() {
        return ProofVectors.list(file, "vectors").stream().filter(v -> !SKIPPED.containsKey(v.get("id").asText()))
                .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> {
                    String id = v.get("id").asText();
                    Result r = results.get("vector " + id);
                    assertThat(r.err()).as("%s: stderr", id).isEmpty();
                    JsonNode answer = ProofVectors.JSON.readTree(r.out());
                    Map<String, String> checks = new LinkedHashMap<>();
                    answer.get("checks").forEach(c -> checks.put(c.get("name").asText(), c.get("code").asText()));
                    ProofVectorsTest.assertMatches(id, v, answer.get("result").asText(), answer.get("code").asText(),
                            checks);
                    assertThat(ProofVectors.detailMismatches(v, answer)).as("%s: issuer, revocation and signature "
                            + "details", id).isEmpty();
                    assertThat(r.exit()).as("%s: exit code", id).isEqualTo(exitCode(v.get("expect").get("result").asText()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> malformed() {
        return ProofVectors.list(file, "malformed").stream().map(m -> DynamicTest.dynamicTest(m.get("id").asText(),
                () -> {
                    String id = m.get("id").asText();
                    Result r = results.get("malformed " + id);
                    assertThat(r.exit()).as("%s: exit code (stderr %s)", id, r.err()).isEqualTo(2);
                    assertThat(r.err()).as("%s: one line on stderr", id).startsWith("anchor-verifier: malformed proof: ")
                            .doesNotContain("\tat ");
                    assertThat(r.err().strip()).doesNotContain("\n");
                    List<String> pointers = new ArrayList<>();
                    ProofVectors.JSON.readTree(r.out()).get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
                    assertThat(pointers).as(id).contains(m.get("expect").get("pointer").asText());
                }));
    }

    @Test
    void everyVectorRuns_orIsSkippedWithAReason() {
        long vectors = ProofVectors.list(file, "vectors").size();
        assertThat(results.keySet().stream().filter(k -> k.startsWith("vector "))).hasSize((int) (vectors - SKIPPED.size()));
        assertThat(ProofVectors.list(file, "vectors").stream().map(v -> v.get("id").asText()))
                .containsAll(SKIPPED.keySet());
    }

    @Test
    void humanOutput_givesTheVerdictAndEveryCheck_markedOfflineOrOnChain() {
        JsonNode valid = ProofVectors.list(file, "vectors").stream()
                .filter(v -> v.get("id").asText().equals("valid-batch-of-3-without-document")).findFirst().orElseThrow();
        Result r = runJar(valid.get("proof").toString().getBytes(StandardCharsets.UTF_8), "--proof", "-", "--rpc",
                chain.rpcUrl(), "--registry", valid.get("trust").get("registry").asText());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("VALID (valid): ");
        assertThat(r.out()).containsPattern("passed +header +offline +header-matches: ")
                .containsPattern("passed +revocation +on chain +not-revoked: ");
        assertThat(r.out().lines().filter(l -> l.startsWith("  "))).hasSize(16);
        assertThat(r.out()).containsPattern("passed +issuer +on chain +issuer-confirmed: ")
                .contains("Department (issuer registry " + file.get("chain").get("registries").get("issuer").asText()
                        + "): TRANSPORT 交通运输局 / Transport Bureau, registered ");
    }

    @Test
    void humanOutput_namesWhoRevoked() {
        for (String id : List.of("revoked-signed-by-department", "revoked-signature-not-holding")) {
            JsonNode v = ProofVectors.list(file, "vectors").stream().filter(x -> x.get("id").asText().equals(id))
                    .findFirst().orElseThrow();
            Result r = runJar(v.get("proof").toString().getBytes(StandardCharsets.UTF_8), "--proof", "-", "--rpc",
                    chain.rpcUrl(), "--registry", v.get("trust").get("registry").asText());

            assertThat(r.exit()).as("%s: %s", id, r.err()).isEqualTo(4);
            assertThat(r.out()).as(id).contains("Revoked by: " + (id.equals("revoked-signed-by-department")
                    ? "the department, signed with its key " + v.get("expect").get("revocation").get("signedBy")
                            .asText()
                    : "the gateway on the department's behalf"));
        }
    }

    @Test
    void usageError_exit2_oneLine_noStackTrace() {
        Result r = runJar(null, "--proof", "/nonexistent/proof.json");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("anchor-verifier: --proof: cannot read /nonexistent/proof.json (no such file)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void jar_holdsOnlyTheVerifierOfThisProject_andRunsAsMainClass() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> ours = new ArrayList<>();
            List<String> signatures = new ArrayList<>();
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("org/docanchor/") && !name.equals("org/docanchor/")) {
                    ours.add(name);
                }
                if (name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")) {
                    signatures.add(name);
                }
            }
            assertThat(ours).isNotEmpty().allMatch(n -> n.startsWith("org/docanchor/verifier/"));
            assertThat(ours).contains("org/docanchor/verifier/cli/VerifierCli.class",
                    "org/docanchor/verifier/schema/proof.schema.json", "org/docanchor/verifier/schema/proof-v1.schema.json");
            assertThat(signatures).as("signature files of signed jars").isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.docanchor.verifier.cli.Launcher");
            // The schemas in the jar are the files of docs/, byte for byte.
            for (String schema : List.of("proof.schema.json", "proof-v1.schema.json")) {
                try (InputStream in = jar.getInputStream(jar.getEntry("org/docanchor/verifier/schema/" + schema))) {
                    assertThat(in.readAllBytes()).as(schema).isEqualTo(Files.readAllBytes(Path.of("docs", schema)));
                }
            }
        }
    }

    /** An older java (this machine kind ships 17 as its default) gets a sentence, not UnsupportedClassVersionError. */
    @Test
    void anOlderJavaIsToldWhatToRunItWith() throws Exception {
        Optional<Path> older;
        try (var jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            older = jvms.map(home -> home.resolve("bin/java")).filter(Files::isExecutable)
                    .filter(java -> featureOf(java) > 0 && featureOf(java) < 21).findFirst();
        } catch (IOException e) {
            older = Optional.empty();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(older.isPresent(), "no java older than 21 in /usr/lib/jvm");
        Process process = new ProcessBuilder(older.get().toString(), "-jar", JAR.toString(), "--help")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("needs Java 21 or newer").doesNotContain("UnsupportedClassVersionError");
    }

    private static int featureOf(Path javaBinary) {
        try {
            Process process = new ProcessBuilder(javaBinary.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(1, TimeUnit.MINUTES);
            var m = java.util.regex.Pattern.compile("java\\.specification\\.version = (\\S+)").matcher(out);
            if (!m.find()) {
                return 0;
            }
            // "1.8" is 8, "21" is 21 (the Launcher's rule; it is compiled for Java 8 apart, so quarkus:dev's test
            // compilation does not see it).
            String major = m.group(1).startsWith("1.") ? m.group(1).substring(2) : m.group(1);
            return Integer.parseInt(major.split("\\.")[0]);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 0;
        }
    }
}
