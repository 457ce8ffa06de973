package org.docanchor.verifier.merkle;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leaf of a document in a batch tree: {@code keccak256(keccak256(abi.encode(bytes32 digest, string
 * algorithm, string department)))}, OpenZeppelin {@code StandardMerkleTree} with leaf encoding
 * {@code ["bytes32", "string", "string"]}.
 *
 * <p>The leaf commits to the digest, the name of the algorithm that produced it and the code of the department
 * that registered it, so a proof shows who registered the document and not only that some digest was anchored.
 *
 * <p>Only the first 32 bytes of the encoding depend on the digest; everything after them, and the padding, depends
 * on the two strings alone. A {@link Template} per (algorithm, department) holds that part as Keccak lanes, so a
 * leaf costs three permutations and no encoding.
 */
public final class LeafEncoding {

    /** The Solidity types of the leaf values, as given to {@code StandardMerkleTree.of(values, types)}. */
    public static final List<String> TYPES = List.of("bytes32", "string", "string");

    /** One document's leaf values, in {@link #TYPES} order. */
    public record Value(Hash32 digest, String algorithm, String department) {
    }

    /** The shared cache is cleared past this many (algorithm, department) pairs; a batch has a few dozen. */
    private static final int MAX_CACHED = 4096;

    private static final Map<String, Map<String, Template>> CACHE = new ConcurrentHashMap<>();
    private static volatile int cached;

    private LeafEncoding() {
    }

    public static Hash32 leafHash(Hash32 digest, String algorithm, String department) {
        byte[] out = new byte[32];
        cachedTemplate(algorithm, department).leafHash(digest.array(), 0, out, 0, new long[25]);
        return new Hash32(out);
    }

    /**
     * The leaf hashes of {@code values}, 32 bytes each, in the order given: {@code leafHashes[32 * i, 32 * i + 32)}
     * is {@link #leafHash} of {@code values.get(i)}. The input of {@link StandardMerkleTree#ofLeafHashes}.
     */
    public static byte[] leafHashes(List<Value> values, Parallelism parallelism) {
        int n = values.size();
        byte[] out = new byte[32 * n];
        int chunks = parallelism.chunksFor(n);
        parallelism.forEachChunk(chunks, c -> {
            Map<String, Map<String, Template>> templates = new HashMap<>();
            long[] state = new long[25];
            for (int i = Parallelism.sliceStart(c, n, chunks), end = Parallelism.sliceStart(c + 1, n, chunks);
                    i < end; i++) {
                Value value = values.get(i);
                Template template = templates.computeIfAbsent(value.algorithm(), a -> new HashMap<>())
                        .computeIfAbsent(value.department(), d -> cachedTemplate(value.algorithm(), d));
                template.leafHash(value.digest().array(), 0, out, 32 * i, state);
            }
        });
        return out;
    }

    private static Template cachedTemplate(String algorithm, String department) {
        Map<String, Template> byDepartment = CACHE.get(algorithm);
        Template template = byDepartment == null ? null : byDepartment.get(department);
        if (template == null) {
            template = new Template(algorithm, department);
            if (cached >= MAX_CACHED) {
                CACHE.clear();
                cached = 0;
            }
            CACHE.computeIfAbsent(algorithm, a -> new ConcurrentHashMap<>()).put(department, template);
            cached++;
        }
        return template;
    }

    /**
     * The part of a leaf's Keccak input that the strings fix: {@code abi.encode(0, algorithm, department)} padded
     * to whole 136-byte blocks, as lanes. Lanes 0 to 3 (the digest's place) are zero.
     */
    static final class Template {

        private final long[] lanes;

        Template(String algorithm, String department) {
            byte[] encoded = abiEncode(new byte[32], algorithm, department);
            int blocks = encoded.length / Keccak.RATE + 1;
            byte[] padded = new byte[blocks * Keccak.RATE];
            System.arraycopy(encoded, 0, padded, 0, encoded.length);
            padded[encoded.length] ^= 0x01;
            padded[padded.length - 1] ^= (byte) 0x80;
            lanes = new long[padded.length / 8];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (long) Keccak.LE.get(padded, 8 * i);
            }
        }

        /** Writes the leaf of the digest at {@code digest[offset, offset + 32)} to {@code out} at {@code outOffset}. */
        void leafHash(byte[] digest, int offset, byte[] out, int outOffset, long[] state) {
            // keccak256(abi.encode(...)): the encoding is always longer than one block (at least 160 bytes).
            state[0] = (long) Keccak.LE.get(digest, offset);
            state[1] = (long) Keccak.LE.get(digest, offset + 8);
            state[2] = (long) Keccak.LE.get(digest, offset + 16);
            state[3] = (long) Keccak.LE.get(digest, offset + 24);
            System.arraycopy(lanes, 4, state, 4, Keccak.RATE_LANES - 4);
            for (int i = Keccak.RATE_LANES; i < 25; i++) {
                state[i] = 0;
            }
            Keccak.permute(state);
            for (int block = Keccak.RATE_LANES; block < lanes.length; block += Keccak.RATE_LANES) {
                for (int i = 0; i < Keccak.RATE_LANES; i++) {
                    state[i] ^= lanes[block + i];
                }
                Keccak.permute(state);
            }
            // keccak256 of that 32-byte hash, which is already in lanes 0 to 3: only the padding is added.
            state[4] = 0x01L;
            for (int i = 5; i < 25; i++) {
                state[i] = 0;
            }
            state[Keccak.RATE_LANES - 1] = Keccak.PAD_LAST;
            Keccak.permute(state);
            Keccak.squeeze(state, out, outOffset);
        }
    }

    /** {@code abi.encode(bytes32, string, string)}: three head words, then each string's length and padded bytes. */
    static byte[] abiEncode(byte[] digest, String first, String second) {
        byte[] a = first.getBytes(StandardCharsets.UTF_8);
        byte[] b = second.getBytes(StandardCharsets.UTF_8);
        int aTail = 32 + padded(a.length);
        int bTail = 32 + padded(b.length);
        byte[] out = new byte[3 * 32 + aTail + bTail];
        System.arraycopy(digest, 0, out, 0, 32);
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
