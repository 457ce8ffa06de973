package org.docanchor.gateway.tsa;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.docanchor.gateway.devstack.AtomicFiles;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Loads the TSA's private key and certificate chain from PEM, and refuses what RFC 3161 §2.3 forbids: a certificate
 * without an extended key usage that is critical and names {@code timeStamping} only, one that is not valid now, or
 * one that does not certify the key. Also generates a development key, a throw-away CA and a TSA certificate it
 * issued (the CA's key is never kept). Plain Java; no key material is ever put in a message.
 */
public final class TsaKeys {

    /** What the TSA signs with: its key and its certificate, then the certificate's issuers (if given). */
    public record Credentials(PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private TsaKeys() {
    }

    /** Reads and checks the key and certificate; {@code IllegalStateException} with a clear message otherwise. */
    public static Credentials load(String keyPem, String keySource, String certificatePem, String certificateSource) {
        PrivateKey key = parseKey(keyPem, keySource);
        List<X509Certificate> chain = parseCertificates(certificatePem, certificateSource);
        X509Certificate certificate = chain.get(0);
        checkTimeStampingUsage(certificate, certificateSource);
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IllegalStateException("anchor.tsa: the TSA certificate in " + certificateSource + " is not valid "
                    + "now (valid from " + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant() + ")");
        }
        if (!certifies(certificate, key)) {
            throw new IllegalStateException("anchor.tsa: the TSA certificate in " + certificateSource
                    + " does not certify the key in " + keySource + " (its public key is not the key's)");
        }
        return new Credentials(key, List.copyOf(chain));
    }

    /** RFC 3161 §2.3: exactly one extended key usage, {@code id-kp-timeStamping}, in an extension marked critical. */
    static void checkTimeStampingUsage(X509Certificate certificate, String source) {
        boolean critical = certificate.getCriticalExtensionOIDs() != null
                && certificate.getCriticalExtensionOIDs().contains(Extension.extendedKeyUsage.getId());
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            usages = null;
        }
        String timeStamping = KeyPurposeId.id_kp_timeStamping.getId();
        if (usages == null || !critical || usages.size() != 1 || !usages.get(0).equals(timeStamping)) {
            throw new IllegalStateException("anchor.tsa: the TSA certificate in " + source + " must have an extended "
                    + "key usage extension marked critical holding timeStamping (" + timeStamping + ") only "
                    + "(RFC 3161 section 2.3); it has " + (usages == null ? "none" : usages + (critical ? ""
                    : ", not critical")));
        }
    }

    /** The signature algorithm the TSA signs with for {@code key}. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPrivateKey) {
            return "SHA256withRSA";
        }
        throw new IllegalStateException("anchor.tsa: the TSA key is " + key.getAlgorithm()
                + "; an EC (P-256, P-384) or RSA key is needed");
    }

    private static boolean certifies(X509Certificate certificate, PrivateKey key) {
        try {
            byte[] probe = "anchor-gateway TSA key check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = signatureAlgorithm(key);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static PrivateKey parseKey(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the message below, which never shows the key
        }
        throw new IllegalStateException("anchor.tsa: " + source + " holds no PEM private key (PKCS#8 'PRIVATE KEY', "
                + "'EC PRIVATE KEY' or 'RSA PRIVATE KEY'; an encrypted key is not supported)");
    }

    static List<X509Certificate> parseCertificates(String pem, String source) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("anchor.tsa: " + source + " is not a PEM certificate chain");
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("anchor.tsa: " + source + " holds no PEM certificate");
        }
        return chain;
    }

    /**
     * Writes a new P-256 key to {@code keyFile} (mode 600) and, to {@code certificateFile}, a TSA certificate valid
     * for ten years followed by the self-signed development CA that issued it. The CA's key is dropped.
     */
    public static void generate(Path keyFile, Path certificateFile) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair ca = generator.generateKeyPair();
            KeyPair tsa = generator.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofMinutes(5)));
            Date to = Date.from(now.plus(Duration.ofDays(3650)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X500Name caName = new X500Name("CN=Anchor gateway development TSA CA (trusted nowhere),O=anchor-gateway");
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName,
                    ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(ca.getPublic()));
            X509Certificate caCertificate = new JcaX509CertificateConverter().getCertificate(
                    caBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
            X500Name tsaName = new X500Name("CN=Anchor gateway development TSA,O=anchor-gateway");
            X509v3CertificateBuilder tsaBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, to,
                    tsaName, tsa.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, true,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(tsa.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate tsaCertificate = new JcaX509CertificateConverter().getCertificate(
                    tsaBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
            AtomicFiles.write(keyFile, pem(tsa.getPrivate()), true, true);
            AtomicFiles.write(certificateFile, pem(tsaCertificate) + pem(caCertificate), false, true);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a development TSA key and certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development TSA key and certificate", e);
        }
    }

    /** PEM text of a certificate, or of a private key as PKCS#8 ("PRIVATE KEY"). */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // The traditional form of a JDK EC key would lack its curve's name; PKCS#8 carries it.
            writer.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).setBit(126);
    }

    /** The policy OID, or a clear refusal. */
    static ASN1ObjectIdentifier policy(java.util.Optional<String> configured) {
        String value = configured.orElseThrow(() -> new IllegalStateException("anchor.tsa.policy is required: the "
                + "OID of the TSA policy that every token names (ETSI EN 319 422), from the operator's practice "
                + "statement; or set anchor.tsa.enabled=false"));
        try {
            return new ASN1ObjectIdentifier(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("anchor.tsa.policy '" + value + "' is not an OID (such as 1.2.3.4)");
        }
    }
}
