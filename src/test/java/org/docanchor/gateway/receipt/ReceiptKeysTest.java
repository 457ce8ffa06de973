package org.docanchor.gateway.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.docanchor.gateway.tsa.TsaKeys;
import org.docanchor.verifier.receipt.ReceiptKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receipt key: read from PEM, P-256 only, generated for dev and test, and a clear refusal without one. */
class ReceiptKeysTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsReadBack_withItsPublicHalf_andOwnerOnly() throws Exception {
        Path file = dir.resolve("receipts/receipt.key");
        ReceiptKeys.generate(file);

        ReceiptKeys.SigningKey key = ReceiptKeys.parseSigningKey(Files.readString(file), "test");

        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(key.privateKey());
        signer.update(new byte[] {1});
        byte[] signature = signer.sign();
        signer.initVerify(key.publicKey());
        signer.update(new byte[] {1});
        assertThat(signer.verify(signature)).as("the derived public key is the private key's").isTrue();
    }

    @Test
    void onlyP256PrivateKeysAndPublicKeys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = ec.generateKeyPair();
        assertThatThrownBy(() -> ReceiptKeys.parseSigningKey(TsaKeys.pem(p384.getPrivate()), "anchor.receipts.key"))
                .hasMessageContaining("holds no PEM P-256 private key").hasMessageNotContaining("PRIVATE KEY-----");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> ReceiptKeys.parseSigningKey(TsaKeys.pem(rsa.generateKeyPair().getPrivate()), "x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReceiptKeys.parsePublicKeys(TsaKeys.pem(p384.getPublic()), "retired"))
                .hasMessageContaining("P-256 public keys");

        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair a = ec.generateKeyPair();
        KeyPair b = ec.generateKeyPair();
        assertThat(ReceiptKeys.parsePublicKeys(TsaKeys.pem(a.getPublic()) + TsaKeys.pem(b.getPublic()), "retired"))
                .extracting(ReceiptKeySet::thumbprint).containsExactly(
                        ReceiptKeySet.thumbprint((java.security.interfaces.ECPublicKey) a.getPublic()),
                        ReceiptKeySet.thumbprint((java.security.interfaces.ECPublicKey) b.getPublic()));
    }

    @Test
    void withoutAKeyTheGatewayRefusesToStart_namingTheProperty() {
        assertThatThrownBy(() -> ReceiptService.load(config(Optional.empty(), false)))
                .hasMessageContaining("set anchor.receipts.key-file or anchor.receipts.key")
                .hasMessageContaining("anchor.receipts.enabled=false");
        assertThatThrownBy(() -> ReceiptService.load(config(Optional.of(dir.resolve("missing.key")), false)))
                .hasMessageContaining("does not exist or cannot be read");
        Path generated = dir.resolve("dev/receipt.key");
        assertThat(ReceiptService.load(config(Optional.of(generated), true))).isNotNull();
        assertThat(generated).exists();
    }

    private static ReceiptConfig config(Optional<Path> keyFile, boolean generate) {
        return new ReceiptConfig() {
            public boolean enabled() {
                return true;
            }

            public String issuer() {
                return "test";
            }

            public Optional<String> key() {
                return Optional.empty();
            }

            public Optional<Path> keyFile() {
                return keyFile;
            }

            public Optional<String> retiredKeys() {
                return Optional.empty();
            }

            public Optional<Path> retiredKeysFile() {
                return Optional.empty();
            }

            public boolean generate() {
                return generate;
            }
        };
    }
}
