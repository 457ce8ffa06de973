package org.docanchor.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerKeysTest {

    @TempDir
    Path dir;

    record Signer(Optional<String> privateKey, Optional<Path> keyFile, boolean generate)
            implements ChainConfig.Signer {
    }

    private static final Signer NONE = new Signer(Optional.empty(), Optional.empty(), false);

    /** Only the signer groups matter to SignerKeys. */
    record Config(Signer signer, Signer issuerAdmin, Signer revoker, boolean allowSharedRevoker)
            implements ChainConfig {
        Config(Signer signer) {
            this(signer, NONE, NONE, true);
        }
        Config(Signer signer, Signer issuerAdmin) {
            this(signer, issuerAdmin, NONE, true);
        }
        public long issuerRegistryFromBlock() { return 0; }
        public Optional<String> issuerRegistryAdmin() { return Optional.empty(); }
        public String rpcUrl() { return "http://127.0.0.1:1"; }
        public Optional<String> publicRpcUrl() { return Optional.empty(); }
        public String consensus() { return "ibft2"; }
        public Optional<java.util.List<String>> validators() { return Optional.empty(); }
        public java.time.Duration blockPeriod() { return java.time.Duration.ofSeconds(2); }
        public Optional<String> registryAddress() { return Optional.empty(); }
        public boolean autoDeploy() { return false; }
        public Optional<String> registryAdmin() { return Optional.empty(); }
        public boolean allowSignerAsRegistryAdmin() { return false; }
        public java.time.Duration adminDelay() { return java.time.Duration.ZERO; }
        public java.math.BigInteger gasPrice() { return java.math.BigInteger.ZERO; }
        public long gasLimit() { return 500_000; }
        public int gasHeadroomPercent() { return 25; }
        public int confirmations() { return 0; }
        public java.time.Duration requestTimeout() { return java.time.Duration.ofSeconds(1); }
        public java.time.Duration receiptTimeout() { return java.time.Duration.ofSeconds(1); }
    }

    @Test
    void refusesToStartWithoutAKey() {
        assertThatThrownBy(() -> SignerKeys.load(new Signer(Optional.empty(), Optional.empty(), false)))
                .hasMessageContaining("no signing key");
        Path missing = dir.resolve("absent.key");
        assertThatThrownBy(() -> SignerKeys.load(new Signer(Optional.empty(), Optional.of(missing), false)))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aReplicaThatDoesNotAnchorNeedsNoKey_butOneThatDoesRefusesToStart() {
        ChainConfig config = new Config(new Signer(Optional.empty(), Optional.empty(), false));
        assertThat(new SignerKeys(config, false).credentials()).isEmpty();
        assertThatThrownBy(() -> new SignerKeys(config, true)).hasMessageContaining("no signing key");
    }

    @Test
    void theIssuerAdminKeyIsOptional_andNeverTheAnchoringKey() {
        String key = "0x" + "11".repeat(32);
        Signer anchoring = new Signer(Optional.of(key), Optional.empty(), false);
        assertThat(new SignerKeys(new Config(anchoring), true).issuerAdmin()).isEmpty();
        Signer other = new Signer(Optional.of("0x" + "22".repeat(32)), Optional.empty(), false);
        assertThat(new SignerKeys(new Config(anchoring, other), true).issuerAdmin()).isPresent();
        assertThatThrownBy(() -> new SignerKeys(new Config(anchoring, anchoring), true))
                .hasMessageContaining("must not be the anchoring or the revocation key");
    }

    @Test
    void oneKeyForAnchoringAndRevocationIsRefused_unlessAllowed_andTheIssuerAdminIsNeitherHotKey() {
        Signer anchoring = new Signer(Optional.of("0x" + "11".repeat(32)), Optional.empty(), false);
        Signer revoking = new Signer(Optional.of("0x" + "33".repeat(32)), Optional.empty(), false);
        Signer admin = new Signer(Optional.of("0x" + "22".repeat(32)), Optional.empty(), false);

        SignerKeys separate = new SignerKeys(new Config(anchoring, admin, revoking, false), true);
        assertThat(separate.revoker().orElseThrow().getAddress())
                .isNotEqualTo(separate.credentials().orElseThrow().getAddress());

        assertThatThrownBy(() -> new SignerKeys(new Config(anchoring, admin, NONE, false), true))
                .hasMessageContaining("revocations would be signed with the anchoring key");
        assertThatThrownBy(() -> new SignerKeys(new Config(anchoring, admin, anchoring, false), true))
                .hasMessageContaining("revocations would be signed with the anchoring key");
        SignerKeys shared = new SignerKeys(new Config(anchoring, admin, NONE, true), true);
        assertThat(shared.revoker()).isEqualTo(shared.credentials());
        // A replica that does not anchor sends nothing: no rule to apply.
        assertThat(new SignerKeys(new Config(anchoring, NONE, NONE, false), false).revoker()).isPresent();

        assertThatThrownBy(() -> new SignerKeys(new Config(anchoring, revoking, revoking, false), true))
                .hasMessageContaining("must not be the anchoring or the revocation key");
    }

    @Test
    void badKeyIsRefusedWithoutPrintingIt() {
        String secret = "0x" + "zz".repeat(32);
        assertThatThrownBy(() -> SignerKeys.load(new Signer(Optional.of(secret), Optional.empty(), false)))
                .hasMessageContaining("not 32 bytes of hex")
                .hasMessageNotContaining("zzzz");
    }

    @Test
    void generatesAPrivateKeyFileOnceAndKeepsIt() throws Exception {
        Path file = dir.resolve("data/signer.key");
        String first = SignerKeys.load(new Signer(Optional.empty(), Optional.of(file), true)).getAddress();
        String second = SignerKeys.load(new Signer(Optional.empty(), Optional.of(file), true)).getAddress();
        assertThat(second).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void configuredKeyWins() {
        // Anvil's first well-known development key; never a real key.
        String key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
        assertThat(SignerKeys.load(new Signer(Optional.of(key), Optional.empty(), false)).getAddress())
                .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    }
}
