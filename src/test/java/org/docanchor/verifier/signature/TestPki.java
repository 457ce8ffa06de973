package org.docanchor.verifier.signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys, signatures and certificates made on the fly with Bouncy Castle; nothing private is committed. */
final class TestPki {

    static final Provider BC = new BouncyCastleProvider();

    /** The instant the tests validate at; certificates default to 30 days before until a year after. */
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    private static final AtomicLong SERIAL = new AtomicLong(1);

    private TestPki() {
    }

    static KeyPair keyPair(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256 -> ec("secp256r1");
            case SM2 -> ec("sm2p256v1");
            case ED25519 -> generate("Ed25519", null);
        };
    }

    static KeyPair ec(String curve) {
        return generate("EC", curve);
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BC);
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs as a department would, with Bouncy Castle. */
    static byte[] sign(KeyAlgorithm algorithm, PrivateKey key, byte[] message) {
        return sign(algorithm, key, message, "1234567812345678");
    }

    static byte[] sign(KeyAlgorithm algorithm, PrivateKey key, byte[] message, String sm2UserId) {
        try {
            Signature signer = Signature.getInstance(algorithm.jcaName(), BC);
            if (algorithm == KeyAlgorithm.SM2) {
                signer.setParameter(new SM2ParameterSpec(sm2UserId.getBytes(StandardCharsets.US_ASCII)));
            }
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with the key pair it certifies. */
    record Issued(KeyPair keyPair, X509Certificate certificate) {
    }

    static Cert cert(String commonName, KeyPair keyPair) {
        return new Cert(commonName, keyPair);
    }

    static Issued root(KeyAlgorithm algorithm, String commonName) {
        return cert(commonName, keyPair(algorithm)).ca().keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).build();
    }

    static Issued intermediate(Issued issuer, KeyAlgorithm algorithm, String commonName) {
        return cert(commonName, keyPair(algorithm)).issuedBy(issuer).ca()
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).build();
    }

    static Issued leaf(Issued issuer, KeyAlgorithm algorithm, String commonName) {
        return cert(commonName, keyPair(algorithm)).issuedBy(issuer).keyUsage(KeyUsage.digitalSignature).build();
    }

    /** A certificate to build; self-signed unless {@link #issuedBy}. */
    static final class Cert {
        private final String commonName;
        private final KeyPair keyPair;
        private Issued issuer;
        private Instant notBefore = AT.minus(Duration.ofDays(30));
        private Instant notAfter = AT.plus(Duration.ofDays(365));
        private Integer keyUsage;
        private boolean ca;
        private Integer pathLength;
        private String signatureAlgorithm;

        private Cert(String commonName, KeyPair keyPair) {
            this.commonName = commonName;
            this.keyPair = keyPair;
        }

        Cert issuedBy(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        Cert validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** Key usage bits ({@link KeyUsage} constants); without a call the extension is absent. */
        Cert keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        Cert ca() {
            this.ca = true;
            return this;
        }

        Cert pathLength(int pathLength) {
            this.ca = true;
            this.pathLength = pathLength;
            return this;
        }

        Cert signatureAlgorithm(String name) {
            this.signatureAlgorithm = name;
            return this;
        }

        Issued build() {
            X500Name subject = new X500Name("O=Anchor Gateway Tests,CN=" + commonName);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keyPair.getPrivate() : issuer.keyPair().getPrivate();
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(notBefore), Date.from(notAfter),
                        subject, keyPair.getPublic());
                builder.addExtension(Extension.basicConstraints, true,
                        pathLength != null ? new BasicConstraints(pathLength) : new BasicConstraints(ca));
                if (keyUsage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm : signatureAlgorithm(signingKey);
                X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                        builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signingKey)));
                return new Issued(keyPair, certificate);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the test certificate " + commonName, e);
            }
        }

        private static String signatureAlgorithm(PrivateKey key) {
            return switch (key.getAlgorithm()) {
                case "Ed25519", "EdDSA" -> "Ed25519";
                case "RSA" -> "SHA256withRSA";
                // BC's EC private keys carry their curve; SM2 keys sign certificates with SM3withSM2.
                default -> isSm2(key) ? "SM3withSM2" : "SHA256withECDSA";
            };
        }

        private static boolean isSm2(PrivateKey key) {
            return key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec
                    && ec.getParameters().getCurve().equals(
                            org.bouncycastle.asn1.gm.GMNamedCurves.getByName("sm2p256v1").getCurve());
        }
    }
}
