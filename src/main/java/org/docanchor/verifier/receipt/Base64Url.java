package org.docanchor.verifier.receipt;

import java.util.Base64;

/** Base64url without padding (RFC 7515 section 2), read strictly: one spelling per byte string. */
final class Base64Url {

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The bytes, or null when {@code text} is not canonical unpadded base64url. */
    static byte[] decode(String text) {
        if (!text.matches("[A-Za-z0-9_-]*") || text.length() % 4 == 1) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            // Unused low bits set make a second spelling of the same bytes.
            return encode(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
