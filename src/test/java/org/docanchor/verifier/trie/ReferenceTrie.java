package org.docanchor.verifier.trie;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;

/**
 * A slow, obviously-correct Merkle-Patricia trie, written straight from the yellow paper (appendix D, the
 * functions c and n) for cross-checking {@link MerklePatriciaProof}: it shares no code with it (its own RLP
 * encoder, nibbles, hex-prefix; web3j's keccak). Keys are byte strings of any length; every node is rebuilt from the
 * whole key set each time it is needed.
 *
 * <pre>
 * c(J, i) = leaf [HP(k[i..], t), v]                 when J has one pair
 *         = extension [HP(k[i..j], f), n(J, j)]     when every key shares k[i..j], j > i
 *         = branch [n(J_0, i+1) .. n(J_15, i+1), v] otherwise (v: the value of a key that ends at i, or "")
 * n(J, i) = ""                  when J is empty
 *         = c(J, i) itself      when RLP(c(J, i)) is shorter than 32 bytes
 *         = keccak(RLP(c(J, i))) otherwise
 * root    = keccak(RLP(c(J, 0))), keccak(RLP("")) for the empty trie
 * </pre>
 */
public final class ReferenceTrie {

    /** One pair: the key as nibbles, and the value. */
    private record Pair(byte[] nibbles, byte[] value) {
    }

    private final List<Pair> pairs = new ArrayList<>();

    /** Builds the trie of {@code entries}; values must not be empty (an empty value is no entry). */
    public ReferenceTrie(Map<List<Byte>, byte[]> entries) {
        entries.forEach((key, value) -> {
            if (value.length == 0) {
                throw new IllegalArgumentException("empty value");
            }
            byte[] bytes = new byte[key.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = key.get(i);
            }
            pairs.add(new Pair(nibbles(bytes), value));
        });
    }

    /** Boxes a byte array as a key of the map the constructor takes. */
    public static List<Byte> keyOf(byte[] bytes) {
        List<Byte> key = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            key.add(b);
        }
        return key;
    }

    public static byte[] key(List<Byte> key) {
        byte[] bytes = new byte[key.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = key.get(i);
        }
        return bytes;
    }

    public byte[] root() {
        if (pairs.isEmpty()) {
            return Hash.sha3(encode(new byte[0]));
        }
        return Hash.sha3(encode(c(pairs, 0)));
    }

    /** The proof of {@code key}: the RLP of every node on its path that is referenced by hash (the root always). */
    public List<byte[]> proof(byte[] key) {
        List<byte[]> out = new ArrayList<>();
        if (pairs.isEmpty()) {
            return out;
        }
        byte[] path = nibbles(key);
        List<Pair> set = pairs;
        int i = 0;
        boolean root = true;
        while (!set.isEmpty()) {
            Object node = c(set, i);
            byte[] encoded = encode(node);
            if (root || encoded.length >= 32) {
                out.add(encoded);
            }
            root = false;
            if (set.size() == 1) {
                return out;
            }
            int j = commonPrefixEnd(set, i);
            if (j > i) {
                if (path.length < j || !Arrays.equals(path, i, j, set.get(0).nibbles, i, j)) {
                    return out;
                }
                i = j;
                continue;
            }
            if (path.length == i) {
                return out;
            }
            final int at = i;
            set = set.stream().filter(p -> p.nibbles.length > at && p.nibbles[at] == path[at]).toList();
            i++;
        }
        return out;
    }

    /** c(J, i) as nested lists of byte strings. */
    private static Object c(List<Pair> set, int i) {
        if (set.size() == 1) {
            Pair only = set.get(0);
            return List.of(hexPrefix(Arrays.copyOfRange(only.nibbles, i, only.nibbles.length), true), only.value);
        }
        int j = commonPrefixEnd(set, i);
        if (j > i) {
            return List.of(hexPrefix(Arrays.copyOfRange(set.get(0).nibbles, i, j), false), n(set, j));
        }
        List<Object> branch = new ArrayList<>();
        for (int nibble = 0; nibble < 16; nibble++) {
            final int x = nibble;
            branch.add(n(set.stream().filter(p -> p.nibbles.length > i && p.nibbles[i] == x).toList(), i + 1));
        }
        byte[] value = new byte[0];
        for (Pair p : set) {
            if (p.nibbles.length == i) {
                value = p.value;
            }
        }
        branch.add(value);
        return branch;
    }

    private static Object n(List<Pair> set, int i) {
        if (set.isEmpty()) {
            return new byte[0];
        }
        Object node = c(set, i);
        byte[] encoded = encode(node);
        return encoded.length < 32 ? node : Hash.sha3(encoded);
    }

    /**
     * The end of the longest prefix every key of {@code set} shares from {@code i}, never past the end of the
     * shortest key (a key that ends there needs a branch to hold its value).
     */
    private static int commonPrefixEnd(List<Pair> set, int i) {
        int shortest = set.stream().mapToInt(p -> p.nibbles.length).min().orElseThrow();
        int j = i;
        while (j < shortest) {
            final int at = j;
            byte first = set.get(0).nibbles[at];
            if (set.stream().allMatch(p -> p.nibbles[at] == first)) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    static byte[] hexPrefix(byte[] nibbles, boolean leaf) {
        int flag = (leaf ? 2 : 0) + (nibbles.length % 2);
        byte[] all;
        if (nibbles.length % 2 == 1) {
            all = new byte[nibbles.length + 1];
            all[0] = (byte) flag;
            System.arraycopy(nibbles, 0, all, 1, nibbles.length);
        } else {
            all = new byte[nibbles.length + 2];
            all[0] = (byte) flag;
            System.arraycopy(nibbles, 0, all, 2, nibbles.length);
        }
        byte[] out = new byte[all.length / 2];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) ((all[2 * k] << 4) | all[2 * k + 1]);
        }
        return out;
    }

    static byte[] nibbles(byte[] bytes) {
        byte[] out = new byte[2 * bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            out[2 * k] = (byte) ((bytes[k] & 0xff) >>> 4);
            out[2 * k + 1] = (byte) (bytes[k] & 0x0f);
        }
        return out;
    }

    /** RLP of a byte string or a list of items (yellow paper, appendix B). */
    @SuppressWarnings("unchecked")
    public static byte[] encode(Object item) {
        if (item instanceof byte[] bytes) {
            if (bytes.length == 1 && (bytes[0] & 0xff) < 0x80) {
                return bytes;
            }
            return concat(length(bytes.length, 0x80), bytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object child : (List<Object>) item) {
            body.writeBytes(encode(child));
        }
        return concat(length(body.size(), 0xc0), body.toByteArray());
    }

    private static byte[] length(int length, int offset) {
        if (length < 56) {
            return new byte[] {(byte) (offset + length)};
        }
        byte[] be = BigInteger.valueOf(length).toByteArray();
        if (be[0] == 0) {
            be = Arrays.copyOfRange(be, 1, be.length);
        }
        return concat(new byte[] {(byte) (offset + 55 + be.length)}, be);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
