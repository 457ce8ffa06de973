package org.docanchor.verifier.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.docanchor.verifier.merkle.Hash32;

/**
 * Verifies a department's signatures: over a submitted digest, or over a revocation request (both messages in
 * {@link SignedMessage}), with one mechanism for ECDSA P-256, Ed25519 and SM2.
 */
public final class SignatureVerifier {

    /** No accepted algorithm has a longer signature; longer input is refused before any parsing. */
    public static final int MAX_SIGNATURE_LENGTH = 128;

    /** The default SM2 user id of GM/T 0009, used in Z_A. */
    static final byte[] SM2_DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private SignatureVerifier() {
    }

    /**
     * Whether {@code signature} is {@code key}'s signature of {@code SignedMessage.bytes(department, digest, algorithm)}.
     *
     * <p>Returns {@code false}, never throws, for every signature that does not verify: a wrong signature,
     * another key's, one over another digest or algorithm name, and malformed encodings (empty, a length
     * outside {@link KeyAlgorithm#minSignatureLength()}..{@link KeyAlgorithm#maxSignatureLength()}, not
     * strict DER for ECDSA and SM2, an Ed25519 signature with a non-canonical scalar).
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code algorithm} is not a valid name (see {@link SignedMessage}),
     *         which is a caller error, not a bad signature
     */
    public static boolean verify(DepartmentKey key, String department, Hash32 digest, String algorithm,
            byte[] signature) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signature, "signature");
        return verifyMessage(key, SignedMessage.bytes(department, digest, algorithm), signature);
    }

    /**
     * Whether {@code signature} is {@code key}'s signature of the revocation request
     * {@code SignedMessage.revocationBytes(department, leaf, reason, replacementLeaf)}; the same rules as
     * {@link #verify}.
     *
     * @throws IllegalArgumentException if the department code is outside the message's grammar
     */
    public static boolean verifyRevocation(DepartmentKey key, String department, Hash32 leaf, int reason,
            Hash32 replacementLeaf, byte[] signature) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signature, "signature");
        return verifyMessage(key, SignedMessage.revocationBytes(department, leaf, reason, replacementLeaf), signature);
    }

    private static boolean verifyMessage(DepartmentKey key, byte[] message, byte[] signature) {
        KeyAlgorithm keyAlgorithm = key.algorithm();
        if (signature.length > MAX_SIGNATURE_LENGTH || signature.length < keyAlgorithm.minSignatureLength()
                || signature.length > keyAlgorithm.maxSignatureLength()) {
            return false;
        }
        Signature verifier;
        try {
            verifier = Signature.getInstance(keyAlgorithm.jcaName(), BouncyCastle.PROVIDER);
            if (keyAlgorithm == KeyAlgorithm.SM2) {
                // Bouncy Castle defaults to the same id; set it so the result never depends on that default.
                verifier.setParameter(new SM2ParameterSpec(SM2_DEFAULT_USER_ID));
            }
            verifier.initVerify(key.publicKey());
            verifier.update(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up " + keyAlgorithm.jcaName() + " verification", e);
        }
        try {
            return verifier.verify(signature);
        } catch (SignatureException | RuntimeException e) {
            // Bouncy Castle signals a malformed encoding (bad DER, wrong length) by an exception.
            return false;
        }
    }
}
