package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.docanchor.verifier.signature.TestPki.AT;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.docanchor.verifier.signature.CertificateValidationException.Reason;
import org.docanchor.verifier.signature.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateValidatorTest {

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_acceptsRootIntermediateLeaf(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);

        ValidatedChain chain = pki.validator().validate(List.of(pki.leaf.certificate(), pki.intermediate.certificate()), AT);

        assertThat(chain.root()).isEqualTo(pki.root.certificate());
        assertThat(chain.path()).containsExactly(pki.leaf.certificate(), pki.intermediate.certificate());
        assertThat(chain.key().algorithm()).isEqualTo(algorithm);
        assertThat(chain.key().fingerprint()).isEqualTo(DepartmentKey.of(pki.leaf.keyPair().getPublic()).fingerprint());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_acceptsAChainFromPemThatEndsWithTheRoot(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);
        CertificateValidator validator = CertificateValidator.fromPem(TestPki.pem(pki.root.certificate()));

        List<X509Certificate> chain = CertificateValidator.parseChain(TestPki.pem(pki.leaf.certificate())
                + TestPki.pem(pki.intermediate.certificate()) + TestPki.pem(pki.root.certificate()));

        assertThat(validator.validate(chain, AT).path()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_acceptsALeafIssuedByTheRoot(KeyAlgorithm algorithm) {
        Issued root = TestPki.root(algorithm, "Root");
        Issued leaf = TestPki.leaf(root, algorithm, "Department");

        assertThat(new CertificateValidator(List.of(root.certificate())).validate(List.of(leaf.certificate()), AT)
                .leaf()).isEqualTo(leaf.certificate());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_refusesAnExpiredLeaf(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);
        Issued expired = TestPki.cert("Department", TestPki.keyPair(algorithm)).issuedBy(pki.intermediate)
                .keyUsage(KeyUsage.digitalSignature).validity(AT.minus(Duration.ofDays(400)), AT.minusSeconds(1))
                .build();

        assertRefused(pki, List.of(expired.certificate(), pki.intermediate.certificate()), Reason.EXPIRED,
                "certificate \"CN=Department,O=Anchor Gateway Tests\" expired at");
    }

    @Test
    void validate_refusesALeafNotYetValid() {
        Pki pki = Pki.of(KeyAlgorithm.ECDSA_P256);
        Issued future = TestPki.cert("Department", TestPki.keyPair(KeyAlgorithm.ECDSA_P256)).issuedBy(pki.intermediate)
                .validity(AT.plusSeconds(1), AT.plus(Duration.ofDays(10))).build();

        assertRefused(pki, List.of(future.certificate(), pki.intermediate.certificate()), Reason.NOT_YET_VALID,
                "is valid from");
    }

    @Test
    void validate_refusesAChainWhoseIntermediateExpired() {
        Pki pki = Pki.of(KeyAlgorithm.ED25519);

        assertThatThrownBy(() -> pki.validator().validate(List.of(pki.leaf.certificate(),
                pki.intermediate.certificate()), AT.plus(Duration.ofDays(366))))
                .isInstanceOfSatisfying(CertificateValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_refusesALeafSignedByAnUntrustedRoot(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);
        Issued otherRoot = TestPki.root(algorithm, "Other Root");
        Issued leaf = TestPki.leaf(otherRoot, algorithm, "Department");

        assertRefused(pki, List.of(leaf.certificate()), Reason.UNTRUSTED_ROOT, "which is not a trusted root");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_refusesARootImpostorWithTheTrustedName(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);
        Issued impostor = TestPki.root(algorithm, "Root");
        Issued leaf = TestPki.leaf(impostor, algorithm, "Department");

        assertRefused(pki, List.of(leaf.certificate()), Reason.UNTRUSTED_ROOT, "is not signed by that root's key");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_refusesALeafWithoutDigitalSignatureOrNonRepudiation(KeyAlgorithm algorithm) {
        Pki pki = Pki.of(algorithm);
        int usage = algorithm == KeyAlgorithm.ED25519 ? KeyUsage.dataEncipherment : KeyUsage.keyAgreement;
        Issued leaf = TestPki.cert("Department", TestPki.keyPair(algorithm)).issuedBy(pki.intermediate)
                .keyUsage(usage).build();

        assertRefused(pki, List.of(leaf.certificate(), pki.intermediate.certificate()), Reason.WRONG_KEY_USAGE,
                "has a KeyUsage without digitalSignature or nonRepudiation");
    }

    @Test
    void validate_acceptsALeafWithNonRepudiationOnlyOrWithoutKeyUsage() {
        Pki pki = Pki.of(KeyAlgorithm.SM2);
        Issued nonRepudiation = TestPki.cert("Department", TestPki.keyPair(KeyAlgorithm.SM2)).issuedBy(pki.intermediate)
                .keyUsage(KeyUsage.nonRepudiation).build();
        Issued noKeyUsage = TestPki.cert("Department", TestPki.keyPair(KeyAlgorithm.SM2)).issuedBy(pki.intermediate)
                .build();

        for (Issued leaf : List.of(nonRepudiation, noKeyUsage)) {
            assertThat(pki.validator().validate(List.of(leaf.certificate(), pki.intermediate.certificate()), AT))
                    .isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validate_refusesAnIntermediateWithoutKeyCertSign(KeyAlgorithm algorithm) {
        Issued root = TestPki.root(algorithm, "Root");
        Issued intermediate = TestPki.cert("Intermediate", TestPki.keyPair(algorithm)).issuedBy(root).ca()
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).build();
        Issued leaf = TestPki.leaf(intermediate, algorithm, "Department");

        assertRefused(new CertificateValidator(List.of(root.certificate())),
                List.of(leaf.certificate(), intermediate.certificate()), Reason.WRONG_KEY_USAGE,
                "intermediate \"CN=Intermediate,O=Anchor Gateway Tests\" has a KeyUsage without keyCertSign");
    }

    @Test
    void validate_refusesAnIntermediateThatIsNotACa() {
        Issued root = TestPki.root(KeyAlgorithm.ECDSA_P256, "Root");
        Issued notCa = TestPki.cert("Intermediate", TestPki.keyPair(KeyAlgorithm.ECDSA_P256)).issuedBy(root)
                .keyUsage(KeyUsage.keyCertSign).build();
        Issued leaf = TestPki.leaf(notCa, KeyAlgorithm.ECDSA_P256, "Department");

        assertRefused(new CertificateValidator(List.of(root.certificate())),
                List.of(leaf.certificate(), notCa.certificate()), Reason.NOT_A_CA, "is not a CA certificate");
    }

    @Test
    void validate_refusesChainsInTheWrongOrderOrWithAForgedLink() {
        Pki pki = Pki.of(KeyAlgorithm.ECDSA_P256);
        Issued forger = TestPki.cert("Intermediate", TestPki.keyPair(KeyAlgorithm.ECDSA_P256)).issuedBy(pki.root).ca()
                .keyUsage(KeyUsage.keyCertSign).build();

        assertRefused(pki, List.of(pki.intermediate.certificate(), pki.leaf.certificate()), Reason.BROKEN_CHAIN,
                "names its issuer");
        assertRefused(pki, List.of(pki.leaf.certificate(), forger.certificate()), Reason.BROKEN_CHAIN,
                "is not signed by the key of certificate 1");
    }

    @Test
    void validate_letsPkixEnforcePathLength() {
        Issued root = TestPki.root(KeyAlgorithm.ED25519, "Root");
        Issued first = TestPki.cert("First", TestPki.keyPair(KeyAlgorithm.ED25519)).issuedBy(root).pathLength(0)
                .keyUsage(KeyUsage.keyCertSign).build();
        Issued second = TestPki.intermediate(first, KeyAlgorithm.ED25519, "Second");
        Issued leaf = TestPki.leaf(second, KeyAlgorithm.ED25519, "Department");

        assertRefused(new CertificateValidator(List.of(root.certificate())),
                List.of(leaf.certificate(), second.certificate(), first.certificate()), Reason.BROKEN_CHAIN,
                "PKIX validation failed");
    }

    @Test
    void validate_refusesSha1Signatures() {
        Issued root = TestPki.cert("Root", TestPki.rsa()).ca().keyUsage(KeyUsage.keyCertSign).build();
        Issued intermediate = TestPki.cert("Intermediate", TestPki.keyPair(KeyAlgorithm.ECDSA_P256)).issuedBy(root)
                .ca().keyUsage(KeyUsage.keyCertSign).signatureAlgorithm("SHA1withRSA").build();
        Issued leaf = TestPki.leaf(intermediate, KeyAlgorithm.ECDSA_P256, "Department");

        assertRefused(new CertificateValidator(List.of(root.certificate())),
                List.of(leaf.certificate(), intermediate.certificate()), Reason.WEAK_ALGORITHM, "is signed with SHA1");
    }

    @Test
    void validate_acceptsAnRsaRootAboveAnAcceptedLeaf() {
        Issued root = TestPki.cert("Root", TestPki.rsa()).ca().keyUsage(KeyUsage.keyCertSign).build();
        Issued leaf = TestPki.leaf(root, KeyAlgorithm.ECDSA_P256, "Department");

        assertThat(new CertificateValidator(List.of(root.certificate())).validate(List.of(leaf.certificate()), AT)
                .key().algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P256);
    }

    @Test
    void validate_refusesALeafWithAnRsaKey() {
        Issued root = TestPki.root(KeyAlgorithm.ECDSA_P256, "Root");
        Issued leaf = TestPki.cert("Department", TestPki.rsa()).issuedBy(root).keyUsage(KeyUsage.digitalSignature)
                .build();

        assertRefused(new CertificateValidator(List.of(root.certificate())), List.of(leaf.certificate()),
                Reason.UNSUPPORTED_KEY, "RSA keys are not accepted");
    }

    @Test
    void validate_refusesEmptyAndOverlongChains() {
        Pki pki = Pki.of(KeyAlgorithm.ECDSA_P256);

        assertRefused(pki, List.of(), Reason.MALFORMED, "a chain has 1 to 5 certificates, got 0");
        assertRefused(pki, java.util.Collections.nCopies(6, pki.leaf.certificate()), Reason.MALFORMED, "got 6");
    }

    @Test
    void fromPem_refusesABadBundle() {
        Pki pki = Pki.of(KeyAlgorithm.ECDSA_P256);
        String publicKey = TestPki.pem("PUBLIC KEY", pki.root.keyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> CertificateValidator.fromPem(TestPki.pem(pki.root.certificate()) + publicKey))
                .isInstanceOfSatisfying(CertificateValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessage("PEM block 2 is PUBLIC KEY, expected CERTIFICATE");
        assertThatThrownBy(() -> CertificateValidator.fromPem("not a pem"))
                .isInstanceOf(CertificateValidationException.class)
                .hasMessage("expected -----BEGIN ...----- at line 1");
    }

    @Test
    void constructor_refusesARootThatMayNotSignCertificates() {
        Issued root = TestPki.cert("Root", TestPki.keyPair(KeyAlgorithm.ECDSA_P256)).ca()
                .keyUsage(KeyUsage.digitalSignature).build();

        assertThatThrownBy(() -> new CertificateValidator(List.of(root.certificate())))
                .isInstanceOf(CertificateValidationException.class).hasMessageContaining("without keyCertSign");
    }

    private static void assertRefused(Pki pki, List<X509Certificate> chain, Reason reason, String message) {
        assertRefused(pki.validator(), chain, reason, message);
    }

    private static void assertRefused(CertificateValidator validator, List<X509Certificate> chain, Reason reason,
            String message) {
        assertThatThrownBy(() -> validator.validate(chain, AT))
                .isInstanceOfSatisfying(CertificateValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    /** Root, intermediate and leaf of one algorithm. */
    private record Pki(Issued root, Issued intermediate, Issued leaf) {
        static Pki of(KeyAlgorithm algorithm) {
            Issued root = TestPki.root(algorithm, "Root");
            Issued intermediate = TestPki.intermediate(root, algorithm, "Intermediate");
            return new Pki(root, intermediate, TestPki.leaf(intermediate, algorithm, "Department"));
        }

        CertificateValidator validator() {
            return new CertificateValidator(List.of(root.certificate()));
        }
    }
}
