package org.docanchor.verifier.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable 32-byte value: a digest, a leaf, a tree node or a root. */
public record Hash32(byte[] bytes) implements Comparable<Hash32> {

    public static final int LENGTH = 32;

    public Hash32 {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a hash must be " + LENGTH + " bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        bytes = bytes.clone();
    }

    /** Parses {@code 0x} followed by exactly 64 hex digits (either case). */
    public static Hash32 fromHex(String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() != 2 + 2 * LENGTH) {
            throw new IllegalArgumentException("expected 0x followed by 64 hex digits, got " + abbreviate(hex));
        }
        try {
            return new Hash32(HexFormat.of().parseHex(hex, 2, hex.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected 0x followed by 64 hex digits, got " + abbreviate(hex), e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes themselves, not a copy, for hashing in this package; never written to. */
    byte[] array() {
        return bytes;
    }

    /** Lower-case {@code 0x}-prefixed hex, the form used in every API and proof document. */
    public String toHex() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(Hash32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash32 h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 80) + "...\" (" + s.length() + " characters)";
    }
}
