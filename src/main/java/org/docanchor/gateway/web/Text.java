package org.docanchor.gateway.web;

/** Checks on free text that users send: it goes into the database, logs, proofs and other people's screens. */
public final class Text {

    private Text() {
    }

    /**
     * True when {@code s} is clean Unicode text: no control characters, no unpaired surrogates (what invalid UTF-8
     * beyond U+10FFFF decodes to), no U+FFFD replacement characters (what other invalid UTF-8 decodes to), no
     * noncharacters U+FFFE and U+FFFF.
     */
    public static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
