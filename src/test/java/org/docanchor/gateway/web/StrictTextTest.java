package org.docanchor.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 check of request bodies and the clean-text rule for stored text (issue 11, item 6). */
class StrictTextTest {

    @Property(tries = 500)
    void everyWellFormedString_passesTheUtf8Check(@ForAll String text) {
        // Java's encoder writes '?' for an unpaired surrogate: what it produces is always well-formed UTF-8
        assertThat(BodyLimitFilter.firstMalformedUtf8(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void aLongWellFormedBody_passesAcrossTheDecodersBufferSize() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            body.append("证书").append(i).append("\uD83D\uDE00");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes)).isEqualTo(-1);
    }

    @Test
    void overlongForms_encodedSurrogates_andTruncation_areFoundAtTheirOffset() {
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("{\"r\":\"a", 0xC0, 0xAF, "\"}"))).isEqualTo(7);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("ab", 0xC0, 0xA2))).isEqualTo(2);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("", 0xE0, 0x80, 0xAF))).isEqualTo(0);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("x", 0xED, 0xA0, 0x80))).isEqualTo(1);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("xy", 0xF4, 0x90, 0x80, 0x80))).isEqualTo(2);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("xyz", 0xE4, 0xB8))).isEqualTo(3);
        assertThat(BodyLimitFilter.firstMalformedUtf8(bytes("", 0xFF))).isEqualTo(0);
    }

    @Test
    void storedText_refusesBidiControls_andNoncharacters_butKeepsChineseAndEmoji() {
        assertThat(Text.clean("出生证明 2026/0001 \uD83D\uDE00 Zoë")).isTrue();
        assertThat(Text.clean("invoice\u202Efdp.exe")).isFalse();
        for (char c : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
                '\u2069', '\uFDD0', '\uFDEF', '\uFFFE', '\uFFFF', '\uFFFD', '\u0000', '\u009B'}) {
            assertThat(Text.clean("a" + c + "b")).as("U+%04X", (int) c).isFalse();
        }
        assertThat(Text.clean("a" + new String(Character.toChars(0x1FFFE)) + "b")).isFalse();
        assertThat(Text.clean("a" + new String(Character.toChars(0x10FFFF)) + "b")).isFalse();
        assertThat(Text.clean("a\uD800b")).isFalse();
        assertThat(Text.clean("a" + new String(Character.toChars(0x1F600)) + "b")).isTrue();
    }

    private static byte[] bytes(String prefix, Object... rest) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        for (Object part : rest) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
