package org.docanchor.verifier;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The digest algorithms the gateway accepts; every one yields 32 bytes. The name is part of the leaf. */
public enum DigestAlgorithm {
    SHA256("sha256"),
    SHA512_256("sha512-256"),
    SHA3_256("sha3-256"),
    KECCAK256("keccak256"),
    /** China's national standard hash, GB/T 32905. */
    SM3("sm3");

    private final String id;

    DigestAlgorithm(String id) {
        this.id = id;
    }

    /** The name used in requests, proofs and leaves. */
    public String id() {
        return id;
    }

    public static Optional<DigestAlgorithm> fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** The accepted names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(DigestAlgorithm::id).collect(Collectors.joining(", "));
    }
}
