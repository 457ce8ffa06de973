package org.docanchor.verifier.signature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of RFC 7468 PEM: only blocks and blank lines, no explanatory text, no headers, standard
 * base64. Errors name the line and the problem and never repeat more than a short label of the input.
 */
final class Pem {

    /** One decoded block. */
    record Block(String label, byte[] der) {
    }

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]{1,40})-----");

    private Pem() {
    }

    /** Reads exactly one block. */
    static Block single(String pem, int maxChars) {
        List<Block> blocks = read(pem, maxChars, 2);
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one PEM block, found several (" + blocks.get(0).label()
                    + ", " + blocks.get(1).label() + ", ...)");
        }
        return blocks.get(0);
    }

    /** Reads one to {@code maxBlocks} blocks. */
    static List<Block> all(String pem, int maxChars, int maxBlocks) {
        List<Block> blocks = read(pem, maxChars, maxBlocks + 1);
        if (blocks.size() > maxBlocks) {
            throw new IllegalArgumentException("more than " + maxBlocks + " PEM blocks");
        }
        return blocks;
    }

    /** Stops after {@code stopAfter} blocks, so an oversized bundle is not decoded in full. */
    private static List<Block> read(String pem, int maxChars, int stopAfter) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM given");
        }
        if (pem.length() > maxChars) {
            throw new IllegalArgumentException("PEM is " + pem.length() + " characters, the limit is " + maxChars);
        }
        List<Block> blocks = new ArrayList<>();
        String[] lines = pem.split("\r?\n", -1);
        String label = null;
        int beginLine = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length && blocks.size() < stopAfter; i++) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            if (label == null) {
                if (line.isEmpty()) {
                    continue;
                }
                Matcher begin = BEGIN.matcher(line);
                if (!begin.matches()) {
                    throw new IllegalArgumentException((blocks.isEmpty() ? "expected -----BEGIN ...----- at line "
                            : "unexpected text after the PEM block at line ") + lineNumber);
                }
                label = begin.group(1);
                beginLine = lineNumber;
                body.setLength(0);
                continue;
            }
            Matcher end = END.matcher(line);
            if (end.matches()) {
                if (!end.group(1).equals(label)) {
                    throw new IllegalArgumentException("PEM block " + label + " ends with END " + end.group(1)
                            + " at line " + lineNumber);
                }
                blocks.add(new Block(label, decode(label, body)));
                label = null;
                continue;
            }
            if (line.contains("-----")) {
                throw new IllegalArgumentException("PEM block " + label + " is not closed before line " + lineNumber);
            }
            if (line.indexOf(':') >= 0) {
                throw new IllegalArgumentException("PEM headers (such as an encrypted key's Proc-Type) are not"
                        + " supported, line " + lineNumber);
            }
            body.append(line);
        }
        if (label != null) {
            throw new IllegalArgumentException("PEM block " + label + " opened at line " + beginLine
                    + " has no -----END " + label + "-----");
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block found");
        }
        return blocks;
    }

    private static byte[] decode(String label, StringBuilder body) {
        String base64 = body.toString().replaceAll("\\s", "");
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("PEM block " + label + " is empty");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + label + " is not valid base64");
        }
    }

    /** At most 80 characters of untrusted text, quoted, for an error message. */
    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 80) + "...\" (" + s.length() + " characters)";
    }
}
