package org.docanchor.verifier.bft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * The extraData field of an IBFT 2.0 or QBFT block header: {@code RLP([vanity, validators, vote, round, seals])},
 * as written by Besu's {@code IbftExtraDataCodec} and {@code QbftExtraDataCodec}.
 *
 * <p>Validators are lower-case {@code 0x} addresses in the order of the header (Besu writes them sorted). Decoding
 * accepts only the canonical encoding: the bytes must re-encode to exactly the input, so two different byte
 * strings never decode to the same value.
 *
 * @param vanity 32 bytes, zero in Besu networks
 * @param validators the validator set the block was produced under (the initial set in a genesis block)
 * @param vote a proposal to add or drop a validator, carried by the block's proposer
 * @param round the consensus round the block was agreed in (0 in a genesis block)
 * @param seals the committed seals, 65 bytes each ({@code r || s || recId}); none in a genesis block
 */
public record BftExtraData(byte[] vanity, List<String> validators, Optional<Vote> vote, int round, List<byte[]> seals) {

    public static final int VANITY_LENGTH = 32;
    public static final int ADDRESS_LENGTH = 20;
    public static final int SEAL_LENGTH = 65;

    private static final HexFormat HEX = HexFormat.of();

    /**
     * A validator vote carried in a header.
     *
     * @param recipient lower-case {@code 0x} address of the validator to add or drop
     * @param add {@code true} to add ({@code 0xff} on the wire), {@code false} to drop ({@code 0x00})
     */
    public record Vote(String recipient, boolean add) {

        static final byte ADD = (byte) 0xff;
        static final byte DROP = (byte) 0x00;

        public Vote {
            recipient = normalizeAddress(recipient);
        }
    }

    public BftExtraData {
        Objects.requireNonNull(vanity, "vanity");
        if (vanity.length != VANITY_LENGTH) {
            throw new IllegalArgumentException("vanity must be " + VANITY_LENGTH + " bytes, got " + vanity.length);
        }
        vanity = vanity.clone();
        validators = validators.stream().map(BftExtraData::normalizeAddress).toList();
        Objects.requireNonNull(vote, "vote");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative: " + round);
        }
        List<byte[]> copies = new ArrayList<>(seals.size());
        for (byte[] seal : seals) {
            if (seal.length != SEAL_LENGTH) {
                throw new IllegalArgumentException("a seal must be " + SEAL_LENGTH + " bytes, got " + seal.length);
            }
            copies.add(seal.clone());
        }
        seals = List.copyOf(copies);
    }

    /** The extraData of a genesis block: zero vanity, these validators, no vote, round 0, no seals. */
    public static BftExtraData genesis(List<String> validators) {
        return new BftExtraData(new byte[VANITY_LENGTH], validators, Optional.empty(), 0, List.of());
    }

    @Override
    public byte[] vanity() {
        return vanity.clone();
    }

    @Override
    public List<byte[]> seals() {
        return seals.stream().map(byte[]::clone).toList();
    }

    /** Decodes the extraData of an IBFT 2.0 header. */
    public static BftExtraData decodeIbft2(byte[] extraData) {
        return decode(BftConsensus.IBFT2, extraData);
    }

    /** Decodes the extraData of a QBFT header. */
    public static BftExtraData decodeQbft(byte[] extraData) {
        return decode(BftConsensus.QBFT, extraData);
    }

    /** Encodes as IBFT 2.0 extraData (for a genesis file: {@code encodeIbft2(genesis(validators))}). */
    public static byte[] encodeIbft2(BftExtraData data) {
        return data.encode(BftConsensus.IBFT2);
    }

    /** Encodes as QBFT extraData. */
    public static byte[] encodeQbft(BftExtraData data) {
        return data.encode(BftConsensus.QBFT);
    }

    /** Decodes extraData written under {@code consensus}; fails on anything but the canonical encoding. */
    public static BftExtraData decode(BftConsensus consensus, byte[] extraData) {
        Objects.requireNonNull(extraData, "extraData");
        BftExtraData decoded;
        try {
            decoded = parse(consensus, extraData);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // web3j's decoder reports truncated input with index or state errors.
            throw new IllegalArgumentException(consensus + " extraData is not valid RLP: " + e.getMessage(), e);
        }
        byte[] reencoded = decoded.encode(consensus);
        if (!Arrays.equals(reencoded, extraData)) {
            throw new IllegalArgumentException(consensus + " extraData is not in canonical form: got 0x"
                    + HEX.formatHex(extraData) + ", canonical 0x" + HEX.formatHex(reencoded));
        }
        return decoded;
    }

    /** Encodes the full extraData under {@code consensus}. */
    public byte[] encode(BftConsensus consensus) {
        return RlpEncoder.encode(new RlpList(fields(consensus, true, true)));
    }

    /**
     * The five (or fewer) RLP items of this extraData. {@code withRound} and {@code withSeals} let
     * {@link BftBlockHashing} build the reduced forms that are hashed; QBFT always keeps all five positions.
     */
    List<RlpType> fields(BftConsensus consensus, boolean withRound, boolean withSeals) {
        List<RlpType> items = new ArrayList<>(5);
        items.add(RlpString.create(vanity));
        items.add(new RlpList(validators.stream().map(a -> (RlpType) RlpString.create(addressBytes(a))).toList()));
        items.add(vote.map(v -> (RlpType) new RlpList(
                        RlpString.create(addressBytes(v.recipient())),
                        RlpString.create(new byte[] {v.add() ? Vote.ADD : Vote.DROP})))
                .orElseGet(() -> consensus == BftConsensus.IBFT2 ? RlpString.create(new byte[0]) : new RlpList()));
        if (consensus == BftConsensus.QBFT) {
            items.add(RlpString.create(withRound ? scalar(round) : new byte[0]));
            items.add(withSeals ? sealList() : new RlpList());
            return items;
        }
        if (withRound) {
            items.add(RlpString.create(fixedInt(round)));
            if (withSeals) {
                items.add(sealList());
            }
        }
        return items;
    }

    private RlpList sealList() {
        return new RlpList(seals.stream().map(s -> (RlpType) RlpString.create(s)).toList());
    }

    private static BftExtraData parse(BftConsensus consensus, byte[] extraData) {
        List<RlpType> top = RlpDecoder.decode(extraData).getValues();
        if (top.size() != 1 || !(top.get(0) instanceof RlpList outer)) {
            throw new IllegalArgumentException(consensus + " extraData must be one RLP list");
        }
        List<RlpType> items = outer.getValues();
        if (items.size() != 5) {
            throw new IllegalArgumentException(consensus + " extraData must have 5 items, got " + items.size());
        }
        byte[] vanity = string(items.get(0), "vanity");
        List<String> validators = new ArrayList<>();
        for (RlpType item : list(items.get(1), "validators")) {
            validators.add(address(string(item, "validator")));
        }
        Optional<Vote> vote = vote(consensus, items.get(2));
        byte[] roundBytes = string(items.get(3), "round");
        int round = consensus == BftConsensus.IBFT2 ? fixedRound(roundBytes) : scalarRound(roundBytes);
        List<byte[]> seals = new ArrayList<>();
        for (RlpType item : list(items.get(4), "seals")) {
            seals.add(string(item, "seal"));
        }
        return new BftExtraData(vanity, validators, vote, round, seals);
    }

    private static Optional<Vote> vote(BftConsensus consensus, RlpType item) {
        if (item instanceof RlpString s && s.getBytes().length == 0 && consensus == BftConsensus.IBFT2) {
            return Optional.empty();
        }
        if (item instanceof RlpList l && l.getValues().isEmpty() && consensus == BftConsensus.QBFT) {
            return Optional.empty();
        }
        if (!(item instanceof RlpList l) || l.getValues().size() != 2) {
            throw new IllegalArgumentException(consensus + " vote must be "
                    + (consensus == BftConsensus.IBFT2 ? "0x80" : "0xc0") + " or [recipient, type]");
        }
        String recipient = address(string(l.getValues().get(0), "vote recipient"));
        byte[] type = string(l.getValues().get(1), "vote type");
        if (type.length != 1 || (type[0] != Vote.ADD && type[0] != Vote.DROP)) {
            throw new IllegalArgumentException("vote type must be 0xff (add) or 0x00 (drop), got 0x"
                    + HEX.formatHex(type));
        }
        return Optional.of(new Vote(recipient, type[0] == Vote.ADD));
    }

    private static int fixedRound(byte[] bytes) {
        if (bytes.length != 4) {
            throw new IllegalArgumentException("IBFT2 round must be 4 bytes, got " + bytes.length);
        }
        int round = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if (round < 0) {
            throw new IllegalArgumentException("round out of range: 0x" + HEX.formatHex(bytes));
        }
        return round;
    }

    private static int scalarRound(byte[] bytes) {
        if (bytes.length > 4 || (bytes.length > 0 && bytes[0] == 0)) {
            throw new IllegalArgumentException("QBFT round must be a minimal scalar of at most 4 bytes, got 0x"
                    + HEX.formatHex(bytes));
        }
        int round = 0;
        for (byte b : bytes) {
            round = (round << 8) | (b & 0xff);
        }
        if (round < 0) {
            throw new IllegalArgumentException("round out of range: 0x" + HEX.formatHex(bytes));
        }
        return round;
    }

    static byte[] fixedInt(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] scalar(int value) {
        byte[] fixed = fixedInt(value);
        int skip = 0;
        while (skip < fixed.length && fixed[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(fixed, skip, fixed.length);
    }

    private static byte[] string(RlpType item, String what) {
        if (!(item instanceof RlpString s)) {
            throw new IllegalArgumentException(what + " must be an RLP string, got a list");
        }
        return s.getBytes();
    }

    private static List<RlpType> list(RlpType item, String what) {
        if (!(item instanceof RlpList l)) {
            throw new IllegalArgumentException(what + " must be an RLP list, got a string");
        }
        return l.getValues();
    }

    private static String address(byte[] bytes) {
        if (bytes.length != ADDRESS_LENGTH) {
            throw new IllegalArgumentException("an address must be 20 bytes, got " + bytes.length);
        }
        return "0x" + HEX.formatHex(bytes);
    }

    /** {@code 0x} and 40 lower-case hex digits; accepts either case, with or without {@code 0x}. */
    public static String normalizeAddress(String address) {
        Objects.requireNonNull(address, "address");
        String hex = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
        if (!hex.matches("[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not a 20-byte hex address: " + address);
        }
        return "0x" + hex.toLowerCase(Locale.ROOT);
    }

    static byte[] addressBytes(String address) {
        return HEX.parseHex(address.substring(2));
    }

    // A record compares arrays by identity; compare the bytes instead.
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BftExtraData other)) {
            return false;
        }
        if (!Arrays.equals(vanity, other.vanity) || !validators.equals(other.validators)
                || !vote.equals(other.vote) || round != other.round || seals.size() != other.seals.size()) {
            return false;
        }
        for (int i = 0; i < seals.size(); i++) {
            if (!Arrays.equals(seals.get(i), other.seals.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(validators, vote, round) * 31 + Arrays.hashCode(vanity);
        for (byte[] seal : seals) {
            h = h * 31 + Arrays.hashCode(seal);
        }
        return h;
    }

    @Override
    public String toString() {
        return "BftExtraData[vanity=0x" + HEX.formatHex(vanity) + ", validators=" + validators + ", vote="
                + vote.map(Vote::toString).orElse("none") + ", round=" + round + ", seals=" + seals.size() + "]";
    }
}
