package org.docanchor.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the standalone verifier, contracts-solidity/scripts/verify-proof.cjs, on a proof document. */
public final class CliVerifier {

    private CliVerifier() {
    }

    /** Its exit code: 0 VALID, 1 INVALID, 2 unusable input, 3 UNDETERMINED, 4 REVOKED. */
    public static int run(String proofJson, String... args) throws Exception {
        Path file = Files.createTempFile("proof", ".json");
        Path output = Files.createTempFile("verify-proof", ".txt");
        try {
            Files.writeString(file, proofJson);
            List<String> command = new ArrayList<>(List.of("node",
                    Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"), "scripts",
                            "verify-proof.cjs").toAbsolutePath().toString(), file.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("verify-proof.cjs did not finish within 60 s");
            }
            // In the test's log, so that an unexpected verdict says why.
            System.out.println("verify-proof.cjs exit " + process.exitValue() + ":\n" + Files.readString(output));
            return process.exitValue();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(output);
        }
    }
}
