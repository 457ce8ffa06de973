package org.docanchor.verifier.trie;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Verifies a proof of Ethereum's Merkle-Patricia trie, as {@code eth_getProof} returns it ({@code accountProof},
 * {@code storageProof[i].proof}): the nodes from the root down the key's path, each RLP-encoded.
 *
 * <p>The rules (Ethereum yellow paper, appendix D): a node is a branch (17 items: 16 children and a value), an
 * extension or a leaf (2 items: a hex-prefix encoded path and a child or a value). A parent references a child by
 * the keccak256 of the child's RLP, or holds the child itself when that RLP is shorter than 32 bytes (an embedded
 * node, which is then not a separate element of the proof). The key's path ends either at a leaf with the rest of
 * the path, which holds the value, or where the trie has nothing for it: an empty branch slot, or a leaf or
 * extension whose path diverges from the key, which proves the key absent.
 *
 * <p>Strict: every node must be canonical RLP, every reference a 32-byte hash or an embedded node shorter than 32
 * bytes, and the proof must end exactly where the path does (no node left over). The result never depends on
 * anything but the bytes: a proof is either accepted with one answer or refused.
 */
public final class MerklePatriciaProof {

    /** keccak256 of RLP(""), the root of an empty trie. */
    public static final Hash32 EMPTY_TRIE_ROOT =
            new Hash32(Keccak.hash(new byte[] {(byte) 0x80}));

    private static final HexFormat HEX = HexFormat.of();
    private static final int BRANCH_ITEMS = 17;

    private MerklePatriciaProof() {
    }

    /**
     * The value stored under {@code path} in the trie with root {@code root}, or empty when the proof shows that
     * the trie holds nothing there.
     *
     * @param root the trie's root hash (a state root, or an account's storage root)
     * @param path the key's path as bytes: for Ethereum's secure tries keccak256 of the address or of the slot
     * @param proof the nodes from the root down, RLP each
     * @throws InvalidTrieProofException saying which node is wrong and how
     */
    public static Optional<byte[]> value(Hash32 root, byte[] path, List<byte[]> proof) throws InvalidTrieProofException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(proof, "proof");
        byte[] nibbles = nibbles(path);
        if (proof.isEmpty()) {
            if (root.equals(EMPTY_TRIE_ROOT)) {
                return Optional.empty();
            }
            throw new InvalidTrieProofException("the proof has no node, but the root " + root
                    + " is not the empty trie's root");
        }
        int used = 0;
        int position = 0;
        byte[] reference = root.bytes();
        RlpList node = null;
        while (true) {
            if (node == null) {
                if (used == proof.size()) {
                    throw new InvalidTrieProofException("the proof ends after " + used + " node(s), before the"
                            + " path does; the next node should hash to 0x" + HEX.formatHex(reference));
                }
                byte[] encoded = proof.get(used);
                byte[] hash = Keccak.hash(encoded);
                if (!Arrays.equals(hash, reference)) {
                    throw new InvalidTrieProofException("node " + used + " hashes to 0x" + HEX.formatHex(hash)
                            + ", but " + (used == 0 ? "the root is " : "its parent references ")
                            + "0x" + HEX.formatHex(reference));
                }
                node = decodeNode(encoded, used);
                used++;
            }
            List<RlpType> items = node.getValues();
            String where = "node " + (used - 1);
            RlpType next;
            if (items.size() == BRANCH_ITEMS) {
                if (position == nibbles.length) {
                    byte[] value = string(items.get(16), where + " (branch value)");
                    return finish(value.length == 0 ? Optional.empty() : Optional.of(value), used, proof);
                }
                next = items.get(nibbles[position]);
                position++;
                if (next instanceof RlpString s && s.getBytes().length == 0) {
                    return finish(Optional.empty(), used, proof);
                }
            } else if (items.size() == 2) {
                byte[] encodedPath = string(items.get(0), where + " (path)");
                HexPrefix hp = HexPrefix.decode(encodedPath, where);
                int remaining = nibbles.length - position;
                boolean matches = hp.nibbles.length <= remaining && Arrays.equals(hp.nibbles, 0, hp.nibbles.length,
                        nibbles, position, position + hp.nibbles.length);
                if (hp.leaf) {
                    if (!matches || hp.nibbles.length != remaining) {
                        return finish(Optional.empty(), used, proof);
                    }
                    byte[] value = string(items.get(1), where + " (leaf value)");
                    if (value.length == 0) {
                        throw new InvalidTrieProofException(where + " is a leaf with an empty value");
                    }
                    return finish(Optional.of(value), used, proof);
                }
                if (hp.nibbles.length == 0) {
                    throw new InvalidTrieProofException(where + " is an extension with an empty path");
                }
                if (!matches) {
                    return finish(Optional.empty(), used, proof);
                }
                position += hp.nibbles.length;
                next = items.get(1);
            } else {
                throw new InvalidTrieProofException(where + " has " + items.size()
                        + " items; a trie node has 17 (branch) or 2 (extension, leaf)");
            }
            // Follow the reference: a 32-byte hash names the next proof node, a list is the next node itself.
            if (next instanceof RlpString s && s.getBytes().length == 32) {
                reference = s.getBytes();
                node = null;
            } else if (next instanceof RlpList embedded) {
                int length = RlpEncoder.encode(embedded).length;
                if (length >= 32) {
                    throw new InvalidTrieProofException(where + " embeds a child of " + length
                            + " bytes; children of 32 bytes or more are referenced by hash");
                }
                node = embedded;
            } else {
                throw new InvalidTrieProofException(where + " references a child with "
                        + ((RlpString) next).getBytes().length + " bytes; a reference is a 32-byte hash or an"
                        + " embedded node");
            }
        }
    }

    private static Optional<byte[]> finish(Optional<byte[]> value, int used, List<byte[]> proof)
            throws InvalidTrieProofException {
        if (used != proof.size()) {
            throw new InvalidTrieProofException("the path ends at node " + (used - 1) + ", but the proof has "
                    + (proof.size() - used) + " more node(s)");
        }
        return value;
    }

    /** One RLP list, canonically encoded, with nothing after it. */
    static RlpList decodeNode(byte[] encoded, int index) throws InvalidTrieProofException {
        List<RlpType> top;
        try {
            top = RlpDecoder.decode(encoded).getValues();
        } catch (RuntimeException e) {
            throw new InvalidTrieProofException("node " + index + " is not valid RLP");
        }
        if (top.size() != 1 || !(top.get(0) instanceof RlpList list)) {
            throw new InvalidTrieProofException("node " + index + " is not one RLP list");
        }
        // The decoder tolerates some malformed input (it pads truncated strings); a canonical node re-encodes
        // to exactly its bytes.
        if (!Arrays.equals(RlpEncoder.encode(list), encoded)) {
            throw new InvalidTrieProofException("node " + index + " is not canonical RLP");
        }
        return list;
    }

    private static byte[] string(RlpType item, String what) throws InvalidTrieProofException {
        if (!(item instanceof RlpString s)) {
            throw new InvalidTrieProofException(what + " is a list, expected a byte string");
        }
        return s.getBytes();
    }

    static byte[] nibbles(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = (byte) ((bytes[i] >> 4) & 0x0f);
            out[2 * i + 1] = (byte) (bytes[i] & 0x0f);
        }
        return out;
    }

    /** A hex-prefix encoded path (yellow paper, appendix C): flag nibble, optional padding nibble, the path. */
    private record HexPrefix(boolean leaf, byte[] nibbles) {

        static HexPrefix decode(byte[] encoded, String where) throws InvalidTrieProofException {
            if (encoded.length == 0) {
                throw new InvalidTrieProofException(where + " has an empty hex-prefix path");
            }
            int flag = (encoded[0] >> 4) & 0x0f;
            if (flag > 3) {
                throw new InvalidTrieProofException(where + " has hex-prefix flag " + flag + ", expected 0 to 3");
            }
            boolean odd = (flag & 1) == 1;
            if (!odd && (encoded[0] & 0x0f) != 0) {
                throw new InvalidTrieProofException(where + " has a non-zero padding nibble in its path");
            }
            byte[] all = MerklePatriciaProof.nibbles(encoded);
            return new HexPrefix((flag & 2) == 2, Arrays.copyOfRange(all, odd ? 1 : 2, all.length));
        }
    }
}
