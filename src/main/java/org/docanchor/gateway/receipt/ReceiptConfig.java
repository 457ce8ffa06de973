package org.docanchor.gateway.receipt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Signed receipts: the key the gateway signs them with (ES256), and the keys it signed with before. */
@ConfigMapping(prefix = "anchor.receipts")
public interface ReceiptConfig {

    /** Whether receipts are signed; a gateway with it on refuses to start without a key. */
    @WithDefault("true")
    boolean enabled();

    /** The {@code iss} every receipt names: the gateway's public base URL, or another stable name of it. */
    @WithDefault("anchor-gateway")
    String issuer();

    /** The signing key as PEM text (a P-256 private key: PKCS#8, or a traditional EC key), from a Secret. */
    Optional<String> key();

    /** File holding that key as PEM. */
    Optional<Path> keyFile();

    /** Public keys (PEM, P-256) the gateway signed receipts with before: still listed in the JWK set. */
    Optional<String> retiredKeys();

    /** File holding those public keys as PEM. */
    Optional<Path> retiredKeysFile();

    /**
     * Generates a key where the file is missing (dev and test only): into {@code key-file}, or a new temporary
     * folder when it is not set.
     */
    @WithDefault("false")
    boolean generate();
}
