package org.docanchor.gateway.revocation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.KeyAlgorithm;

/**
 * The message a department signs to revoke one of its documents, and its check: the ASCII text
 * {@code "anchor-gateway/v1/revocation" LF department LF leaf LF reason LF replacementLeaf}, hashes as 0x and 64
 * lower-case hex digits (zero for no replacement), the reason as its registry code in decimal; the registry's
 * {@code revocationMessage} gives the same bytes. Signed like a submission: ECDSA P-256 (SHA-256, DER), Ed25519,
 * SM2 (SM3, default user id, DER).
 */
public final class RevocationSignature {

    public static final String PREFIX = "anchor-gateway/v1/revocation\n";
    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] SM2_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private RevocationSignature() {
    }

    public static byte[] message(String department, Hash32 leaf, int reason, Hash32 replacementLeaf) {
        return (PREFIX + department + "\n" + leaf.toHex() + "\n" + reason + "\n" + replacementLeaf.toHex())
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code signature} is {@code key}'s over {@code message}; false for any malformed signature. */
    public static boolean verify(DepartmentKey key, byte[] message, byte[] signature) {
        KeyAlgorithm algorithm = key.algorithm();
        if (signature.length < algorithm.minSignatureLength() || signature.length > algorithm.maxSignatureLength()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(switch (algorithm) {
                case ECDSA_P256 -> "SHA256withECDSA";
                case ED25519 -> "Ed25519";
                case SM2 -> "SM3withSM2";
            }, BC);
            if (algorithm == KeyAlgorithm.SM2) {
                verifier.setParameter(new SM2ParameterSpec(SM2_USER_ID));
            }
            verifier.initVerify(key.publicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
