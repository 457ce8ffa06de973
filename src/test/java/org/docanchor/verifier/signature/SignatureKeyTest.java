package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.KeyPair;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Parsing, algorithm detection and fingerprints of {@link DepartmentKey}. */
class SignatureKeyTest {

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void parse_readsAPublicKeyPemAndDetectsTheAlgorithm(KeyAlgorithm algorithm) {
        KeyPair keyPair = TestPki.keyPair(algorithm);

        DepartmentKey key = DepartmentKey.parse(TestPki.pem("PUBLIC KEY", keyPair.getPublic().getEncoded()));

        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(key.certificate()).isEmpty();
        assertThat(key.subjectPublicKeyInfo()).isEqualTo(keyPair.getPublic().getEncoded());
        assertThat(key.fingerprint()).matches("sha256:[0-9a-f]{64}");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void parse_readsACertificateWithTheSameFingerprintAsItsKey(KeyAlgorithm algorithm) {
        TestPki.Issued root = TestPki.root(algorithm, "Root");
        TestPki.Issued leaf = TestPki.leaf(root, algorithm, "Department of Records");

        DepartmentKey fromCertificate = DepartmentKey.parse(TestPki.pem(leaf.certificate()));
        DepartmentKey fromKey = DepartmentKey.parse(TestPki.pem("PUBLIC KEY", leaf.keyPair().getPublic().getEncoded()));

        assertThat(fromCertificate.algorithm()).isEqualTo(algorithm);
        assertThat(fromCertificate.certificate()).contains(leaf.certificate());
        assertThat(fromCertificate.fingerprint()).isEqualTo(fromKey.fingerprint());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void fingerprint_isStableAndSurvivesToPem(KeyAlgorithm algorithm) {
        String pem = TestPki.pem("PUBLIC KEY", TestPki.keyPair(algorithm).getPublic().getEncoded());
        DepartmentKey key = DepartmentKey.parse(pem);

        assertThat(DepartmentKey.parse(pem).fingerprint()).isEqualTo(key.fingerprint());
        assertThat(key.toPem()).isEqualTo(pem);
        assertThat(DepartmentKey.parse(key.toPem())).isEqualTo(key);
    }

    @Test
    void fingerprint_isTheSameForACompressedPoint() throws Exception {
        KeyPair keyPair = TestPki.keyPair(KeyAlgorithm.ECDSA_P256);
        byte[] compressed = ((ECPublicKey) keyPair.getPublic()).getQ().getEncoded(true);
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                X9ObjectIdentifiers.prime256v1), compressed).getEncoded("DER");

        assertThat(DepartmentKey.parse(TestPki.pem("PUBLIC KEY", spki)).fingerprint())
                .isEqualTo(DepartmentKey.of(keyPair.getPublic()).fingerprint());
    }

    @Test
    void parse_acceptsCrLfAndSurroundingBlankLines() {
        String pem = TestPki.pem("PUBLIC KEY", TestPki.keyPair(KeyAlgorithm.ED25519).getPublic().getEncoded());

        assertThat(DepartmentKey.parse("\r\n\n" + pem.replace("\n", "\r\n") + "\n\n").algorithm())
                .isEqualTo(KeyAlgorithm.ED25519);
    }

    @Test
    void parse_refusesRsa() {
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.rsa().getPublic().getEncoded()), "RSA keys are not accepted");
        assertRefused("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n",
                "RSA keys are not accepted");
    }

    @Test
    void parse_refusesAnRsaCertificate() {
        TestPki.Issued rsa = TestPki.cert("RSA department", TestPki.rsa()).build();

        assertRefused(TestPki.pem(rsa.certificate()), "RSA keys are not accepted");
    }

    @Test
    void parse_refusesOtherCurves() {
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.ec("secp384r1").getPublic().getEncoded()),
                "EC curve secp384r1 (1.3.132.0.34) is not accepted");
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.ec("secp256k1").getPublic().getEncoded()),
                "EC curve secp256k1 (1.3.132.0.10) is not accepted");
    }

    @Test
    void parse_refusesOtherAlgorithms() {
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.generate("DSA", null).getPublic().getEncoded()),
                "DSA keys are not accepted");
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.generate("Ed448", null).getPublic().getEncoded()),
                "Ed448 keys are not accepted");
        assertRefused(TestPki.pem("PUBLIC KEY", TestPki.generate("X25519", null).getPublic().getEncoded()),
                "X25519 is a key agreement key");
    }

    @Test
    void parse_refusesAPointNotOnTheCurve() throws Exception {
        byte[] point = ((ECPublicKey) TestPki.keyPair(KeyAlgorithm.ECDSA_P256).getPublic()).getQ().getEncoded(false);
        point[64] ^= 1;
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                X9ObjectIdentifiers.prime256v1), point).getEncoded("DER");

        assertRefused(TestPki.pem("PUBLIC KEY", spki), "the EC point is not");
    }

    @Test
    void parse_refusesAnUnknownAlgorithmByItsOid() throws Exception {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4")),
                new byte[32]).getEncoded("DER");

        assertRefused(TestPki.pem("PUBLIC KEY", spki), "public key algorithm 1.2.3.4 is not accepted");
    }

    @Test
    void parse_refusesMalformedPem() {
        String pem = TestPki.pem("PUBLIC KEY", TestPki.keyPair(KeyAlgorithm.ED25519).getPublic().getEncoded());
        byte[] der = TestPki.keyPair(KeyAlgorithm.ED25519).getPublic().getEncoded();

        assertRefused("", "no PEM given");
        assertRefused(null, "no PEM given");
        assertRefused("hello", "expected -----BEGIN ...----- at line 1");
        assertRefused("explanatory text\n" + pem, "expected -----BEGIN ...----- at line 1");
        assertRefused(pem + "trailing garbage\n", "unexpected text after the PEM block at line 4");
        assertRefused(pem + pem, "expected one PEM block, found several");
        assertRefused(pem.replace("-----END PUBLIC KEY-----\n", ""), "has no -----END PUBLIC KEY-----");
        assertRefused(pem.replace("END PUBLIC KEY", "END CERTIFICATE"), "PEM block PUBLIC KEY ends with END CERTIFICATE");
        assertRefused(pem.replace("MC", "M*"), "PEM block PUBLIC KEY is not valid base64");
        assertRefused("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", "PEM block PUBLIC KEY is empty");
        assertRefused(TestPki.pem("PUBLIC KEY", Arrays.copyOf(der, der.length + 2)), "(data after its end)");
        assertRefused(TestPki.pem("PUBLIC KEY", Arrays.copyOf(der, der.length - 1)),
                "the public key is not a DER SubjectPublicKeyInfo");
        assertRefused(TestPki.pem("CERTIFICATE", der), "the certificate is not a DER X.509 certificate");
        assertRefused(TestPki.pem("X509 CRL", der), "PEM X509 CRL is not accepted, expected PUBLIC KEY or CERTIFICATE");
        assertRefused("-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END PUBLIC KEY-----\n",
                "PEM headers");
    }

    @Test
    void parse_refusesAPrivateKeyWithoutEchoingIt() {
        KeyPair keyPair = TestPki.keyPair(KeyAlgorithm.ECDSA_P256);
        String pem = TestPki.pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());

        Throwable thrown = catchThrowable(() -> DepartmentKey.parse(pem));

        assertThat(thrown).isInstanceOf(InvalidDepartmentKeyException.class).hasMessageContaining("private key");
        assertThat(thrown.getMessage()).doesNotContain(pem.substring(30, 60));
    }

    @Test
    void parse_refusesOversizedInputWithAShortMessage() {
        String huge = "A".repeat(DepartmentKey.MAX_PEM_CHARS + 1);

        Throwable thrown = catchThrowable(() -> DepartmentKey.parse(huge));

        assertThat(thrown).isInstanceOf(InvalidDepartmentKeyException.class)
                .hasMessage("PEM is 16385 characters, the limit is 16384");
    }

    @Test
    void constructor_refusesAnAlgorithmThatDoesNotMatchTheKey() {
        KeyPair keyPair = TestPki.keyPair(KeyAlgorithm.ECDSA_P256);

        assertThatThrownBy(() -> new DepartmentKey(KeyAlgorithm.SM2, keyPair.getPublic(), java.util.Optional.empty()))
                .isInstanceOf(InvalidDepartmentKeyException.class).hasMessage("the key is ecdsa-p256, not sm2");
    }

    /** Whatever the input, parsing either succeeds or says what is wrong in a short message. */
    @Property(tries = 500)
    void parse_failsOnlyWithAShortMessage(@ForAll String input) {
        Throwable thrown = catchThrowable(() -> DepartmentKey.parse(input));

        assertThat(thrown).isInstanceOf(InvalidDepartmentKeyException.class);
        assertThat(thrown.getMessage().length()).isLessThan(200);
    }

    @Property(tries = 200)
    void parse_failsOnlyWithAShortMessageForRandomDer(@ForAll byte[] der) {
        Throwable thrown = catchThrowable(() -> DepartmentKey.parse(TestPki.pem("PUBLIC KEY", der)));

        assertThat(thrown).isInstanceOf(InvalidDepartmentKeyException.class);
        assertThat(thrown.getMessage().length()).isLessThan(200);
    }

    private static void assertRefused(String pem, String message) {
        assertThatThrownBy(() -> DepartmentKey.parse(pem))
                .isInstanceOf(InvalidDepartmentKeyException.class)
                .hasMessageContaining(message);
    }
}
