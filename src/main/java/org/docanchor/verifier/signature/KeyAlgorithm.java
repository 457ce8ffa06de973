package org.docanchor.verifier.signature;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The signature algorithms a department key may use; the id is the name used in JSON and proofs. */
public enum KeyAlgorithm {

    /**
     * ECDSA on NIST P-256 (secp256r1) with SHA-256 over the {@link SignedMessage} bytes. The signature is the
     * DER encoding of {@code SEQUENCE { r INTEGER, s INTEGER }} (what OpenSSL, Node, Java and most HSMs emit),
     * at most 72 bytes; the raw 64-byte {@code r || s} form (JWS, WebCrypto) is not accepted, so each
     * signature has one encoding. Both {@code s} and {@code n - s} verify: low-s is not enforced.
     */
    ECDSA_P256("ecdsa-p256", "SHA256withECDSA", 8, 72),

    /** Pure Ed25519 (RFC 8032, no pre-hash, no context) over the {@link SignedMessage} bytes; 64 bytes. */
    ED25519("ed25519", "Ed25519", 64, 64),

    /**
     * SM2 signature with SM3 (GB/T 32918.2, GM/T 0003) over the {@link SignedMessage} bytes, with the default
     * user id {@code "1234567812345678"} of GM/T 0009 in Z_A; DER-encoded {@code SEQUENCE { r, s }}, at most
     * 72 bytes.
     */
    SM2("sm2", "SM3withSM2", 8, 72);

    private final String id;
    private final String jcaName;
    private final int minSignatureLength;
    private final int maxSignatureLength;

    KeyAlgorithm(String id, String jcaName, int minSignatureLength, int maxSignatureLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.minSignatureLength = minSignatureLength;
        this.maxSignatureLength = maxSignatureLength;
    }

    /** The name used in requests, stored keys and proofs. */
    public String id() {
        return id;
    }

    /** The JCA signature algorithm name (Bouncy Castle provider). */
    String jcaName() {
        return jcaName;
    }

    /** Shortest well-formed signature, in bytes. */
    public int minSignatureLength() {
        return minSignatureLength;
    }

    /** Longest well-formed signature, in bytes. */
    public int maxSignatureLength() {
        return maxSignatureLength;
    }

    public static Optional<KeyAlgorithm> fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** The accepted names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(KeyAlgorithm::id).collect(Collectors.joining(", "));
    }
}
