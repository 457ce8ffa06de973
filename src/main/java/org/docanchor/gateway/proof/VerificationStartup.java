package org.docanchor.gateway.proof;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;

/** Refuses to start with a public verification URL that QR codes could not carry. */
@ApplicationScoped
public class VerificationStartup {

    void check(@Observes StartupEvent event, VerificationConfig config) {
        if (config.publicBaseUrl().isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("set anchor.verification.public-base-url: the public URL of the "
                        + "verification page, which the QR codes printed on documents open");
            }
            return;
        }
        String url = config.publicBaseUrl().get();
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new URISyntaxException(url, "an http(s) URL with a host and no query, fragment or user");
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("anchor.verification.public-base-url is not usable: " + e.getMessage());
        }
    }
}
