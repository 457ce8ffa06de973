package org.docanchor.gateway.identity;

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
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.docanchor.verifier.signature.InvalidDepartmentKeyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented rule (docs/api.md): a certificate registered for a department names it by its subject's O or OU
 * or a SAN URI {@code urn:anchor-gateway:department:<CODE>}; a trusted, valid certificate naming another
 * organisation is refused. Certificates are made here with Bouncy Castle under a throw-away root.
 */
class CertificateNamingRuleTest {

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static KeyPair rootKeys;
    private static X509Certificate root;
    private static DepartmentKeys keys;

    @TempDir
    static Path dir;

    @BeforeAll
    static void trustARoot() throws Exception {
        rootKeys = ecKeys();
        root = certificate("CN=Test Government Root", rootKeys, null, true);
        Path roots = dir.resolve("roots.pem");
        Files.writeString(roots, pem(root));
        keys = new DepartmentKeys(Optional.of(roots));
    }

    @Test
    void aCertificateOfAnotherOrganisationIsRefused_asTodaysOEqualsMcaForDemo() throws Exception {
        String chain = leaf("O=MCA,CN=Signing service", null);
        assertThatThrownBy(() -> keys.check("DEMO", chain)).isInstanceOf(InvalidDepartmentKeyException.class)
                .hasMessageContaining("does not name department DEMO");
    }

    @Test
    void theSubjectsOrganisationOrUnitNamesTheDepartment() throws Exception {
        assertThat(keys.check("DEMO", leaf("O=DEMO,CN=Signing service", null)).certificate()).isTrue();
        assertThat(keys.check("DEMO", leaf("O=Government,OU=DEMO,CN=Signing service", null)).certificate()).isTrue();
        assertThatThrownBy(() -> keys.check("DEMO", leaf("O=demo,CN=Signing service", null)))
                .hasMessageContaining("does not name department DEMO");
        assertThatThrownBy(() -> keys.check("DEMO", leaf("CN=DEMO", null)))
                .hasMessageContaining("does not name department DEMO");
    }

    @Test
    void aSanUriNamesTheDepartment_onlyItsOwn() throws Exception {
        String own = leaf("O=Government,CN=Signing service", "urn:anchor-gateway:department:DEMO");
        assertThat(keys.check("DEMO", own).key().fingerprint()).startsWith("sha256:");
        String other = leaf("O=Government,CN=Signing service", "urn:anchor-gateway:department:MCA");
        assertThatThrownBy(() -> keys.check("DEMO", other)).hasMessageContaining("does not name department DEMO");
    }

    private static String leaf(String subject, String sanUri) throws Exception {
        return pem(certificate(subject, ecKeys(), sanUri, false)) + pem(root);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair keyPair, String sanUri, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        X500Name issuer = ca ? name : X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), name, keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        if (sanUri != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(
                "SHA256withECDSA").build(ca ? keyPair.getPrivate() : rootKeys.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
