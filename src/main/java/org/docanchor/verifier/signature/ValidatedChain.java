package org.docanchor.verifier.signature;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A department certificate chain that validated.
 *
 * @param key the leaf's key, with the leaf as its certificate
 * @param path the leaf followed by the intermediates, without the root
 * @param root the trusted root the path ends at
 * @param at the instant the chain was valid at
 */
public record ValidatedChain(DepartmentKey key, List<X509Certificate> path, X509Certificate root, Instant at) {

    public ValidatedChain {
        path = List.copyOf(path);
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return path.get(0);
    }
}
