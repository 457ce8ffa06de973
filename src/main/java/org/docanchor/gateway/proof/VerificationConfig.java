package org.docanchor.gateway.proof;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where the public verifies documents. */
@ConfigMapping(prefix = "anchor.verification")
public interface VerificationConfig {

    /**
     * Public base URL of the verification page (the gateway's own public URL, or wherever the page is hosted):
     * QR codes encode {@code <public-base-url>/verify?digest=…&department=…}. Required in prod.
     */
    Optional<String> publicBaseUrl();
}
