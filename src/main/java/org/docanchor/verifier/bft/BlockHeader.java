package org.docanchor.verifier.bft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * An Ethereum block header as its RLP items, in wire order. Built from the header RLP (for example from
 * {@code debug_getRawHeader}) or from the fields of an {@code eth_getBlockByNumber} answer.
 *
 * @param fields the raw value of every header item; item {@value #EXTRA_DATA} is extraData
 */
public record BlockHeader(List<byte[]> fields) {

    /** Position of extraData among the header items (the same in every fork). */
    public static final int EXTRA_DATA = 12;

    private static final HexFormat HEX = HexFormat.of();

    /** JSON-RPC names of the header items, in RLP order; items after the 15th exist from a fork on. */
    private static final List<String> JSON_ORDER = List.of(
            "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
            "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce",
            "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot",
            "requestsHash");

    private static final int LEGACY_FIELDS = 15;

    /** Items that are integers: RLP writes them without leading zero bytes, whatever the JSON hex looks like. */
    private static final List<String> SCALARS = List.of(
            "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed",
            "excessBlobGas");

    public BlockHeader {
        if (fields.size() < LEGACY_FIELDS) {
            throw new IllegalArgumentException("a header has at least " + LEGACY_FIELDS + " items, got "
                    + fields.size());
        }
        fields = fields.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> fields() {
        return fields.stream().map(byte[]::clone).toList();
    }

    /** Decodes the RLP of a header (a list of byte strings). */
    public static BlockHeader fromRlp(byte[] headerRlp) {
        List<RlpType> top;
        try {
            top = RlpDecoder.decode(headerRlp).getValues();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("header is not valid RLP: " + e.getMessage(), e);
        }
        if (top.size() != 1 || !(top.get(0) instanceof RlpList list)) {
            throw new IllegalArgumentException("header RLP must be one list");
        }
        return fromRlpList(list);
    }

    /** The header of a full block RLP {@code [header, transactions, ommers, ...]}. */
    public static BlockHeader fromBlockRlp(byte[] blockRlp) {
        List<RlpType> top;
        try {
            top = RlpDecoder.decode(blockRlp).getValues();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("block is not valid RLP: " + e.getMessage(), e);
        }
        if (top.size() != 1 || !(top.get(0) instanceof RlpList block) || block.getValues().isEmpty()
                || !(block.getValues().get(0) instanceof RlpList header)) {
            throw new IllegalArgumentException("block RLP must be a list whose first item is the header list");
        }
        return fromRlpList(header);
    }

    private static BlockHeader fromRlpList(RlpList list) {
        List<byte[]> fields = new ArrayList<>();
        for (RlpType item : list.getValues()) {
            if (!(item instanceof RlpString s)) {
                throw new IllegalArgumentException("header item " + fields.size() + " is a list, not a string");
            }
            fields.add(s.getBytes());
        }
        return new BlockHeader(fields);
    }

    /**
     * Builds the header from the hex fields of an {@code eth_getBlockByNumber} answer. The fork-dependent items
     * ({@code baseFeePerGas} and later) are taken in order for as long as they are present.
     */
    public static BlockHeader fromJsonFields(Map<String, String> json) {
        List<byte[]> fields = new ArrayList<>();
        for (int i = 0; i < JSON_ORDER.size(); i++) {
            String name = JSON_ORDER.get(i);
            String value = json.get(name);
            if (value == null) {
                if (i < LEGACY_FIELDS) {
                    throw new IllegalArgumentException("header field " + name + " is missing");
                }
                break;
            }
            byte[] bytes = hex(value, name);
            fields.add(SCALARS.contains(name) ? stripLeadingZeros(bytes) : bytes);
        }
        return new BlockHeader(fields);
    }

    public byte[] extraData() {
        return fields.get(EXTRA_DATA).clone();
    }

    /** This header with another extraData, as the BFT hashing rules need. */
    public BlockHeader withExtraData(byte[] extraData) {
        List<byte[]> copy = new ArrayList<>(fields);
        copy.set(EXTRA_DATA, Objects.requireNonNull(extraData, "extraData"));
        return new BlockHeader(copy);
    }

    /** The header RLP. */
    public byte[] encode() {
        return RlpEncoder.encode(new RlpList(fields.stream().map(f -> (RlpType) RlpString.create(f)).toList()));
    }

    private static byte[] hex(String value, String name) {
        String digits = value.startsWith("0x") ? value.substring(2) : value;
        if (digits.length() % 2 == 1) {
            digits = "0" + digits;
        }
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header field " + name + " is not hex: " + value, e);
        }
    }

    private static byte[] stripLeadingZeros(byte[] bytes) {
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(bytes, skip, bytes.length);
    }

    // A record compares arrays by identity; compare the bytes instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "BlockHeader[0x" + HEX.formatHex(encode()) + "]";
    }
}
