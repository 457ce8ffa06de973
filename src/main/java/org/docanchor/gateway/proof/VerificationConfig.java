package org.docanchor.gateway.proof;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the public verifies documents. */
@ConfigMapping(prefix = "anchor.verification")
public interface VerificationConfig {

    /**
     * Public base URL of the verification page (the gateway's own public URL, or wherever the page is hosted):
     * QR codes encode {@code <public-base-url>/verify?digest=…&department=…}. Required in prod.
     */
    Optional<String> publicBaseUrl();

    /**
     * Chain answers that cannot change any more (final anchors and blocks, their receipts and logs) that
     * {@code POST /api/v1/verify} keeps in memory, least recently used forgotten first.
     */
    @WithDefault("10000")
    int chainCacheSize();
}
