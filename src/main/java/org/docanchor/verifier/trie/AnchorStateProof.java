package org.docanchor.verifier.trie;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * The state proof of an anchor (docs/proof-format.md, "The state proof"): from a block's {@code stateRoot}, the
 * registry's account, its {@code storageRoot}, and the slot of {@code anchors[root]}, which holds
 * {@code batchId | blockNumber << 64 | timestamp << 128}.
 */
public final class AnchorStateProof {

    /** Storage slot of the AnchorRegistry's {@code mapping(bytes32 => Anchor) _anchors}; part of format version 2. */
    public static final int ANCHORS_MAPPING_SLOT = 3;

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger UINT64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** What the slot holds: the registry's {@code Anchor {uint64 batchId; uint64 blockNumber; uint64 timestamp}}. */
    public record StoredAnchor(long batchId, long blockNumber, long timestamp) {
    }

    /** An account's state: {@code RLP([nonce, balance, storageRoot, codeHash])}. */
    public record Account(BigInteger nonce, BigInteger balance, Hash32 storageRoot, Hash32 codeHash) {
    }

    private AnchorStateProof() {
    }

    /** {@code keccak256(abi.encode(root, uint256(3)))}: where Solidity keeps {@code _anchors[root]}. */
    public static Hash32 anchorSlot(Hash32 root) {
        byte[] index = new byte[32];
        index[31] = ANCHORS_MAPPING_SLOT;
        return new Hash32(Keccak.hash(root.bytes(), index));
    }

    /**
     * The anchor of {@code root} that the state under {@code stateRoot} records in {@code registry}.
     *
     * @param registry the registry's address, {@code 0x} and 40 hex digits
     * @throws InvalidTrieProofException when either proof is refused, the account or the slot is absent, or the
     *         slot does not hold an anchor (bits above the timestamp set, or zero)
     */
    public static StoredAnchor verify(Hash32 stateRoot, String registry, Hash32 root, List<byte[]> accountProof,
            List<byte[]> storageProof) throws InvalidTrieProofException {
        Account account = account(stateRoot, registry, accountProof);
        Hash32 slot = anchorSlot(root);
        Optional<byte[]> stored = MerklePatriciaProof.value(account.storageRoot(), Keccak.hash(slot.bytes()),
                storageProof);
        if (stored.isEmpty()) {
            throw new InvalidTrieProofException("the storage proof shows slot " + slot + " (anchors[" + root
                    + "]) empty under storage root " + account.storageRoot() + ": the root is not anchored there");
        }
        BigInteger value = storageValue(stored.get());
        if (value.bitLength() > 192 || value.signum() == 0) {
            throw new InvalidTrieProofException("slot " + slot + " holds 0x" + value.toString(16)
                    + ", which is not an anchor (batchId | blockNumber << 64 | timestamp << 128)");
        }
        return new StoredAnchor(value.and(UINT64_MASK).longValue(), value.shiftRight(64).and(UINT64_MASK).longValue(),
                value.shiftRight(128).and(UINT64_MASK).longValue());
    }

    /** The account of {@code address} under {@code stateRoot}. */
    public static Account account(Hash32 stateRoot, String address, List<byte[]> accountProof)
            throws InvalidTrieProofException {
        byte[] addressBytes = address(address);
        Optional<byte[]> encoded = MerklePatriciaProof.value(stateRoot, Keccak.hash(addressBytes), accountProof);
        if (encoded.isEmpty()) {
            throw new InvalidTrieProofException("the account proof shows no account at " + address
                    + " under state root " + stateRoot);
        }
        List<RlpType> items = single(encoded.get(), "account").getValues();
        if (items.size() != 4 || !(items.get(0) instanceof RlpString nonce) || !(items.get(1) instanceof RlpString balance)
                || !(items.get(2) instanceof RlpString storageRoot) || !(items.get(3) instanceof RlpString codeHash)
                || storageRoot.getBytes().length != 32 || codeHash.getBytes().length != 32) {
            throw new InvalidTrieProofException("the account of " + address + " is not RLP([nonce, balance,"
                    + " storageRoot, codeHash])");
        }
        return new Account(new BigInteger(1, nonce.getBytes()), new BigInteger(1, balance.getBytes()),
                new Hash32(storageRoot.getBytes()), new Hash32(codeHash.getBytes()));
    }

    /** A storage leaf holds RLP of the word without leading zeros. */
    private static BigInteger storageValue(byte[] leafValue) throws InvalidTrieProofException {
        RlpType item;
        try {
            List<RlpType> top = RlpDecoder.decode(leafValue).getValues();
            if (top.size() != 1) {
                throw new InvalidTrieProofException("the storage value is not one RLP item");
            }
            item = top.get(0);
        } catch (RuntimeException e) {
            throw new InvalidTrieProofException("the storage value is not RLP");
        }
        if (!(item instanceof RlpString s) || !Arrays.equals(RlpEncoder.encode(s), leafValue)
                || s.getBytes().length > 32 || (s.getBytes().length > 0 && s.getBytes()[0] == 0)) {
            throw new InvalidTrieProofException("the storage value 0x" + HEX.formatHex(leafValue)
                    + " is not the canonical RLP of a 32-byte word");
        }
        return new BigInteger(1, s.getBytes());
    }

    private static RlpList single(byte[] encoded, String what) throws InvalidTrieProofException {
        try {
            List<RlpType> top = RlpDecoder.decode(encoded).getValues();
            if (top.size() == 1 && top.get(0) instanceof RlpList list
                    && Arrays.equals(RlpEncoder.encode(list), encoded)) {
                return list;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new InvalidTrieProofException("the " + what + " is not one canonical RLP list: 0x"
                + HEX.formatHex(encoded));
    }

    private static byte[] address(String address) {
        if (address == null || !address.toLowerCase(Locale.ROOT).matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return HEX.parseHex(address.substring(2).toLowerCase(Locale.ROOT));
    }
}
