package org.docanchor.verifier.signature;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.docanchor.verifier.merkle.Hash32;

/**
 * The exact bytes a department signs for one submission, and for the revocation of one document.
 *
 * <pre>
 * message    = "anchor-gateway/v1" LF department LF algorithm LF digest
 * LF         = the single byte 0x0a
 * department = the registering department's code: 1 to 32 characters from [A-Z0-9-], first one [A-Z0-9]
 * algorithm = the digest algorithm name as used in requests and proofs ("sha256", "sha512-256",
 *             "sha3-256", "keccak256", "sm3"); 1 to 32 characters from [a-z0-9-], first one [a-z0-9]
 * digest    = "0x" followed by the 64 lower-case hex digits of the 32-byte digest
 * </pre>
 *
 * <p>Every character is ASCII, so the UTF-8 encoding is the ASCII encoding; there is no trailing newline.
 * For example, department DEMO's SHA-256 digest {@code 0x00...01} signs
 * {@code "anchor-gateway/v1\nDEMO\nsha256\n0x0000...0001"}.
 *
 * <p>Why this shape: the fixed prefix separates these signatures from anything else the same key may sign
 * (a signature made here is never a valid signature of a JSON body, a JWT or a certificate); the version
 * lets the format change without ambiguity; the algorithm name cannot contain LF and the digest has a
 * fixed length, so one message decodes to exactly one (algorithm, digest) pair. The algorithm is signed so
 * that a signature over a SHA-256 digest cannot be presented as one over an SM3 digest with the same bytes.
 *
 * <p>The department is signed so that a signature says "this department registers this digest": a department
 * that registered another department's public key still cannot present that department's signatures as its
 * own, and no fields can move between departments.
 *
 * <p>A revocation request (contracts-solidity/src/IAnchorRegistry.sol, {@code revocationMessage}):
 *
 * <pre>
 * message        = "anchor-gateway/v1/revocation" LF department LF leaf LF reason LF replacementLeaf
 * leaf           = "0x" and 64 lower-case hex digits; replacementLeaf the same, all zeros for none
 * reason         = the registry's reason code in decimal, "1" to "5"
 * </pre>
 */
public final class SignedMessage {

    /** The domain-separation prefix, including the version and the first LF. */
    public static final String PREFIX = "anchor-gateway/v1\n";

    /** The prefix of a revocation request, including the first LF. */
    public static final String REVOCATION_PREFIX = "anchor-gateway/v1/revocation\n";

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern DEPARTMENT = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");

    private SignedMessage() {
    }

    /**
     * Returns the bytes to sign or verify.
     *
     * @throws IllegalArgumentException if the department code or algorithm name is outside the grammar above
     */
    public static byte[] bytes(String department, Hash32 digest, String algorithm) {
        return text(department, digest, algorithm).getBytes(StandardCharsets.UTF_8);
    }

    /** The same message as a string, for documents and error reports. */
    public static String text(String department, Hash32 digest, String algorithm) {
        Objects.requireNonNull(digest, "digest");
        if (!isDepartmentCode(department)) {
            throw new IllegalArgumentException("a department code is 1 to 32 characters from [A-Z0-9-], got "
                    + describe(department));
        }
        if (algorithm == null || !ALGORITHM.matcher(algorithm).matches()) {
            throw new IllegalArgumentException("a digest algorithm name is 1 to 32 characters from [a-z0-9-], got "
                    + describe(algorithm));
        }
        return PREFIX + department + "\n" + algorithm + "\n" + digest.toHex();
    }

    /** The bytes of a revocation request to sign or verify. */
    public static byte[] revocationBytes(String department, Hash32 leaf, int reason, Hash32 replacementLeaf) {
        return revocationText(department, leaf, reason, replacementLeaf).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The revocation request as a string.
     *
     * @throws IllegalArgumentException if the department code is outside the grammar above
     */
    public static String revocationText(String department, Hash32 leaf, int reason, Hash32 replacementLeaf) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(replacementLeaf, "replacementLeaf");
        if (!isDepartmentCode(department)) {
            throw new IllegalArgumentException("a department code is 1 to 32 characters from [A-Z0-9-], got "
                    + describe(department));
        }
        return REVOCATION_PREFIX + department + "\n" + leaf.toHex() + "\n" + reason + "\n" + replacementLeaf.toHex();
    }

    /** Whether {@code code} is a department code: 1 to 32 characters from [A-Z0-9-], the first one [A-Z0-9]. */
    public static boolean isDepartmentCode(String code) {
        return code != null && DEPARTMENT.matcher(code).matches();
    }

    /** Echoes a short printable name; anything else only by its length, so logs stay one line. */
    private static String describe(String algorithm) {
        if (algorithm == null) {
            return "null";
        }
        boolean printable = algorithm.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return printable && algorithm.length() <= 40 ? '"' + algorithm + '"'
                : "a name of " + algorithm.length() + " characters";
    }
}
