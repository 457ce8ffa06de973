package org.docanchor.verifier.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A public key a department registered to sign its submissions, optionally with the certificate that
 * carried it.
 *
 * <p>Accepted keys: EC on P-256 ({@link KeyAlgorithm#ECDSA_P256}), EC on sm2p256v1 ({@link KeyAlgorithm#SM2})
 * and Ed25519 ({@link KeyAlgorithm#ED25519}); the algorithm is detected from the key, never chosen by the
 * caller. Parsing a certificate does not validate it (dates, issuer, key usage): that is
 * {@link CertificateValidator}'s job.
 *
 * @param algorithm the signature algorithm this key verifies, as detected from the key
 * @param publicKey the key, a Bouncy Castle key object
 * @param certificate the certificate the key was taken from, if it came in one
 */
public record DepartmentKey(KeyAlgorithm algorithm, PublicKey publicKey, Optional<X509Certificate> certificate) {

    /** The longest PEM {@link #parse} reads; a P-256 certificate with a long chain of names is about 1 KiB. */
    public static final int MAX_PEM_CHARS = 16 * 1024;

    public DepartmentKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(certificate, "certificate");
        PublicKeyInfo info = PublicKeyInfo.parse(publicKey.getEncoded());
        if (info.algorithm() != algorithm) {
            throw new InvalidDepartmentKeyException("the key is " + info.algorithm().id() + ", not " + algorithm.id());
        }
        certificate.ifPresent(c -> {
            if (!PublicKeyInfo.parse(c.getPublicKey().getEncoded()).equals(info)) {
                throw new InvalidDepartmentKeyException("the certificate carries a different public key");
            }
        });
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} (DER SubjectPublicKeyInfo, RFC 7468 section 13) or a PEM
     * {@code CERTIFICATE}: exactly one block, blank lines allowed around it, nothing else.
     *
     * @throws InvalidDepartmentKeyException saying what is wrong: size, PEM syntax, several blocks, a
     *         private key, DER, an algorithm or curve that is not accepted, an invalid point
     */
    public static DepartmentKey parse(String pem) {
        Pem.Block block;
        try {
            block = Pem.single(pem, MAX_PEM_CHARS);
        } catch (IllegalArgumentException e) {
            throw new InvalidDepartmentKeyException(e.getMessage());
        }
        return switch (block.label()) {
            case "PUBLIC KEY" -> of(PublicKeyInfo.parse(block.der()));
            case "CERTIFICATE" -> of(certificate(block.der()));
            case "RSA PUBLIC KEY" -> throw new InvalidDepartmentKeyException("RSA keys are not accepted");
            default -> throw new InvalidDepartmentKeyException(block.label().contains("PRIVATE KEY")
                    ? "this is a private key: register only the public key (PEM PUBLIC KEY or CERTIFICATE)"
                    : "PEM " + block.label() + " is not accepted, expected PUBLIC KEY or CERTIFICATE");
        };
    }

    /**
     * Reads the public key as a proof or a registration carries it: a PEM {@code PUBLIC KEY}, or a PEM certificate
     * chain (leaf first, up to {@link CertificateValidator#MAX_CHAIN_LENGTH} certificates), whose leaf holds the key.
     * Nothing is validated here either.
     *
     * @throws InvalidDepartmentKeyException if the PEM is neither
     */
    public static DepartmentKey parseKeyOrChain(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            return parse(pem);
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateValidator.parseChain(pem);
        } catch (CertificateValidationException e) {
            throw new InvalidDepartmentKeyException(e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new InvalidDepartmentKeyException("the certificate chain is empty");
        }
        return of(chain.get(0));
    }

    /** Wraps a key of an accepted algorithm. */
    public static DepartmentKey of(PublicKey key) {
        return of(PublicKeyInfo.parse(Objects.requireNonNull(key, "key").getEncoded()));
    }

    /**
     * Reads a DER SubjectPublicKeyInfo, as the issuer registry records a key.
     *
     * @throws InvalidDepartmentKeyException if it is not the DER of a key of an accepted algorithm
     */
    public static DepartmentKey fromSubjectPublicKeyInfo(byte[] der) {
        return of(PublicKeyInfo.parse(Objects.requireNonNull(der, "der")));
    }

    /** Takes the key of a certificate, without validating the certificate. */
    public static DepartmentKey of(X509Certificate certificate) {
        PublicKeyInfo info = PublicKeyInfo.parse(certificate.getPublicKey().getEncoded());
        return new DepartmentKey(info.algorithm(), info.toPublicKey(), Optional.of(certificate));
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return Certificates.parse(der);
        } catch (IllegalArgumentException e) {
            throw new InvalidDepartmentKeyException(e.getMessage());
        }
    }

    private static DepartmentKey of(PublicKeyInfo info) {
        return new DepartmentKey(info.algorithm(), info.toPublicKey(), Optional.empty());
    }

    /** The DER SubjectPublicKeyInfo in canonical form (named curve, uncompressed EC point). */
    public byte[] subjectPublicKeyInfo() {
        return PublicKeyInfo.parse(publicKey.getEncoded()).canonicalDer();
    }

    /**
     * {@code "sha256:"} followed by the 64 lower-case hex digits of SHA-256 over the canonical DER
     * SubjectPublicKeyInfo, which for these keys is what OpenSSL, Node and Java export. It is the same for a
     * key and for any certificate of that key.
     */
    public String fingerprint() {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The key as a PEM {@code PUBLIC KEY}, 64 characters a line. */
    public String toPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(subjectPublicKeyInfo())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
