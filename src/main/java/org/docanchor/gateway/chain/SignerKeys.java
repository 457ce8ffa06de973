package org.docanchor.gateway.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Loads the gateway's chain keys: the anchoring key from {@code anchor.chain.signer.private-key} (a Secret) or
 * {@code anchor.chain.signer.key-file}, which the dev and test profiles create with a new key; the revocation key
 * ({@code anchor.chain.revoker}) and the issuer-admin key the same way. Start-up fails when the anchoring key is
 * missing, unless this replica does not anchor ({@code anchor.anchoring.enabled=false}): such a replica never holds
 * a key. It also fails when one key would both anchor and revoke, unless allowed, or when the issuer-admin key is
 * one of the hot keys. No key is ever logged.
 */
@ApplicationScoped
public class SignerKeys {

    private final Optional<Credentials> credentials;
    private final Optional<Credentials> issuerAdmin;
    private final Optional<Credentials> revoker;

    public SignerKeys(ChainConfig config,
            @ConfigProperty(name = "anchor.anchoring.enabled", defaultValue = "true") boolean anchoring) {
        ChainConfig.Signer signer = config.signer();
        boolean configured = signer.privateKey().isPresent() || signer.keyFile().isPresent();
        this.credentials = configured || anchoring ? Optional.of(load(signer)) : Optional.empty();
        ChainConfig.Signer revokerKey = config.revoker();
        this.revoker = revokerKey.privateKey().isPresent() || revokerKey.keyFile().isPresent()
                ? Optional.of(load(revokerKey)) : credentials;
        if (anchoring && revoker.isPresent() && credentials.isPresent() && !config.allowSharedRevoker()
                && revoker.get().getAddress().equalsIgnoreCase(credentials.get().getAddress())) {
            throw new IllegalStateException("revocations would be signed with the anchoring key: give them a key of "
                    + "their own (anchor.chain.revoker.key-file, holding REVOKER_ROLE only), or set "
                    + "anchor.chain.allow-shared-revoker=true to accept that one stolen key can both anchor and revoke");
        }
        ChainConfig.Signer admin = config.issuerAdmin();
        this.issuerAdmin = admin.privateKey().isPresent() || admin.keyFile().isPresent()
                ? Optional.of(load(admin)) : Optional.empty();
        for (Optional<Credentials> hot : List.of(credentials, revoker)) {
            if (issuerAdmin.isPresent() && hot.isPresent()
                    && issuerAdmin.get().getAddress().equalsIgnoreCase(hot.get().getAddress())) {
                throw new IllegalStateException("anchor.chain.issuer-admin must not be the anchoring or the revocation "
                        + "key: a stolen hot key must not rewrite the list of departments");
            }
        }
    }

    /** The key holding ISSUER_ADMIN_ROLE; empty when the accrediting body signs issuer registry changes itself. */
    public Optional<Credentials> issuerAdmin() {
        return issuerAdmin;
    }

    /**
     * The key that signs revocation transactions: {@code anchor.chain.revoker}, else the anchoring key (where
     * {@code allow-shared-revoker} allows it); empty on a replica that does not anchor and was given none.
     */
    public Optional<Credentials> revoker() {
        return revoker;
    }

    /** The signing key; empty on a replica that does not anchor and was given none. */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    static Credentials load(ChainConfig.Signer signer) {
        if (signer.privateKey().isPresent()) {
            return fromHex(signer.privateKey().get(), "anchor.chain.signer.private-key");
        }
        if (signer.keyFile().isPresent()) {
            Path file = signer.keyFile().get();
            try {
                if (!Files.exists(file) && signer.generate()) {
                    generate(file);
                }
                if (!Files.exists(file)) {
                    throw new IllegalStateException("signing key file " + file.toAbsolutePath() + " does not exist");
                }
                return fromHex(Files.readString(file).strip(), "key file " + file.toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read signing key file " + file.toAbsolutePath(), e);
            }
        }
        throw new IllegalStateException("no signing key: set anchor.chain.signer.private-key (from a Secret) "
                + "or anchor.chain.signer.key-file");
    }

    private static Credentials fromHex(String hex, String source) {
        String clean = Numeric.cleanHexPrefix(hex.strip());
        if (!clean.matches("[0-9a-fA-F]{64}")) {
            // Say where the bad key came from, never what it is.
            throw new IllegalStateException("the signing key from " + source + " is not 32 bytes of hex");
        }
        return Credentials.create(clean);
    }

    private static void generate(Path file) throws IOException {
        ECKeyPair pair;
        try {
            pair = Keys.createEcKeyPair();
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("cannot generate a secp256k1 key", e);
        }
        org.docanchor.gateway.devstack.AtomicFiles.write(file,
                Numeric.toHexStringNoPrefixZeroPadded(pair.getPrivateKey(), 64), true, false);
    }
}
