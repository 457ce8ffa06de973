package org.docanchor.gateway.receipt;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptKeySet;
import org.docanchor.verifier.receipt.SignedReceipt;
import org.jboss.logging.Logger;

/**
 * Signs receipts (ES256 compact JWS, docs/api.md "Signed receipts") and holds the JWK set that verifies them: the
 * signing key first, then the retired keys. Start-up fails when receipts are enabled and the key is missing or is
 * not a P-256 key.
 */
@Startup
@ApplicationScoped
public class ReceiptService {

    private static final Logger LOG = Logger.getLogger(ReceiptService.class);

    private final Optional<ReceiptKeys.SigningKey> key;
    private final Optional<ReceiptKeySet> keys;
    private final String kid;
    private final String issuer;
    private final ChainClient chain;

    public ReceiptService(ReceiptConfig config, ChainClient chain) {
        this.chain = chain;
        this.issuer = config.issuer();
        if (!config.enabled()) {
            LOG.info("Receipts are not signed (anchor.receipts.enabled=false): GET /.well-known/jwks.json answers 404");
            this.key = Optional.empty();
            this.keys = Optional.empty();
            this.kid = null;
            return;
        }
        ReceiptKeys.SigningKey loaded = load(config);
        List<ECPublicKey> published = new ArrayList<>();
        published.add(loaded.publicKey());
        String[] retired = text(config.retiredKeys(), config.retiredKeysFile(), "anchor.receipts.retired-keys",
                "anchor.receipts.retired-keys-file");
        if (retired != null) {
            published.addAll(ReceiptKeys.parsePublicKeys(retired[0], retired[1]));
        }
        this.key = Optional.of(loaded);
        this.keys = Optional.of(ReceiptKeySet.of(published));
        this.kid = ReceiptKeySet.thumbprint(loaded.publicKey());
        LOG.infof("Receipts signed with ES256 key %s (issuer %s); %d retired key(s) still published", kid, issuer,
                published.size() - 1);
    }

    static ReceiptKeys.SigningKey load(ReceiptConfig config) {
        Optional<Path> keyFile = config.keyFile();
        if (config.generate() && config.key().isEmpty()) {
            if (keyFile.isEmpty()) {
                try {
                    Path dir = Files.createTempDirectory("anchor-receipts-");
                    keyFile = Optional.of(dir.resolve("receipt.key"));
                    dir.toFile().deleteOnExit();
                    keyFile.get().toFile().deleteOnExit();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a folder for the development receipt key", e);
                }
            }
            if (!Files.exists(keyFile.get())) {
                LOG.infof("Generating a development receipt signing key into %s", keyFile.get());
                ReceiptKeys.generate(keyFile.get());
            }
        }
        String[] pem = text(config.key(), keyFile, "anchor.receipts.key", "anchor.receipts.key-file");
        if (pem == null) {
            throw new IllegalStateException("signed receipts need the gateway's receipt signing key (a P-256 private "
                    + "key, PEM): set anchor.receipts.key-file or anchor.receipts.key (PEM text, from a Secret), or "
                    + "set anchor.receipts.enabled=false to answer unsigned receipts (docs/operations.md, \"The "
                    + "receipt signing key\")");
        }
        return ReceiptKeys.parseSigningKey(pem[0], pem[1]);
    }

    /** The PEM text and where it came from (never the text itself in a message), or null when neither is set. */
    private static String[] text(Optional<String> text, Optional<Path> file, String textProperty,
            String fileProperty) {
        if (text.isPresent()) {
            return new String[] {text.get(), textProperty};
        }
        if (file.isEmpty()) {
            return null;
        }
        Path path = file.get().toAbsolutePath();
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("anchor.receipts: the file " + path + " (" + fileProperty
                    + ") does not exist or cannot be read");
        }
        try {
            return new String[] {Files.readString(path), fileProperty + " " + path};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Whether receipts are signed. */
    public boolean enabled() {
        return key.isPresent();
    }

    /**
     * The compact JWS of a receipt, or null when receipts are not signed. The payload is the same for the same
     * document every time (a repeated submission), the signature not (ECDSA draws a new nonce).
     */
    public String sign(UUID id, String digest, String algorithm, String department, Instant receivedAt) {
        if (key.isEmpty()) {
            return null;
        }
        Hash32 leaf = LeafEncoding.leafHash(Hash32.fromHex(digest), algorithm, department);
        // Both or neither: a receipt names the registry on its chain.
        Optional<Long> chainId = chain.knownChainId();
        Optional<String> registry = chain.knownRegistryAddress();
        boolean located = chainId.isPresent() && registry.isPresent();
        SignedReceipt receipt = new SignedReceipt(SignedReceipt.VERSION, id.toString(), digest, algorithm, department,
                leaf.toHex(), receivedAt.toString(), located ? chainId.get() : null,
                located ? registry.get().toLowerCase(java.util.Locale.ROOT) : null, issuer);
        return ReceiptJws.sign(receipt, key.get().privateKey(), kid);
    }

    /** The trusted key set: the signing key, then the retired keys. */
    public ReceiptKeySet keys() {
        return keys.orElseThrow(() -> ProblemException.notFound("receipts-unsigned", "receipts-unsigned.off"));
    }
}
