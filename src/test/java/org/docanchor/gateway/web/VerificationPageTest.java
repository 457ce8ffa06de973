package org.docanchor.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.docanchor.gateway.testing.TcpProxy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The public verification page in a real browser (Debian's Chromium, driven by playwright-core from
 * {@code src/main/web/test/page/}) against this gateway and a real chain: registers a document from a real file,
 * a revoked one and a pending one, then runs the node test script with their facts and fails if it fails.
 * The script takes screenshots of every state into {@code target/page-screenshots/} and runs axe-core in each.
 *
 * <p>The page is the one {@code npm run build:page} wrote into {@code target/classes/META-INF/resources/}, served
 * at {@code /verify} (what QR codes open) and {@code /}; the browser tests use {@code /verify}.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class VerificationPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WEB = Path.of(System.getProperty("anchor.web-dir", "src/main/web")).toAbsolutePath();
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @Inject
    ApiKeys apiKeys;

    /** Between the gateway and anvil; cut to keep one document PENDING while the browser looks at it. */
    TcpProxy chainLink;

    @TestHTTPResource("/")
    URL root;

    @Test
    void verificationPageInChromium() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path page = TARGET.resolve("classes/META-INF/resources/index.html");
        Path standalone = TARGET.resolve("verification-page/index.html");
        if (!Files.isExecutable(chromium)) {
            skipLoudly("no Chromium at " + chromium + " (set CHROMIUM, or apt-get install chromium fonts-noto-cjk;"
                    + " .ci/run does)");
        }
        if (!Files.exists(page) || !Files.exists(standalone)) {
            skipLoudly("the page is not built (npm run build in src/main/web; Maven does it unless -Dskip.web=true)");
        }
        assertThat(WEB.resolve("node_modules/playwright-core")).as("npm ci in src/main/web").exists();

        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String department = "PAGE-" + suffix;
        org.docanchor.gateway.testing.Departments.register(department, "Civil registry (browser test)");
        String key = apiKeys.issue(department, List.of(Roles.SUBMITTER, Roles.REVOKER), null, null).key();

        Path dir = Files.createDirectories(TARGET.resolve("page-fixtures"));
        byte[] certificate = fakePdf("Birth certificate 2026/" + suffix + "\nName: Li Hua / 李华\n");
        byte[] changed = certificate.clone();
        changed[changed.length - 20] ^= 0x01;
        byte[] licence = fakePdf("Driving licence " + suffix + "\n");
        byte[] newLicence = fakePdf("Driving licence " + suffix + " (reissued)\n");
        byte[] application = fakePdf("Application " + suffix + " received, not yet anchored\n");
        Path certificateFile = Files.write(dir.resolve("certificate.pdf"), certificate);
        Path changedFile = Files.write(dir.resolve("certificate-changed.pdf"), changed);
        Path licenceFile = Files.write(dir.resolve("licence.pdf"), licence);

        String validDigest = sha256(certificate);
        String revokedDigest = sha256(licence);
        String replacementDigest = sha256(newLicence);
        String validReceipt = submit(key, validDigest);
        for (String digest : List.of(revokedDigest, replacementDigest)) {
            submit(key, digest);
        }
        // The same document registered by two departments: the page asks which one issued it.
        String otherDepartment = "PAGE2-" + suffix;
        org.docanchor.gateway.testing.Departments.register(otherDepartment, "Health department (browser test)");
        String otherKey = apiKeys.issue(otherDepartment, List.of(Roles.SUBMITTER), null, null).key();
        String sharedDigest = sha256(fakePdf("Joint permit " + suffix + "\n"));
        submit(key, sharedDigest);
        submit(otherKey, sharedDigest);

        String validProof = Proofs.awaitStatus(validDigest, "ANCHORED");
        Proofs.awaitStatus(revokedDigest, "ANCHORED");
        Proofs.awaitStatus(replacementDigest, "ANCHORED");
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("reason", "superseded", "replacement", replacementDigest))
                .post("/api/v1/documents/" + revokedDigest + "/revocation").then().statusCode(202);
        Proofs.awaitFragment(revokedDigest, "\"revokedAt\"");
        for (String code : List.of(department, otherDepartment)) {
            awaitAnchored(sharedDigest, code);
        }
        Path proofFile = Files.writeString(dir.resolve("certificate-proof.json"), validProof);

        String rpcUrl = given().get("/api/v1/network").then().statusCode(200).extract().path("rpcUrl");

        // The gateway loses its node: what it registers now stays PENDING while the browser looks. The page asks
        // the node directly (the published rpcUrl is anvil itself, not this link), so the other documents verify.
        chainLink.cut();
        try {
            String pendingDigest = sha256(application);
            String pendingReceipt = submit(key, pendingDigest);
            given().get("/api/v1/proofs/" + pendingDigest).then().statusCode(200).body("status", equalTo("PENDING"));

            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("department", department);
            facts.put("valid", Map.of("file", certificateFile.toString(), "digest", validDigest));
            facts.put("changed", Map.of("file", changedFile.toString()));
            facts.put("revoked", Map.of("file", licenceFile.toString(), "digest", revokedDigest,
                    "reason", "superseded", "replacementDigest", replacementDigest));
            facts.put("pending", Map.of("digest", pendingDigest));
            facts.put("shared", Map.of("digest", sharedDigest, "departments", List.of(department, otherDepartment)));
            facts.put("proofFile", proofFile.toString());
            // The signed receipts the gateway answered at registration, checked by the page under its JWK set.
            facts.put("receipts", Map.of("valid", validReceipt, "pending", pendingReceipt));
            Path factsFile = dir.resolve("facts.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(factsFile.toFile(), facts);

            // What QR codes open; / serves the same file. Both under the page's Content-Security-Policy.
            for (String path : List.of("/", "/verify")) {
                given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                        .header("Content-Security-Policy", containsString("script-src 'self'"))
                        .body(containsString("assets/verify.js"));
            }
            int exit = runBrowserTests(Map.of(
                    "PAGE_URL", root.toString() + "verify",
                    "PAGE_RPC_URL", rpcUrl,
                    "PAGE_FIXTURES", factsFile.toString(),
                    "PAGE_STANDALONE", standalone.toString(),
                    "PAGE_SCREENSHOTS", TARGET.resolve("page-screenshots").toString(),
                    "CHROMIUM", chromium.toString()));
            assertThat(exit).as("node --test test/page/: output above and in target/page-tests.log, screenshots in target/page-screenshots")
                    .isZero();
        } finally {
            chainLink.restore();
        }
    }

    /** Skips this test with a banner nobody can miss; with CI=true, fails instead: CI must test the page. */
    private static void skipLoudly(String why) {
        String message = "\n" + "!".repeat(100) + "\n!!! VerificationPageTest: " + why
                + ".\n!!! The verification page was NOT tested in a browser.\n" + "!".repeat(100);
        System.err.println(message);
        assertThat(System.getenv("CI")).as("CI=true: the browser test must run, but " + why).isNotEqualTo("true");
        Assumptions.abort(message);
    }

    /** Runs the node tests; their output goes to this test's output (through surefire) and target/page-tests.log. */
    private static int runBrowserTests(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                "--test-concurrency=1", "test/page/")
                .directory(WEB.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        Thread copier = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var log = Files.newBufferedWriter(TARGET.resolve("page-tests.log"))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[browser] " + line);
                    log.write(line);
                    log.newLine();
                }
            } catch (java.io.IOException e) {
                System.out.println("[browser] output lost: " + e.getMessage());
            }
        }, "browser-test-output");
        copier.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the browser tests did not finish within 10 minutes");
        }
        copier.join(5000);
        return process.exitValue();
    }

    /** Waits for the proof a department holds of a digest several departments registered. */
    private static void awaitAnchored(String digest, String department) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            String status = given().queryParam("department", department).get("/api/v1/proofs/" + digest)
                    .then().statusCode(200).extract().path("status");
            if ("ANCHORED".equals(status)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(digest + " of " + department + " was not anchored within 60 s");
    }

    /** Registers the digest; returns the signed receipt the gateway answers (a compact JWS). */
    private static String submit(String key, String digest) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents")
                .then().statusCode(202).extract().path("jws");
    }

    /** A small, well-formed one-page PDF showing {@code text}, so the fixture is a real file a citizen could hold. */
    static byte[] fakePdf(String text) {
        String stream = "BT /F1 14 Tf 72 720 Td (" + text.replaceAll("[^\\x20-\\x7e]", "?").replace("\n", ") Tj T* (")
                + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 0; i < objects.size(); i++) {
            xref.append(String.format("%010d 00000 n \n", pdf.length()));
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int start = pdf.length();
        pdf.append(xref).append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(start).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "0x" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
