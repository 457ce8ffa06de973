package org.docanchor.verifier.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;

/** Strict reading of X.509 certificates into Bouncy Castle certificate objects. */
final class Certificates {

    private Certificates() {
    }

    /**
     * Parses one DER certificate with nothing after it. Bouncy Castle objects, so that SM2 keys and SM3withSM2
     * signatures work on every JDK.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static X509Certificate parse(byte[] der) {
        try {
            Certificate.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports trailing bytes as "Extra data detected in stream".
            throw new IllegalArgumentException("the certificate is not a DER X.509 certificate"
                    + (e.getMessage() != null && e.getMessage().contains("Extra data") ? " (data after its end)" : ""));
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate cannot be read: " + Pem.abbreviate(e.getMessage()));
        }
    }

    /**
     * Parses a PEM bundle of one to {@code maxCertificates} {@code CERTIFICATE} blocks, in order.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static List<X509Certificate> parsePem(String pem, int maxChars, int maxCertificates) {
        List<X509Certificate> certificates = new ArrayList<>();
        int n = 0;
        for (Pem.Block block : Pem.all(pem, maxChars, maxCertificates)) {
            n++;
            if (!block.label().equals("CERTIFICATE")) {
                throw new IllegalArgumentException("PEM block " + n + " is " + block.label() + ", expected CERTIFICATE");
            }
            try {
                certificates.add(parse(block.der()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("certificate " + n + ": " + e.getMessage());
            }
        }
        return certificates;
    }

    /** The subject, for messages. */
    static String name(X509Certificate certificate) {
        return Pem.abbreviate(certificate.getSubjectX500Principal().getName());
    }
}
