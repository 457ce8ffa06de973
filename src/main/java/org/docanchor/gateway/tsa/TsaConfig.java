package org.docanchor.gateway.tsa;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The gateway's RFC 3161 time-stamping authority: its key, certificate and policy. */
@ConfigMapping(prefix = "anchor.tsa")
public interface TsaConfig {

    /** Whether this gateway answers {@code POST /api/v1/tsa}; a gateway with it on refuses to start without a key. */
    @WithDefault("true")
    boolean enabled();

    /** The TSA policy OID every token names (ETSI EN 319 422: the policy of the TSA's practice statement). */
    Optional<String> policy();

    /** The accuracy of {@code genTime} stated in every token (whole seconds or milliseconds). */
    @WithDefault("1s")
    Duration accuracy();

    /** The TSA's private key as PEM text (PKCS#8, or a traditional EC or RSA key), from a Secret. */
    Optional<String> key();

    /** File holding that key as PEM. */
    Optional<Path> keyFile();

    /** The TSA certificate as PEM text, then optionally its issuing chain (leaf first). */
    Optional<String> certificate();

    /** File holding that certificate (and chain) as PEM. */
    Optional<Path> certificateFile();

    /**
     * Generates a key, a throw-away CA and a TSA certificate where the files are missing (dev and test only): into
     * {@code key-file} and {@code certificate-file}, or a new temporary folder when they are not set.
     */
    @WithDefault("false")
    boolean generate();
}
