package org.docanchor.verifier.merkle;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The leaf of a document in a batch tree: {@code keccak256(keccak256(abi.encode(bytes32 digest, string
 * algorithm, string department)))}, OpenZeppelin {@code StandardMerkleTree} with leaf encoding
 * {@code ["bytes32", "string", "string"]}.
 *
 * <p>The leaf commits to the digest, the name of the algorithm that produced it and the code of the department
 * that registered it, so a proof shows who registered the document and not only that some digest was anchored.
 */
public final class LeafEncoding {

    /** The Solidity types of the leaf values, as given to {@code StandardMerkleTree.of(values, types)}. */
    public static final List<String> TYPES = List.of("bytes32", "string", "string");

    private LeafEncoding() {
    }

    public static Hash32 leafHash(Hash32 digest, String algorithm, String department) {
        return new Hash32(Keccak.hash(Keccak.hash(abiEncode(digest, algorithm, department))));
    }

    /** {@code abi.encode(bytes32, string, string)}: three head words, then each string's length and padded bytes. */
    static byte[] abiEncode(Hash32 digest, String first, String second) {
        byte[] a = first.getBytes(StandardCharsets.UTF_8);
        byte[] b = second.getBytes(StandardCharsets.UTF_8);
        int aTail = 32 + padded(a.length);
        int bTail = 32 + padded(b.length);
        byte[] out = new byte[3 * 32 + aTail + bTail];
        System.arraycopy(digest.bytes(), 0, out, 0, 32);
        putWord(out, 32, 3 * 32);
        putWord(out, 64, 3 * 32 + aTail);
        putWord(out, 96, a.length);
        System.arraycopy(a, 0, out, 128, a.length);
        putWord(out, 96 + aTail, b.length);
        System.arraycopy(b, 0, out, 96 + aTail + 32, b.length);
        return out;
    }

    private static int padded(int length) {
        return (length + 31) / 32 * 32;
    }

    private static void putWord(byte[] out, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + 31 - i] = (byte) (value >>> (8 * i));
        }
    }
}
