package org.docanchor.gateway.web;

/** Checks on free text that users send: it goes into the database, logs, proofs and other people's screens. */
public final class Text {

    private Text() {
    }

    /** {@code error} without node URLs, which can carry credentials (an API key in the path or user info). */
    public static String withoutUrls(String error) {
        return error == null ? null : error.replaceAll("(?i)\\b(https?|wss?)://\\S+", "<node>");
    }

    /**
     * True when {@code s} is clean Unicode text: no control characters, no unpaired surrogates (what invalid UTF-8
     * beyond U+10FFFF decodes to), no U+FFFD replacement characters (what other invalid UTF-8 decodes to), no
     * noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane), and no bidirectional
     * embedding, override or isolate controls (U+202A to U+202E, U+2066 to U+2069), which make a text display in
     * another order than it is stored ("Trojan Source").
     */
    public static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD' || isBidiControl(c) || (c >= '\uFDD0' && c <= '\uFDEF')) {
                return false;
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                codePoint = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
            if ((codePoint & 0xFFFE) == 0xFFFE) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
