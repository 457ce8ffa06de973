package org.docanchor.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512tDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.docanchor.verifier.merkle.Hash32;

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

    /** The digest of {@code bytes} under this algorithm. */
    public Hash32 hash(byte[] bytes) {
        Digest digest = newDigest();
        digest.update(bytes, 0, bytes.length);
        return finish(digest);
    }

    /** The digest of everything {@code in} yields, read to its end (the stream is not closed). */
    public Hash32 hash(InputStream in) throws IOException {
        Digest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return finish(digest);
    }

    /**
     * Bouncy Castle's lightweight digests: the JDK has no SM3 and no Keccak-256, and one implementation for all five
     * keeps the results independent of the installed JCA providers. SHA-512/256 is FIPS 180-4's (its own initial
     * values), not SHA-512 truncated.
     */
    private Digest newDigest() {
        return switch (this) {
            case SHA256 -> new SHA256Digest();
            case SHA512_256 -> new SHA512tDigest(256);
            case SHA3_256 -> new SHA3Digest(256);
            case KECCAK256 -> new KeccakDigest(256);
            case SM3 -> new SM3Digest();
        };
    }

    private static Hash32 finish(Digest digest) {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return new Hash32(out);
    }

    /** The accepted names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(DigestAlgorithm::id).collect(Collectors.joining(", "));
    }
}
