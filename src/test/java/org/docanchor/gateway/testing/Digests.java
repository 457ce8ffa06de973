package org.docanchor.gateway.testing;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random document digests for tests. */
public final class Digests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Digests() {
    }

    public static String random() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        return "0x" + HexFormat.of().formatHex(digest);
    }
}
