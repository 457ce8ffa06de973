package org.docanchor.gateway.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up refuses for the TSA's key and certificate, and what development generates. */
class TsaKeysTest {

    @TempDir
    Path dir;

    @Test
    void generatedKeyAndCertificateLoad_andTheCertificateIsIssuedByTheDevelopmentCa() throws Exception {
        Path key = dir.resolve("tsa.key");
        Path certificate = dir.resolve("tsa.pem");
        TsaKeys.generate(key, certificate);
        TsaKeys.Credentials credentials = TsaKeys.load(Files.readString(key), "key", Files.readString(certificate),
                "certificate");
        assertThat(credentials.chain()).hasSize(2);
        credentials.certificate().verify(credentials.chain().get(1).getPublicKey());
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key)).hasSize(2);
    }

    @Test
    void aCertificateWithoutTheCriticalTimeStampingUsageIsRefused() throws Exception {
        KeyPair pair = pair();
        for (X509Certificate certificate : java.util.List.of(
                certificate(pair, null, false, Duration.ZERO),
                certificate(pair, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping), false, Duration.ZERO),
                certificate(pair, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth), true, Duration.ZERO),
                certificate(pair, new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_timeStamping,
                        KeyPurposeId.id_kp_codeSigning}), true, Duration.ZERO))) {
            assertThatThrownBy(() -> TsaKeys.load(TsaKeys.pem(pair.getPrivate()), "anchor.tsa.key",
                    TsaKeys.pem(certificate), "anchor.tsa.certificate-file /etc/tsa.pem"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("anchor.tsa.certificate-file /etc/tsa.pem")
                    .hasMessageContaining("extended key usage extension marked critical holding timeStamping");
        }
    }

    @Test
    void anExpiredCertificate_orOneForAnotherKey_isRefused() throws Exception {
        KeyPair pair = pair();
        X509Certificate expired = certificate(pair, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping), true,
                Duration.ofDays(400));
        assertThatThrownBy(() -> TsaKeys.load(TsaKeys.pem(pair.getPrivate()), "k", TsaKeys.pem(expired), "c"))
                .hasMessageContaining("is not valid now");
        X509Certificate other = certificate(pair(), new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping), true,
                Duration.ZERO);
        assertThatThrownBy(() -> TsaKeys.load(TsaKeys.pem(pair.getPrivate()), "k", TsaKeys.pem(other), "c"))
                .hasMessageContaining("does not certify the key");
        assertThatThrownBy(() -> TsaKeys.load("not a key", "anchor.tsa.key", TsaKeys.pem(other), "c"))
                .hasMessageContaining("anchor.tsa.key holds no PEM private key").hasMessageNotContaining("not a key");
    }

    @Test
    void aMissingKeyCertificateOrPolicyStopsStartUp_withTheProperties() {
        assertThatThrownBy(() -> TsaService.load(config(Optional.empty(), Optional.empty(), false)))
                .hasMessageContaining("anchor.tsa.key-file").hasMessageContaining("anchor.tsa.enabled=false");
        assertThatThrownBy(() -> TsaService.load(config(Optional.of(dir.resolve("missing.key")),
                Optional.of(dir.resolve("missing.pem")), false)))
                .hasMessageContaining("missing.key").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TsaKeys.policy(Optional.empty())).hasMessageContaining("anchor.tsa.policy is required");
        assertThatThrownBy(() -> TsaKeys.policy(Optional.of("policy-one"))).hasMessageContaining("is not an OID");
    }

    @Test
    void generateFillsMissingFilesOnly() throws Exception {
        Path key = dir.resolve("dev/tsa.key");
        Path certificate = dir.resolve("dev/tsa.pem");
        TsaKeys.Credentials first = TsaService.load(config(Optional.of(key), Optional.of(certificate), true));
        TsaKeys.Credentials again = TsaService.load(config(Optional.of(key), Optional.of(certificate), true));
        assertThat(again.certificate()).isEqualTo(first.certificate());
    }

    private static TsaConfig config(Optional<Path> keyFile, Optional<Path> certificateFile, boolean generate) {
        return new TsaConfig() {
            public boolean enabled() {
                return true;
            }

            public Optional<String> policy() {
                return Optional.of("2.999.3161.1");
            }

            public Duration accuracy() {
                return Duration.ofSeconds(1);
            }

            public Optional<String> key() {
                return Optional.empty();
            }

            public Optional<Path> keyFile() {
                return keyFile;
            }

            public Optional<String> certificate() {
                return Optional.empty();
            }

            public Optional<Path> certificateFile() {
                return certificateFile;
            }

            public boolean generate() {
                return generate;
            }
        };
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A self-signed certificate with this extended key usage (or none), valid from {@code age} ago for a year. */
    private static X509Certificate certificate(KeyPair pair, ExtendedKeyUsage usage, boolean critical, Duration age)
            throws Exception {
        Instant from = Instant.now().minus(age).minus(Duration.ofMinutes(1));
        X500Name name = new X500Name("CN=Test TSA");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(from),
                Date.from(from.plus(Duration.ofDays(365))), name, pair.getPublic());
        if (usage != null) {
            builder.addExtension(Extension.extendedKeyUsage, critical, usage);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
