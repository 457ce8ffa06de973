package org.docanchor.verifier.signature;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance this package passes explicitly to every JCA lookup. */
final class BouncyCastle {

    /**
     * Not registered with {@code Security.addProvider}: a global registration would change which provider
     * serves {@code Signature}, {@code KeyFactory} and TLS lookups everywhere else in the JVM (Quarkus,
     * web3j), and our results would depend on what else is installed. An explicit instance gives the same
     * algorithms (SM2, SM3, Ed25519) on every JDK. The instance is immutable after construction and safe to
     * share between threads.
     */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
