package org.docanchor.verifier.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;

/**
 * The AnchorRegistry's read functions and its {@code RootAnchored} event, ABI-encoded by hand (contracts-solidity/
 * src/IAnchorRegistry.sol): they take static words and one {@code bytes32[]}, so no ABI library is needed.
 *
 * <p>Decoding is strict: an answer shorter than the return values, or a word that does not fit its Solidity type,
 * is not this registry's answer and decodes to empty (verification reports {@code registry-missing}). An address
 * without code answers every call with no data.
 */
public final class RegistryAbi {

    public static final String VERIFY_INCLUSION = "verifyInclusion(bytes32[],bytes32,bytes32)";
    public static final String ANCHOR_OF = "anchorOf(bytes32)";
    public static final String REVOCATION_OF = "revocationOf(bytes32)";
    public static final String ROOT_ANCHORED = "RootAnchored(uint64,bytes32,uint32,bytes32)";

    /** topic0 of {@code RootAnchored(uint64 indexed batchId, bytes32 indexed root, uint32 leafCount, bytes32 head)}. */
    public static final Hash32 ROOT_ANCHORED_TOPIC = new Hash32(Keccak.hash(ROOT_ANCHORED.getBytes(StandardCharsets.US_ASCII)));

    /** The zero address, lower-case: "none" where a contract answers an address. */
    public static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

    private static final int WORD = 32;
    private static final int MAX_REASON = 5;

    /** {@code anchorOf(root)}: zero batch id means the root is unknown. */
    public record Anchor(long batchId, long blockNumber, long timestamp) {
    }

    /** {@code revocationOf(leaf)}: reason 0 means not revoked; a zero replacement leaf means none was named. */
    public record Revocation(int reason, long revokedAt, long blockNumber, Hash32 replacementLeaf) {

        public boolean revoked() {
            return reason != 0;
        }
    }

    private RegistryAbi() {
    }

    /** The 4-byte selector of a function signature. */
    public static byte[] selector(String signature) {
        return Arrays.copyOf(Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4);
    }

    /** Calldata of {@code verifyInclusion(path, root, leaf)}: the array goes in the tail, after the three heads. */
    public static byte[] verifyInclusion(List<Hash32> path, Hash32 root, Hash32 leaf) {
        byte[] out = new byte[4 + WORD * (4 + path.size())];
        System.arraycopy(selector(VERIFY_INCLUSION), 0, out, 0, 4);
        putWord(out, 4, 3 * WORD);
        System.arraycopy(root.bytes(), 0, out, 4 + WORD, WORD);
        System.arraycopy(leaf.bytes(), 0, out, 4 + 2 * WORD, WORD);
        putWord(out, 4 + 3 * WORD, path.size());
        for (int i = 0; i < path.size(); i++) {
            System.arraycopy(path.get(i).bytes(), 0, out, 4 + (4 + i) * WORD, WORD);
        }
        return out;
    }

    public static byte[] anchorOf(Hash32 root) {
        return withWord(ANCHOR_OF, root);
    }

    public static byte[] revocationOf(Hash32 leaf) {
        return withWord(REVOCATION_OF, leaf);
    }

    /** The {@code bool} of {@code verifyInclusion}; empty when the answer is not one. */
    public static Optional<Boolean> decodeBool(byte[] answer) {
        if (answer.length < WORD) {
            return Optional.empty();
        }
        BigInteger value = word(answer, 0);
        return value.bitLength() > 1 ? Optional.empty() : Optional.of(value.signum() == 1);
    }

    /** The {@code (uint64, uint64, uint64)} of {@code anchorOf}; empty when the answer is not one. */
    public static Optional<Anchor> decodeAnchor(byte[] answer) {
        if (answer.length < 3 * WORD) {
            return Optional.empty();
        }
        BigInteger batchId = word(answer, 0);
        BigInteger blockNumber = word(answer, 1);
        BigInteger timestamp = word(answer, 2);
        if (!fits(batchId, 64) || !fits(blockNumber, 64) || !fits(timestamp, 64)) {
            return Optional.empty();
        }
        return Optional.of(new Anchor(batchId.longValue(), blockNumber.longValue(), timestamp.longValue()));
    }

    /** The {@code (uint8, uint64, uint64, bytes32)} of {@code revocationOf}; empty when the answer is not one. */
    public static Optional<Revocation> decodeRevocation(byte[] answer) {
        if (answer.length < 4 * WORD) {
            return Optional.empty();
        }
        BigInteger reason = word(answer, 0);
        BigInteger revokedAt = word(answer, 1);
        BigInteger blockNumber = word(answer, 2);
        // Reason codes are 1 to 5 (0: not revoked); the registry refuses any other, so another is not its answer.
        if (reason.compareTo(BigInteger.valueOf(MAX_REASON)) > 0 || !fits(revokedAt, 64) || !fits(blockNumber, 64)) {
            return Optional.empty();
        }
        return Optional.of(new Revocation(reason.intValue(), revokedAt.longValue(), blockNumber.longValue(),
                new Hash32(Arrays.copyOfRange(answer, 3 * WORD, 4 * WORD))));
    }

    /** Whether {@code log} is the registry's {@code RootAnchored(batchId, root, ...)}. */
    public static boolean isRootAnchored(ChainReader.Log log, String registry, long batchId, Hash32 root) {
        if (!log.address().equalsIgnoreCase(registry) || log.topics().size() != 3) {
            return false;
        }
        byte[] batchWord = new byte[WORD];
        putWord(batchWord, 0, batchId);
        return log.topics().get(0).equals(ROOT_ANCHORED_TOPIC) && log.topics().get(1).equals(new Hash32(batchWord))
                && log.topics().get(2).equals(root);
    }

    /** Lower-case hex for error messages. */
    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private static byte[] withWord(String signature, Hash32 word) {
        byte[] out = new byte[4 + WORD];
        System.arraycopy(selector(signature), 0, out, 0, 4);
        System.arraycopy(word.bytes(), 0, out, 4, WORD);
        return out;
    }

    private static BigInteger word(byte[] data, int index) {
        return new BigInteger(1, Arrays.copyOfRange(data, index * WORD, (index + 1) * WORD));
    }

    /** Unsigned values of at most {@code bits} bits; uint64 values above Long.MAX_VALUE are refused too. */
    private static boolean fits(BigInteger value, int bits) {
        return value.bitLength() <= Math.min(bits, 63);
    }

    private static void putWord(byte[] out, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + WORD - 1 - i] = (byte) (value >>> (8 * i));
        }
    }
}
