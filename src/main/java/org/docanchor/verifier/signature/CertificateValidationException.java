package org.docanchor.verifier.signature;

/** A department certificate chain that does not validate; {@link #reason()} says why in one word. */
public class CertificateValidationException extends RuntimeException {

    /** Why a chain was refused. */
    public enum Reason {
        /** A certificate or bundle that cannot be read, or an empty or too long chain. */
        MALFORMED,
        /** A certificate of the chain, or its root, ended before the validation instant. */
        EXPIRED,
        /** A certificate of the chain, or its root, starts after the validation instant. */
        NOT_YET_VALID,
        /** The chain does not end at one of the trusted roots. */
        UNTRUSTED_ROOT,
        /** A certificate is not issued by the next one (names or signature), or PKIX refused the path. */
        BROKEN_CHAIN,
        /** An intermediate is not a CA certificate (basic constraints). */
        NOT_A_CA,
        /** The leaf may not sign documents, or a CA may not sign certificates (key usage). */
        WRONG_KEY_USAGE,
        /** A certificate is signed with MD2, MD5 or SHA-1. */
        WEAK_ALGORITHM,
        /** The leaf's key is not one of the accepted department key algorithms. */
        UNSUPPORTED_KEY
    }

    private final Reason reason;

    public CertificateValidationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CertificateValidationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
