package org.docanchor.verifier.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.junit.jupiter.api.Test;

/** What the gateway signs verifies, and its bytes are what docs/api.md says: the vectors hold the rest. */
class ReceiptJwsTest {

    @Test
    void aSignedReceiptVerifies_withTheDocumentedHeaderAndA64ByteSignature() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        String kid = ReceiptKeySet.thumbprint(publicKey);
        String digest = "0x" + "2c".repeat(32);
        SignedReceipt receipt = new SignedReceipt(1, "0b9c6d1e-4a53-4c1e-9d0e-3c1f1f1f1f1f", digest, "sha256", "DEMO",
                LeafEncoding.leafHash(Hash32.fromHex(digest), "sha256", "DEMO").toHex(),
                "2026-11-23T10:15:30.123456Z", 1337L, "0x5fbdb2315678afecb367f032d93f642f64180aa3", "anchor-gateway");

        String jws = ReceiptJws.sign(receipt, (ECPrivateKey) pair.getPrivate(), kid);

        String[] parts = jws.split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"ES256\",\"typ\":\"anchor-receipt+json\",\"kid\":\"" + kid + "\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).isEqualTo(
                "{\"version\":1,\"id\":\"0b9c6d1e-4a53-4c1e-9d0e-3c1f1f1f1f1f\",\"digest\":\"" + digest
                + "\",\"algorithm\":\"sha256\",\"department\":\"DEMO\",\"leaf\":\"" + receipt.leaf()
                + "\",\"receivedAt\":\"2026-11-23T10:15:30.123456Z\",\"chainId\":1337,"
                + "\"registry\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"iss\":\"anchor-gateway\"}");
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
        ReceiptKeySet keys = ReceiptKeySet.parse(ReceiptKeySet.of(List.of(publicKey)).toJson());
        ReceiptVerification answer = ReceiptJws.verify(jws, keys, ReceiptExpectations.none());
        assertThat(answer.code()).as(answer.detail()).isEqualTo("receipt-valid");
        assertThat(answer.receipt()).isEqualTo(receipt);
        assertThat(answer.kid()).isEqualTo(kid);
    }
}
