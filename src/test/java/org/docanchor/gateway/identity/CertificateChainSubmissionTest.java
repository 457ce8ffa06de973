package org.docanchor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.docanchor.gateway.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.gateway.testing.Proofs;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.signature.SignedMessage;
import org.junit.jupiter.api.Test;

/**
 * Certificate chains over HTTP, with trusted roots configured (a throw-away root made here): a chain with an
 * intermediate signs submissions (its leaf's key), and a certificate that expires stops signing at submission
 * time, although it was valid when registered.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestProfile(CertificateChainSubmissionTest.TrustedRoots.class)
class CertificateChainSubmissionTest {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);
    /** Where the profile leaves the root for the tests (which may run in another class loader than the profile). */
    private static final Path PKI = Path.of("target", "certificate-chain-test");

    /** Trusts a root made here, written before the application starts. */
    public static class TrustedRoots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                KeyPair keys = ecKeys();
                X509Certificate root = certificate("CN=Test Government Root", keys.getPublic(), null, keys, true,
                        Duration.ofDays(30));
                Files.createDirectories(PKI);
                Files.write(PKI.resolve("root.key"), keys.getPrivate().getEncoded());
                Files.write(PKI.resolve("root.pub"), keys.getPublic().getEncoded());
                Files.writeString(PKI.resolve("roots.pem"), pem(root));
                return Map.of("anchor.identity.trusted-roots-file", PKI.resolve("roots.pem").toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static X509Certificate root;
    private static KeyPair rootKeys;

    @org.junit.jupiter.api.BeforeAll
    static void readTheRoot() throws Exception {
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance("EC");
        rootKeys = new KeyPair(
                factory.generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(PKI.resolve("root.pub")))),
                factory.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Files.readAllBytes(PKI.resolve("root.key")))));
        root = org.docanchor.verifier.signature.CertificateValidator.parseChain(Files.readString(PKI.resolve("roots.pem")))
                .get(0);
    }

    @Inject
    ApiKeys apiKeys;

    @Test
    void aChainWithAnIntermediateSignsEverySubmission_withItsLeafsKey() throws Exception {
        String code = department();
        String key = apiKeys.issue(code, List.of(Roles.SUBMITTER), null, null).key();
        KeyPair intermediateKeys = ecKeys();
        X509Certificate intermediate = certificate("CN=Test Issuing CA", intermediateKeys.getPublic(), root,
                rootKeys, true, Duration.ofDays(20));
        KeyPair leafKeys = ecKeys();
        X509Certificate leaf = certificate("O=" + code + ",CN=Signing service", leafKeys.getPublic(), intermediate,
                intermediateKeys, false, Duration.ofDays(10));
        // Leaf, intermediate and the root itself, as a CA's bundle often comes.
        register(code, pem(leaf) + pem(intermediate) + pem(root));

        for (int i = 0; i < 3; i++) {
            String digest = Digests.random();
            submit(key, Map.of("digest", digest, "algorithm", "sha256", "signature", sign(leafKeys, code, digest)))
                    .then().statusCode(202);
            if (i == 0) {
                String proof = Proofs.awaitStatus(digest, "ANCHORED");
                given().contentType(ContentType.JSON).body(proof).post("/api/v1/verify").then()
                        .body("result", equalTo("VALID"));
            }
        }
        String digest = Digests.random();
        assertProblem(submit(key, Map.of("digest", digest, "algorithm", "sha256", "signature",
                sign(intermediateKeys, code, digest))), 400, "invalid-request")
                .body("errors[0].detail", containsString("does not verify"));
    }

    @Test
    void aCertificateThatExpiredNoLongerSigns_althoughItWasValidWhenRegistered() throws Exception {
        String code = department();
        String key = apiKeys.issue(code, List.of(Roles.SUBMITTER), null, null).key();
        KeyPair leafKeys = ecKeys();
        X509Certificate leaf = certificate("O=" + code + ",CN=Short-lived signer", leafKeys.getPublic(), root,
                rootKeys, false, Duration.ofSeconds(20));
        register(code, pem(leaf));
        String digest = Digests.random();
        if (Instant.now().isBefore(leaf.getNotAfter().toInstant().minusSeconds(2))) {
            submit(key, Map.of("digest", digest, "algorithm", "sha256", "signature", sign(leafKeys, code, digest)))
                    .then().statusCode(202);
        }
        SignedSubmissionTest.awaitTime(leaf.getNotAfter().toInstant().plusSeconds(1).toString());
        String late = Digests.random();
        assertProblem(submit(key, Map.of("digest", late, "algorithm", "sha256", "signature",
                sign(leafKeys, code, late))), 409, "no-signing-key")
                .body("detail", containsString("is not valid now"));
        // Unsigned is no way round it: the department requires signatures.
        assertProblem(submit(key, Map.of("digest", late, "algorithm", "sha256")), 409, "no-signing-key");
    }

    private static String department() {
        String code = "CERT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        org.docanchor.gateway.testing.Departments.register(code, "Certificate department");
        return code;
    }

    private void register(String code, String pem) throws InterruptedException {
        String admin = apiKeys.issue(null, List.of(Roles.ADMIN), null, null).key();
        ExtractableResponse<Response> registered = given().header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON).body(Map.of("pem", pem))
                .post("/api/v1/admin/departments/" + code + "/public-keys").then().statusCode(201)
                .body("certificate", equalTo(true)).extract();
        SignedSubmissionTest.awaitTime(registered.path("validFrom"));
    }

    private static Response submit(String key, Map<String, String> body) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/documents");
    }

    private static String sign(KeyPair pair, String department, String digest) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(pair.getPrivate());
        signature.update(SignedMessage.bytes(department, Hash32.fromHex(digest), "sha256"));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, java.security.PublicKey key, X509Certificate issuer,
            KeyPair issuerKeys, boolean ca, Duration lifetime) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            X500Name issuerName = issuer == null ? name
                    : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(lifetime)), name, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
