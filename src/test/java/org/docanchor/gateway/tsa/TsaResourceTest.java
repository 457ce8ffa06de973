package org.docanchor.gateway.tsa;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 3161 time-stamping authority on the real parts: queries made by Debian's {@code openssl ts}, replies
 * checked by {@code openssl ts -reply/-verify} and by Bouncy Castle, refusals as RFC 3161 rejections, and the
 * token's digests anchored (PENDING, then ANCHORED) like any submitted document.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class TsaResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "2.999.3161.1";

    @Inject
    ApiKeys apiKeys;

    @TempDir
    Path dir;

    TestDepartment department;
    Path tsaPem;
    Path caPem;
    X509Certificate tsaCertificate;

    @BeforeEach
    void setUp() throws Exception {
        department = Departments.create(apiKeys, "TSA");
        String chain = given().get("/api/v1/tsa/certificate").then().statusCode(200)
                .contentType("application/pem-certificate-chain").extract().asString();
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (var certificate : factory.generateCertificates(new ByteArrayInputStream(
                chain.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        assertThat(certificates).as("the TSA certificate, then the development CA that issued it").hasSize(2);
        tsaCertificate = certificates.get(0);
        tsaPem = dir.resolve("tsa-cert.pem");
        caPem = dir.resolve("ca.pem");
        Files.writeString(tsaPem, TsaKeys.pem(certificates.get(0)));
        Files.writeString(caPem, TsaKeys.pem(certificates.get(1)));
    }

    @Test
    void opensslQueriesGetTokensThatOpensslVerifies_withAndWithoutNonce() throws Exception {
        Path data = dir.resolve("contract.pdf");
        Files.writeString(data, "A contract to time-stamp, " + System.nanoTime());
        for (boolean nonce : List.of(false, true)) {
            Path query = dir.resolve("query-" + nonce + ".tsq");
            List<String> command = new ArrayList<>(List.of("openssl", "ts", "-query", "-data", data.toString(),
                    "-sha256", "-cert", "-out", query.toString()));
            if (!nonce) {
                command.add("-no_nonce");
            }
            openssl(command);
            Path reply = post(query, "reply-" + nonce + ".tsr");
            String text = openssl(List.of("openssl", "ts", "-reply", "-in", reply.toString(), "-text"));
            assertThat(text).contains("Status: Granted.").contains("Policy OID: " + POLICY)
                    .contains("Accuracy: 0x01 seconds").contains("Ordering: no")
                    .contains("Nonce: " + (nonce ? "0x" : "unspecified"));
            if (nonce) {
                String sent = openssl(List.of("openssl", "ts", "-query", "-in", query.toString(), "-text"));
                assertThat(line(text, "Nonce:")).as("the nonce echoed").isEqualTo(line(sent, "Nonce:"));
            }
            String verified = openssl(List.of("openssl", "ts", "-verify", "-data", data.toString(), "-in",
                    reply.toString(), "-CAfile", caPem.toString(), "-untrusted", tsaPem.toString()));
            assertThat(verified).contains("Verification: OK");
        }
    }

    @Test
    void sha384Sha512AndSm3QueriesAreTimeStampedAndVerify() throws Exception {
        Path data = dir.resolve("document.bin");
        Files.writeString(data, "Another document, " + System.nanoTime());
        for (String digest : List.of("sha384", "sha512", "sm3")) {
            Path query = dir.resolve(digest + ".tsq");
            openssl(List.of("openssl", "ts", "-query", "-data", data.toString(), "-" + digest, "-cert", "-out",
                    query.toString()));
            Path reply = post(query, digest + ".tsr");
            assertThat(openssl(List.of("openssl", "ts", "-reply", "-in", reply.toString(), "-text")))
                    .contains("Status: Granted.").contains("Hash Algorithm: " + digest);
            assertThat(openssl(List.of("openssl", "ts", "-verify", "-data", data.toString(), "-in",
                    reply.toString(), "-CAfile", caPem.toString(), "-untrusted", tsaPem.toString())))
                    .as(digest).contains("Verification: OK");
            // Registered: the TSTInfo's SHA-256 always, the SM3 imprint too (32 bytes), never a 48- or 64-byte one.
            TimeStampToken token = response(Files.readAllBytes(reply)).getTimeStampToken();
            JsonNode page = JSON.readTree(given().header("Authorization", "Bearer " + department.key())
                    .queryParam("reference", "tsa:" + token.getTimeStampInfo().getSerialNumber().toString(16))
                    .get("/api/v1/documents").then().statusCode(200).extract().asString());
            List<String> algorithms = new ArrayList<>();
            page.get("documents").forEach(receipt -> algorithms.add(receipt.get("algorithm").asText()));
            assertThat(algorithms).as(digest).containsExactlyInAnyOrderElementsOf(digest.equals("sm3")
                    ? List.of("sha256", "sm3") : List.of("sha256"));
        }
    }

    @Test
    void bouncyCastleValidatesTheToken_nonceCertReqAndPolicyAsAsked() throws Exception {
        byte[] imprint = sha256("bouncy castle " + System.nanoTime());
        for (boolean certReq : List.of(true, false)) {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(certReq);
            BigInteger nonce = BigInteger.valueOf(System.nanoTime());
            TimeStampResponse response = response(post(generator.generate(TSPAlgorithms.SHA256, imprint, nonce)
                    .getEncoded()));
            assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
            TimeStampToken token = response.getTimeStampToken();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
            assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(nonce);
            assertThat(token.getTimeStampInfo().getPolicy().getId()).isEqualTo(POLICY);
            assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(imprint);
            assertThat(token.getTimeStampInfo().getGenTimeAccuracy().getSeconds()).isEqualTo(1);
            assertThat(token.getCertificates().getMatches(null)).as("certReq %s", certReq)
                    .hasSize(certReq ? 1 : 0);
            assertThat(token.getSignedAttributes().get(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2))
                    .as("ESSCertIDv2, certReq %s", certReq).isNotNull();
            assertThat(token.getTimeStampInfo().getGenTime().getTime() % 1000).isZero();
            assertThat(token.getTimeStampInfo().getSerialNumber().bitLength()).isEqualTo(127);
            assertThat(token.getTimeStampInfo().getTsa().getName().toASN1Primitive().getEncoded())
                    .isEqualTo(tsaCertificate.getSubjectX500Principal().getEncoded());
            if (certReq) {
                X509CertificateHolder included = token.getCertificates().getMatches(null).iterator().next();
                assertThat(included.getEncoded()).isEqualTo(tsaCertificate.getEncoded());
            }
        }
        // The policy asked for by its OID is the configured one: granted.
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setReqPolicy(new ASN1ObjectIdentifier(POLICY));
        assertThat(response(post(generator.generate(TSPAlgorithms.SHA256, imprint).getEncoded())).getStatus())
                .isEqualTo(PKIStatus.GRANTED);
    }

    @Test
    void concurrentRequestsEachGetAValidToken() throws Exception {
        List<java.util.concurrent.Future<byte[]>> replies = new ArrayList<>();
        List<byte[]> imprints = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                byte[] imprint = sha256("concurrent " + i + " " + System.nanoTime());
                imprints.add(imprint);
                byte[] query = new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, imprint).getEncoded();
                replies.add(pool.submit(() -> post(query)));
            }
            for (int i = 0; i < replies.size(); i++) {
                TimeStampToken token = response(replies.get(i).get()).getTimeStampToken();
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
                assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(imprints.get(i));
            }
        }
    }

    @Test
    void refusedQueriesGetRfc3161Rejections_andAWrongContentType415() throws Exception {
        byte[] imprint = sha256("refused " + System.nanoTime());
        TimeStampRequestGenerator plain = new TimeStampRequestGenerator();
        assertRejected(post(plain.generate(TSPAlgorithms.MD5, new byte[16]).getEncoded()), PKIFailureInfo.badAlg);
        assertRejected(post(plain.generate(TSPAlgorithms.SHA1, new byte[20]).getEncoded()), PKIFailureInfo.badAlg);
        assertRejected(post("not a time-stamp request".getBytes(StandardCharsets.US_ASCII)),
                PKIFailureInfo.badDataFormat);
        assertRejected(post(new byte[] {0x30, (byte) 0x82, 0x7f}), PKIFailureInfo.badDataFormat);
        assertRejected(post(new DEROctetString(imprint).getEncoded()), PKIFailureInfo.badDataFormat);
        assertRejected(post(new byte[0]), PKIFailureInfo.badDataFormat);
        byte[] valid = plain.generate(TSPAlgorithms.SHA256, imprint).getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 2);
        assertRejected(post(trailing), PKIFailureInfo.badDataFormat);
        assertRejected(post(plain.generate(TSPAlgorithms.SHA256, new byte[20]).getEncoded()),
                PKIFailureInfo.badDataFormat);
        TimeStampRequestGenerator otherPolicy = new TimeStampRequestGenerator();
        otherPolicy.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4"));
        assertRejected(post(otherPolicy.generate(TSPAlgorithms.SHA256, imprint).getEncoded()),
                PKIFailureInfo.unacceptedPolicy);
        TimeStampRequestGenerator extended = new TimeStampRequestGenerator();
        extended.addExtension(new ASN1ObjectIdentifier("1.2.3.5"), false, new DEROctetString(new byte[1]));
        assertRejected(post(extended.generate(TSPAlgorithms.SHA256, imprint).getEncoded()),
                PKIFailureInfo.unacceptedExtension);

        // openssl's own words for a rejection
        Path query = dir.resolve("policy.tsq");
        Path data = dir.resolve("policy.txt");
        Files.writeString(data, "policy");
        openssl(List.of("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-tspolicy", "1.2.3.4",
                "-out", query.toString()));
        assertThat(openssl(List.of("openssl", "ts", "-reply", "-in", post(query, "policy.tsr").toString(),
                "-text"))).contains("Status: Rejected.").contains("Failure info:");

        for (String type : List.of("application/json", "application/octet-stream", "text/plain")) {
            assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(type)
                    .body(valid).post("/api/v1/tsa"), 415, "unsupported-media-type");
        }
        assertProblem(given().header("Authorization", "Bearer " + department.key()).post("/api/v1/tsa"), 415,
                "unsupported-media-type");
        assertProblem(given().contentType(TsaResource.QUERY).body(valid).post("/api/v1/tsa"), 401,
                "unauthenticated");
        assertProblem(given().header("Authorization", "Bearer " + department.key()).contentType(TsaResource.QUERY)
                .body(new byte[70_000]).post("/api/v1/tsa"), 413, "body-too-large");
    }

    @Test
    void theTokensDigestsAreRegisteredAndAnchored_pendingThenAnchored() throws Exception {
        Path data = dir.resolve("licence.txt");
        Files.writeString(data, "Licence 2026/" + System.nanoTime());
        Path query = dir.resolve("anchored.tsq");
        openssl(List.of("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out",
                query.toString()));
        Response answer = given().header("Authorization", "Bearer " + department.key())
                .contentType(TsaResource.QUERY).body(Files.readAllBytes(query)).post("/api/v1/tsa");
        answer.then().statusCode(200).contentType(TsaResource.REPLY);
        Path reply = dir.resolve("anchored.tsr");
        Files.write(reply, answer.asByteArray());
        TimeStampToken token = response(answer.asByteArray()).getTimeStampToken();
        byte[] tstInfo = (byte[]) token.toCMSSignedData().getSignedContent().getContent();
        String tstInfoDigest = "0x" + HexFormat.of().formatHex(sha256(tstInfo));
        String imprint = "0x" + HexFormat.of().formatHex(sha256(Files.readAllBytes(data)));
        assertThat(answer.header("Link")).isEqualTo("</api/v1/proofs/" + tstInfoDigest + ">; rel=\"anchor-proof\"");

        // The TSTInfo as openssl extracts it from the token is the one registered.
        Path tokenFile = dir.resolve("token.der");
        Path tstInfoFile = dir.resolve("tstinfo.der");
        openssl(List.of("openssl", "ts", "-reply", "-in", reply.toString(), "-token_out", "-out",
                tokenFile.toString()));
        openssl(List.of("openssl", "cms", "-verify", "-noverify", "-inform", "DER", "-in", tokenFile.toString(),
                "-out", tstInfoFile.toString()));
        assertThat(Files.readAllBytes(tstInfoFile)).isEqualTo(tstInfo);

        for (String digest : List.of(tstInfoDigest, imprint)) {
            given().get("/api/v1/proofs/" + digest).then().statusCode(200).body("status", equalTo("PENDING"))
                    .body("department", equalTo(department.code()));
        }
        String reference = "tsa:" + token.getTimeStampInfo().getSerialNumber().toString(16);
        JsonNode page = JSON.readTree(given().header("Authorization", "Bearer " + department.key())
                .queryParam("reference", reference).get("/api/v1/documents").then().statusCode(200).extract()
                .asString());
        List<String> registered = new ArrayList<>();
        page.get("documents").forEach(receipt -> registered.add(receipt.get("digest").asText() + " "
                + receipt.get("algorithm").asText()));
        assertThat(registered).containsExactlyInAnyOrder(tstInfoDigest + " sha256", imprint + " sha256");

        for (String digest : List.of(tstInfoDigest, imprint)) {
            JsonNode proof = JSON.readTree(Proofs.awaitStatus(digest, "ANCHORED"));
            assertThat(proof.get("algorithm").asText()).isEqualTo("sha256");
            assertThat(proof.get("department").asText()).isEqualTo(department.code());
            given().contentType("application/json").body(proof.toString()).post("/api/v1/verify").then()
                    .statusCode(200).body("result", equalTo("VALID"));
        }
    }

    @Test
    void aSha512TokenIsAnchoredThroughItsTstInfoOnly() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        byte[] imprint = MessageDigest.getInstance("SHA-512").digest(("sha512 " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8));
        Response answer = given().header("Authorization", "Bearer " + department.key())
                .contentType(TsaResource.QUERY).body(generator.generate(TSPAlgorithms.SHA512, imprint).getEncoded())
                .post("/api/v1/tsa");
        TimeStampToken token = response(answer.then().statusCode(200).extract().asByteArray()).getTimeStampToken();
        assertOnlyItsTstInfoIsRegisteredUnderItsReference(token);
    }

    @Test
    void anImprintRegisteredBefore_keepsItsRegistration_andTheTokenIsAnchoredThroughItsTstInfo() throws Exception {
        byte[] asDocument = sha256("registered first " + System.nanoTime());
        byte[] asOtherAlgorithm = sha256("registered as sha3-256 " + System.nanoTime());
        String first = "0x" + HexFormat.of().formatHex(asDocument);
        String other = "0x" + HexFormat.of().formatHex(asOtherAlgorithm);
        given().header("Authorization", "Bearer " + department.key()).contentType("application/json")
                .body(java.util.Map.of("digest", first, "algorithm", "sha256", "reference", "licence 1"))
                .post("/api/v1/documents").then().statusCode(202);
        given().header("Authorization", "Bearer " + department.key()).contentType("application/json")
                .body(java.util.Map.of("digest", other, "algorithm", "sha3-256")).post("/api/v1/documents").then()
                .statusCode(202);
        for (byte[] imprint : List.of(asDocument, asOtherAlgorithm)) {
            TimeStampToken token = response(post(new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256,
                    imprint).getEncoded())).getTimeStampToken();
            assertOnlyItsTstInfoIsRegisteredUnderItsReference(token);
        }
        given().header("Authorization", "Bearer " + department.key()).queryParam("reference", "licence 1")
                .get("/api/v1/documents").then().statusCode(200).body("documents[0].digest", equalTo(first));
        given().get("/api/v1/proofs/" + other).then().statusCode(200).body("algorithm", equalTo("sha3-256"));
    }

    /** The token's reference, {@code tsa:<serial>}, names one document: the SHA-256 of its TSTInfo. */
    private void assertOnlyItsTstInfoIsRegisteredUnderItsReference(TimeStampToken token) throws Exception {
        String tstInfoDigest = "0x" + HexFormat.of().formatHex(sha256(
                (byte[]) token.toCMSSignedData().getSignedContent().getContent()));
        JsonNode page = JSON.readTree(given().header("Authorization", "Bearer " + department.key())
                .queryParam("reference", "tsa:" + token.getTimeStampInfo().getSerialNumber().toString(16))
                .get("/api/v1/documents").then().statusCode(200).extract().asString());
        assertThat(page.get("documents")).hasSize(1);
        assertThat(page.get("documents").get(0).get("digest").asText()).isEqualTo(tstInfoDigest);
    }

    @Test
    void aDepartmentWhoseSubmissionsMustBeSignedGetsNoToken() throws Exception {
        TestDepartment signing = Departments.create(apiKeys, "TSA-SIGNED");
        String admin = apiKeys.issue(null, List.of(org.docanchor.gateway.identity.Roles.ADMIN), null, null).key();
        given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .body("{\"signaturesRequired\": true}")
                .put("/api/v1/admin/departments/" + signing.code() + "/signature-policy").then().statusCode(200);
        byte[] imprint = sha256("signed " + System.nanoTime());
        assertProblem(given().header("Authorization", "Bearer " + signing.key()).contentType(TsaResource.QUERY)
                .body(new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, imprint).getEncoded())
                .post("/api/v1/tsa"), 409, "signed-submissions-required");
        given().get("/api/v1/proofs/0x" + HexFormat.of().formatHex(imprint)).then().statusCode(404);
    }

    @Test
    void theCertificateIsPublished_pemChainByDefault_derOnRequest_withTheCriticalTimeStampingUsage()
            throws Exception {
        byte[] der = given().accept("application/pkix-cert").get("/api/v1/tsa/certificate").then().statusCode(200)
                .contentType("application/pkix-cert").extract().asByteArray();
        assertThat(der).isEqualTo(tsaCertificate.getEncoded());
        assertThat(tsaCertificate.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        assertThat(tsaCertificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertProblem(given().accept("application/json").get("/api/v1/tsa/certificate"), 406, "not-acceptable");
    }

    // ---------------------------------------------------------------------------------------------------------

    private void assertRejected(byte[] reply, int failInfo) throws Exception {
        TimeStampResponse response = response(reply);
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo()).isNotNull();
        assertThat(response.getFailInfo().intValue()).isEqualTo(failInfo);
        assertThat(response.getTimeStampToken()).isNull();
    }

    private byte[] post(byte[] query) {
        return given().header("Authorization", "Bearer " + department.key()).contentType(TsaResource.QUERY)
                .body(query).post("/api/v1/tsa").then().statusCode(200).contentType(TsaResource.REPLY).extract()
                .asByteArray();
    }

    private Path post(Path query, String name) throws IOException {
        Path reply = dir.resolve(name);
        Files.write(reply, post(Files.readAllBytes(query)));
        return reply;
    }

    private static TimeStampResponse response(byte[] der) throws Exception {
        return new TimeStampResponse(der);
    }

    private static byte[] sha256(String text) throws Exception {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Runs Debian's openssl; returns stdout and stderr together; fails on a non-zero exit. */
    private static String openssl(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
        return output;
    }
}
