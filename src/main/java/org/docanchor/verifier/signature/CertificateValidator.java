package org.docanchor.verifier.signature;

import static org.docanchor.verifier.signature.CertificateValidationException.Reason.BROKEN_CHAIN;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.EXPIRED;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.MALFORMED;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.NOT_A_CA;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.NOT_YET_VALID;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.UNSUPPORTED_KEY;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.UNTRUSTED_ROOT;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.WEAK_ALGORITHM;
import static org.docanchor.verifier.signature.CertificateValidationException.Reason.WRONG_KEY_USAGE;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a department certificate chain (leaf, then optional intermediates) against trusted root CA
 * certificates at a given instant.
 *
 * <p>Checks, in this order, each failure with its own {@link CertificateValidationException.Reason}: chain
 * length; each certificate names the next as its issuer and is signed by its key; the last is signed by a
 * trusted root; no certificate is signed with MD2, MD5 or SHA-1; every certificate and the root are valid
 * at the instant; the leaf key is an accepted department key; the leaf's KeyUsage, when present, allows
 * digitalSignature or nonRepudiation (contentCommitment); each intermediate is a CA (basic constraints) with
 * a KeyUsage that allows keyCertSign. Then Bouncy Castle's RFC 5280 PKIX validator
 * ({@link CertPathValidator}, with the unregistered Bouncy Castle provider) checks the whole path again,
 * including path length and name constraints, policies and unknown critical extensions.
 *
 * <p>Bouncy Castle rather than the JDK's PKIX because the JDK has no SM2 keys or SM3withSM2 signatures;
 * one implementation serves the three algorithms (P-256, Ed25519, SM2; CA keys may also be RSA).
 * SM3withSM2 certificate signatures use the default user id "1234567812345678" (GM/T 0009).
 *
 * <p>Not checked: revocation (no CRL or OCSP yet; PKIX revocation checking is off), extended key usage,
 * certificate policies beyond what PKIX does with default parameters, and RSA key sizes of CAs.
 */
public final class CertificateValidator {

    /** Longest accepted roots bundle, in characters. */
    public static final int MAX_BUNDLE_CHARS = 1024 * 1024;

    /** Most roots in a bundle. */
    public static final int MAX_ROOTS = 200;

    /** Most certificates in a department chain: the leaf and up to four intermediates. */
    public static final int MAX_CHAIN_LENGTH = 5;

    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
    private static final int KEY_USAGE_NON_REPUDIATION = 1;
    private static final int KEY_USAGE_KEY_CERT_SIGN = 5;

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors;

    /**
     * @throws CertificateValidationException ({@code MALFORMED}) if there is no root, or a root has a
     *         KeyUsage that does not allow keyCertSign
     */
    public CertificateValidator(Collection<X509Certificate> trustedRoots) {
        if (trustedRoots == null || trustedRoots.isEmpty()) {
            throw new CertificateValidationException(MALFORMED, "no trusted root certificate");
        }
        List<X509Certificate> checked = new ArrayList<>();
        Set<TrustAnchor> trustAnchors = new LinkedHashSet<>();
        for (X509Certificate root : trustedRoots) {
            boolean[] usage = root.getKeyUsage();
            if (usage != null && !bit(usage, KEY_USAGE_KEY_CERT_SIGN)) {
                throw new CertificateValidationException(WRONG_KEY_USAGE,
                        "trusted root " + Certificates.name(root) + " has a KeyUsage without keyCertSign");
            }
            checked.add(root);
            trustAnchors.add(new TrustAnchor(root, null));
        }
        this.roots = List.copyOf(checked);
        this.anchors = Set.copyOf(trustAnchors);
    }

    /** Reads the trusted roots from a PEM bundle of {@code CERTIFICATE} blocks. */
    public static CertificateValidator fromPem(String rootsPem) {
        return new CertificateValidator(parse(rootsPem, MAX_BUNDLE_CHARS, MAX_ROOTS));
    }

    /** Reads a department chain, leaf first, from PEM {@code CERTIFICATE} blocks. */
    public static List<X509Certificate> parseChain(String chainPem) {
        return parse(chainPem, MAX_CHAIN_LENGTH * DepartmentKey.MAX_PEM_CHARS, MAX_CHAIN_LENGTH + 1);
    }

    /** The trusted roots. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /**
     * Validates {@code chain} (leaf first, then intermediates; a trailing copy of a trusted root is
     * ignored) at the instant {@code at}.
     *
     * @throws CertificateValidationException with the first reason found, see the class comment
     */
    public ValidatedChain validate(List<X509Certificate> chain, Instant at) {
        Objects.requireNonNull(at, "at");
        List<X509Certificate> path = new ArrayList<>(Objects.requireNonNull(chain, "chain"));
        if (path.size() > 1 && roots.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        if (path.isEmpty() || path.size() > MAX_CHAIN_LENGTH) {
            throw new CertificateValidationException(MALFORMED,
                    "a chain has 1 to " + MAX_CHAIN_LENGTH + " certificates, got " + chain.size());
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            checkIssuedBy(path.get(i), i, path.get(i + 1));
        }
        X509Certificate root = trustedIssuer(path.get(path.size() - 1));
        for (X509Certificate certificate : path) {
            checkNotWeak(certificate);
        }
        for (X509Certificate certificate : path) {
            checkValidAt(certificate, at, "certificate ");
        }
        checkValidAt(root, at, "trusted root ");
        DepartmentKey key = leafKey(path.get(0));
        checkLeafKeyUsage(path.get(0));
        for (X509Certificate intermediate : path.subList(1, path.size())) {
            checkCa(intermediate, "intermediate ");
        }
        checkPkix(path, at);
        return new ValidatedChain(key, path, root, at);
    }

    private static void checkIssuedBy(X509Certificate certificate, int index, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new CertificateValidationException(BROKEN_CHAIN, "certificate " + index + " "
                    + Certificates.name(certificate) + " names its issuer "
                    + Pem.abbreviate(certificate.getIssuerX500Principal().getName()) + " but certificate "
                    + (index + 1) + " is " + Certificates.name(issuer));
        }
        if (!signedBy(certificate, issuer)) {
            throw new CertificateValidationException(BROKEN_CHAIN, "certificate " + index + " "
                    + Certificates.name(certificate) + " is not signed by the key of certificate " + (index + 1) + " "
                    + Certificates.name(issuer));
        }
    }

    private X509Certificate trustedIssuer(X509Certificate last) {
        List<X509Certificate> named = roots.stream()
                .filter(r -> r.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
                .toList();
        if (named.isEmpty()) {
            throw new CertificateValidationException(UNTRUSTED_ROOT, Certificates.name(last) + " is issued by "
                    + Pem.abbreviate(last.getIssuerX500Principal().getName()) + ", which is not a trusted root");
        }
        return named.stream().filter(r -> signedBy(last, r)).findFirst()
                .orElseThrow(() -> new CertificateValidationException(UNTRUSTED_ROOT, Certificates.name(last)
                        + " names the trusted root " + Certificates.name(named.get(0))
                        + " as its issuer but is not signed by that root's key"));
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void checkNotWeak(X509Certificate certificate) {
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.contains("MD2") || algorithm.contains("MD5") || algorithm.contains("SHA1")) {
            throw new CertificateValidationException(WEAK_ALGORITHM,
                    Certificates.name(certificate) + " is signed with " + certificate.getSigAlgName());
        }
    }

    private static void checkValidAt(X509Certificate certificate, Instant at, String role) {
        try {
            certificate.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            throw new CertificateValidationException(EXPIRED, role + Certificates.name(certificate) + " expired at "
                    + certificate.getNotAfter().toInstant() + ", before " + at);
        } catch (CertificateNotYetValidException e) {
            throw new CertificateValidationException(NOT_YET_VALID, role + Certificates.name(certificate)
                    + " is valid from " + certificate.getNotBefore().toInstant() + ", after " + at);
        }
    }

    private static DepartmentKey leafKey(X509Certificate leaf) {
        try {
            return DepartmentKey.of(leaf);
        } catch (InvalidDepartmentKeyException e) {
            throw new CertificateValidationException(UNSUPPORTED_KEY,
                    "leaf " + Certificates.name(leaf) + ": " + e.getMessage(), e);
        }
    }

    private static void checkLeafKeyUsage(X509Certificate leaf) {
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !bit(usage, KEY_USAGE_DIGITAL_SIGNATURE) && !bit(usage, KEY_USAGE_NON_REPUDIATION)) {
            throw new CertificateValidationException(WRONG_KEY_USAGE, "leaf " + Certificates.name(leaf)
                    + " has a KeyUsage without digitalSignature or nonRepudiation (contentCommitment)");
        }
    }

    private static void checkCa(X509Certificate ca, String role) {
        if (ca.getBasicConstraints() < 0) {
            throw new CertificateValidationException(NOT_A_CA, role + Certificates.name(ca)
                    + " is not a CA certificate (basic constraints without cA)");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage == null || !bit(usage, KEY_USAGE_KEY_CERT_SIGN)) {
            throw new CertificateValidationException(WRONG_KEY_USAGE, role + Certificates.name(ca)
                    + (usage == null ? " has no KeyUsage" : " has a KeyUsage without keyCertSign"));
        }
    }

    private void checkPkix(List<X509Certificate> path, Instant at) {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER).generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX", BouncyCastle.PROVIDER).validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 ? "certificate " + e.getIndex() + ": " : "";
            throw new CertificateValidationException(BROKEN_CHAIN,
                    "PKIX validation failed: " + where + Pem.abbreviate(e.getMessage()), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("PKIX parameters refused", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX validation unavailable", e);
        }
    }

    private static List<X509Certificate> parse(String pem, int maxChars, int maxCertificates) {
        try {
            return Certificates.parsePem(pem, maxChars, maxCertificates);
        } catch (IllegalArgumentException e) {
            throw new CertificateValidationException(MALFORMED, e.getMessage(), e);
        }
    }

    private static boolean bit(boolean[] usage, int index) {
        return usage.length > index && usage[index];
    }
}
