package org.docanchor.verifier.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;

/**
 * The issuer registry's read functions (contracts-solidity/src/IIssuerRegistry.sol), the anchor registry's
 * {@code issuerRegistry()} and {@code revocationSignerOf(leaf)}, and its {@code DocumentRevocationSigned} event,
 * ABI-encoded by hand as {@link RegistryAbi} does.
 *
 * <p>Decoding is strict: an answer that is shorter than its return values, a {@code bool} that is not 0 or 1, a
 * number wider than its type, an address word with high bytes set, a {@code string} or {@code bytes} whose offset
 * or length falls outside the answer or whose padding is not zero, is no contract's answer and decodes to empty
 * (verification then reports the check {@code unavailable}).
 */
public final class IssuerRegistryAbi {

    public static final String ISSUER_REGISTRY = "issuerRegistry()";
    public static final String REVOCATION_SIGNER_OF = "revocationSignerOf(bytes32)";
    public static final String DEPARTMENT = "department(string)";
    public static final String DEPARTMENT_AT = "departmentAt(string,uint64)";
    public static final String KEY = "key(string,bytes32)";
    public static final String KEY_AT = "keyAt(string,bytes32,uint64)";
    public static final String DOCUMENT_REVOCATION_SIGNED = "DocumentRevocationSigned(bytes32,bytes32,bytes)";

    /** topic0 of {@code DocumentRevocationSigned(bytes32 indexed leaf, bytes32 indexed keyFingerprint, bytes)}. */
    public static final Hash32 DOCUMENT_REVOCATION_SIGNED_TOPIC =
            new Hash32(Keccak.hash(DOCUMENT_REVOCATION_SIGNED.getBytes(StandardCharsets.US_ASCII)));

    private static final int WORD = 32;
    /** Key algorithms of the issuer registry: 1 ECDSA P-256, 2 Ed25519, 3 SM2. */
    private static final int MAX_KEY_ALGORITHM = 3;
    /** Key revocation reasons: 0 none, 1 superseded, 2 compromised. */
    private static final int MAX_KEY_REVOCATION_REASON = 2;

    /** {@code department(code)} now. */
    public record Department(boolean registered, String nameZh, String nameEn, long registeredAt, boolean active) {
    }

    /** {@code departmentAt(code, time)}. */
    public record DepartmentAt(boolean registered, boolean active) {
    }

    /** {@code keyAt(code, fingerprint, time)}: algorithm 0 means the key is unknown to the department. */
    public record KeyAt(boolean valid, int algorithm) {
    }

    /**
     * {@code key(code, fingerprint)}: algorithm 0 means unknown; revocation reason 0 means not revoked, and then
     * {@code effectiveAt} and {@code revokedAt} are 0.
     */
    public record Key(int algorithm, byte[] spki, long validFrom, long registeredAt, int revocationReason,
            long effectiveAt, long revokedAt) {

        public Key {
            spki = spki.clone();
        }

        @Override
        public byte[] spki() {
            return spki.clone();
        }
    }

    private IssuerRegistryAbi() {
    }

    public static byte[] issuerRegistry() {
        return RegistryAbi.selector(ISSUER_REGISTRY);
    }

    public static byte[] revocationSignerOf(Hash32 leaf) {
        return concat(RegistryAbi.selector(REVOCATION_SIGNER_OF), leaf.bytes());
    }

    public static byte[] department(String code) {
        return concat(RegistryAbi.selector(DEPARTMENT), uint(WORD), string(code));
    }

    public static byte[] departmentAt(String code, long time) {
        return concat(RegistryAbi.selector(DEPARTMENT_AT), uint(2 * WORD), uint(time), string(code));
    }

    public static byte[] key(String code, Hash32 fingerprint) {
        return concat(RegistryAbi.selector(KEY), uint(2 * WORD), fingerprint.bytes(), string(code));
    }

    public static byte[] keyAt(String code, Hash32 fingerprint, long time) {
        return concat(RegistryAbi.selector(KEY_AT), uint(3 * WORD), fingerprint.bytes(), uint(time), string(code));
    }

    /**
     * The {@code address} of {@code issuerRegistry()}, lower-case; empty when the answer is not one. A zero address
     * is returned as such: the caller decides that it names none.
     */
    public static Optional<String> decodeAddress(byte[] answer) {
        if (answer.length < WORD || word(answer, 0).bitLength() > 160) {
            return Optional.empty();
        }
        return Optional.of(RegistryAbi.hex(Arrays.copyOfRange(answer, 12, WORD)));
    }

    /** The {@code bytes32} of {@code revocationSignerOf}; empty when the answer is shorter than a word. */
    public static Optional<Hash32> decodeBytes32(byte[] answer) {
        return answer.length < WORD ? Optional.empty() : Optional.of(new Hash32(Arrays.copyOf(answer, WORD)));
    }

    /** The {@code (bool, string, string, uint64, bool)} of {@code department}. */
    public static Optional<Department> decodeDepartment(byte[] answer) {
        if (answer.length < 5 * WORD) {
            return Optional.empty();
        }
        Optional<Boolean> registered = bool(answer, 0);
        Optional<byte[]> nameZh = dynamic(answer, 1);
        Optional<byte[]> nameEn = dynamic(answer, 2);
        BigInteger registeredAt = word(answer, 3);
        Optional<Boolean> active = bool(answer, 4);
        if (registered.isEmpty() || nameZh.isEmpty() || nameEn.isEmpty() || !fits(registeredAt, 64)
                || active.isEmpty()) {
            return Optional.empty();
        }
        // Names are UTF-8 by convention; the contract does not check it, so a bad sequence shows as U+FFFD.
        return Optional.of(new Department(registered.get(), new String(nameZh.get(), StandardCharsets.UTF_8),
                new String(nameEn.get(), StandardCharsets.UTF_8), registeredAt.longValue(), active.get()));
    }

    /** The {@code (bool, bool)} of {@code departmentAt}; active without registered is no answer of the contract. */
    public static Optional<DepartmentAt> decodeDepartmentAt(byte[] answer) {
        if (answer.length < 2 * WORD) {
            return Optional.empty();
        }
        Optional<Boolean> registered = bool(answer, 0);
        Optional<Boolean> active = bool(answer, 1);
        if (registered.isEmpty() || active.isEmpty() || (active.get() && !registered.get())) {
            return Optional.empty();
        }
        return Optional.of(new DepartmentAt(registered.get(), active.get()));
    }

    /** The {@code (bool, uint8)} of {@code keyAt}; a valid key of algorithm 0, or an algorithm above 3, is none. */
    public static Optional<KeyAt> decodeKeyAt(byte[] answer) {
        if (answer.length < 2 * WORD) {
            return Optional.empty();
        }
        Optional<Boolean> valid = bool(answer, 0);
        BigInteger algorithm = word(answer, 1);
        if (valid.isEmpty() || algorithm.compareTo(BigInteger.valueOf(MAX_KEY_ALGORITHM)) > 0
                || (valid.get() && algorithm.signum() == 0)) {
            return Optional.empty();
        }
        return Optional.of(new KeyAt(valid.get(), algorithm.intValue()));
    }

    /** The {@code (uint8, bytes, uint64, uint64, uint8, uint64, uint64)} of {@code key}. */
    public static Optional<Key> decodeKey(byte[] answer) {
        if (answer.length < 7 * WORD) {
            return Optional.empty();
        }
        BigInteger algorithm = word(answer, 0);
        Optional<byte[]> spki = dynamic(answer, 1);
        BigInteger validFrom = word(answer, 2);
        BigInteger registeredAt = word(answer, 3);
        BigInteger reason = word(answer, 4);
        BigInteger effectiveAt = word(answer, 5);
        BigInteger revokedAt = word(answer, 6);
        if (algorithm.compareTo(BigInteger.valueOf(MAX_KEY_ALGORITHM)) > 0 || spki.isEmpty() || !fits(validFrom, 64)
                || !fits(registeredAt, 64) || reason.compareTo(BigInteger.valueOf(MAX_KEY_REVOCATION_REASON)) > 0
                || !fits(effectiveAt, 64) || !fits(revokedAt, 64)) {
            return Optional.empty();
        }
        return Optional.of(new Key(algorithm.intValue(), spki.get(), validFrom.longValue(), registeredAt.longValue(),
                reason.intValue(), effectiveAt.longValue(), revokedAt.longValue()));
    }

    /** Whether {@code log} is the registry's {@code DocumentRevocationSigned(leaf, fingerprint, …)}. */
    public static boolean isRevocationSigned(ChainReader.Log log, String registry, Hash32 leaf, Hash32 fingerprint) {
        return log.address().equalsIgnoreCase(registry) && log.topics().size() == 3
                && log.topics().get(0).equals(DOCUMENT_REVOCATION_SIGNED_TOPIC) && log.topics().get(1).equals(leaf)
                && log.topics().get(2).equals(fingerprint);
    }

    /** The {@code bytes signature} of a {@code DocumentRevocationSigned} log's data; empty when it is not one. */
    public static Optional<byte[]> decodeSignatureData(byte[] data) {
        if (data.length < 2 * WORD) {
            return Optional.empty();
        }
        return dynamic(data, 0);
    }

    // --- encoding and decoding ----------------------------------------------------------------------------------

    /** A {@code string} tail: its length, then its bytes padded to whole words. */
    private static byte[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[WORD + (int) padded(bytes.length)];
        System.arraycopy(uint(bytes.length), 0, out, 0, WORD);
        System.arraycopy(bytes, 0, out, WORD, bytes.length);
        return out;
    }

    private static byte[] uint(long value) {
        byte[] out = new byte[WORD];
        for (int i = 0; i < 8; i++) {
            out[WORD - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static long padded(long length) {
        return (length + WORD - 1) / WORD * WORD;
    }

    private static BigInteger word(byte[] data, int index) {
        return new BigInteger(1, Arrays.copyOfRange(data, index * WORD, (index + 1) * WORD));
    }

    private static Optional<Boolean> bool(byte[] data, int index) {
        BigInteger value = word(data, index);
        return value.bitLength() > 1 ? Optional.empty() : Optional.of(value.signum() == 1);
    }

    /**
     * The {@code bytes} or {@code string} whose offset is head word {@code index}: a word-aligned offset, a length
     * and the bytes inside the answer, the padding after them zero.
     */
    private static Optional<byte[]> dynamic(byte[] data, int index) {
        BigInteger offset = word(data, index);
        if (offset.bitLength() > 31 || offset.intValue() % WORD != 0
                || (long) offset.intValue() + WORD > data.length) {
            return Optional.empty();
        }
        int at = offset.intValue();
        BigInteger length = word(data, at / WORD);
        if (length.bitLength() > 31 || at + WORD + padded(length.longValue()) > data.length) {
            return Optional.empty();
        }
        int start = at + WORD;
        int end = start + length.intValue();
        for (int i = end; i < start + padded(length.longValue()); i++) {
            if (data[i] != 0) {
                return Optional.empty();
            }
        }
        return Optional.of(Arrays.copyOfRange(data, start, end));
    }

    /** Unsigned values of at most {@code bits} bits; uint64 values above Long.MAX_VALUE are refused too. */
    private static boolean fits(BigInteger value, int bits) {
        return value.bitLength() <= Math.min(bits, 63);
    }
}
