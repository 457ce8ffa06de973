/**
 * Department signatures over submitted digests: the signed bytes, key parsing and fingerprints, signature
 * verification and certificate chain validation.
 *
 * <p>Plain Java with Bouncy Castle, no CDI and no Quarkus, so the command-line verifier can use it as is.
 * Bouncy Castle is used through one provider instance that is never registered with
 * {@link java.security.Security} (see {@code BouncyCastle}).
 */
package org.docanchor.verifier.signature;
