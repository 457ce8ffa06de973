package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.BigIntegers;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureVerifierTest {

    private static final Hash32 DIGEST = Hash32.fromHex("0x" + "5a".repeat(32));
    private static final Hash32 OTHER_DIGEST = Hash32.fromHex("0x" + "5a".repeat(31) + "5b");

    private final Random random = new Random(20260601);

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_acceptsTheKeysSignature(KeyAlgorithm algorithm) {
        KeyPair keyPair = TestPki.keyPair(algorithm);
        byte[] signature = TestPki.sign(algorithm, keyPair.getPrivate(), SignedMessage.bytes("DEMO", DIGEST, "sha256"));

        assertThat(SignatureVerifier.verify(DepartmentKey.of(keyPair.getPublic()), "DEMO", DIGEST, "sha256", signature))
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_refusesAnotherKeysSignature(KeyAlgorithm algorithm) {
        KeyPair signer = TestPki.keyPair(algorithm);
        byte[] signature = TestPki.sign(algorithm, signer.getPrivate(), SignedMessage.bytes("DEMO", DIGEST, "sha256"));

        DepartmentKey other = DepartmentKey.of(TestPki.keyPair(algorithm).getPublic());
        assertThat(SignatureVerifier.verify(other, "DEMO", DIGEST, "sha256", signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_refusesTheSignatureForAnotherDigest(KeyAlgorithm algorithm) {
        Signed signed = Signed.by(algorithm);

        assertThat(SignatureVerifier.verify(signed.key, "DEMO", OTHER_DIGEST, "sha256", signed.signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_refusesTheSignatureForAnotherAlgorithmName(KeyAlgorithm algorithm) {
        Signed signed = Signed.by(algorithm);

        assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha3-256", signed.signature)).isFalse();
        assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sm3", signed.signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_refusesEveryFlippedBit(KeyAlgorithm algorithm) {
        Signed signed = Signed.by(algorithm);

        for (int bit = 0; bit < signed.signature.length * 8; bit++) {
            byte[] flipped = signed.signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha256", flipped)).as("bit %d", bit).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_returnsFalseForMalformedSignatures(KeyAlgorithm algorithm) {
        Signed signed = Signed.by(algorithm);
        byte[] sameLengthRandom = new byte[signed.signature.length];
        random.nextBytes(sameLengthRandom);
        byte[] tenKilobytes = new byte[10 * 1024];
        random.nextBytes(tenKilobytes);

        for (byte[] malformed : new byte[][] {
                new byte[0],
                Arrays.copyOf(signed.signature, signed.signature.length - 1),
                Arrays.copyOf(signed.signature, signed.signature.length + 1),
                sameLengthRandom,
                new byte[signed.signature.length],
                tenKilobytes,
                Arrays.copyOf(signed.signature, SignatureVerifier.MAX_SIGNATURE_LENGTH + 1)}) {
            assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha256", malformed))
                    .as("%d bytes", malformed.length).isFalse();
        }
    }

    @Test
    void verify_acceptsOnlyDerForEcdsa() {
        Signed signed = Signed.by(KeyAlgorithm.ECDSA_P256);
        ASN1Sequence sequence = ASN1Sequence.getInstance(signed.signature);
        byte[] r = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue());
        byte[] s = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue());
        byte[] raw = new byte[64];
        System.arraycopy(r, 0, raw, 0, 32);
        System.arraycopy(s, 0, raw, 32, 32);
        // The same SEQUENCE with its length in the long form: valid BER, not DER.
        byte[] longFormLength = new byte[signed.signature.length + 1];
        longFormLength[0] = 0x30;
        longFormLength[1] = (byte) 0x81;
        System.arraycopy(signed.signature, 1, longFormLength, 2, signed.signature.length - 1);

        assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha256", raw)).as("raw r||s").isFalse();
        assertThat(SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha256", longFormLength)).as("BER").isFalse();
    }

    @Test
    void verify_usesTheDefaultSm2UserId() {
        KeyPair keyPair = TestPki.keyPair(KeyAlgorithm.SM2);
        byte[] message = SignedMessage.bytes("DEMO", DIGEST, "sm3");
        DepartmentKey key = DepartmentKey.of(keyPair.getPublic());

        assertThat(SignatureVerifier.verify(key, "DEMO", DIGEST, "sm3",
                TestPki.sign(KeyAlgorithm.SM2, keyPair.getPrivate(), message, "1234567812345678"))).isTrue();
        assertThat(SignatureVerifier.verify(key, "DEMO", DIGEST, "sm3",
                TestPki.sign(KeyAlgorithm.SM2, keyPair.getPrivate(), message, "department-7"))).isFalse();
    }

    @Test
    void verify_throwsForAnInvalidAlgorithmName() {
        Signed signed = Signed.by(KeyAlgorithm.ED25519);

        assertThatThrownBy(() -> SignatureVerifier.verify(signed.key, "DEMO", DIGEST, "sha256\nsm3", signed.signature))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A fresh key and its signature of DIGEST under "sha256". */
    private record Signed(DepartmentKey key, byte[] signature) {
        static Signed by(KeyAlgorithm algorithm) {
            KeyPair keyPair = TestPki.keyPair(algorithm);
            return new Signed(DepartmentKey.of(keyPair.getPublic()),
                    TestPki.sign(algorithm, keyPair.getPrivate(), SignedMessage.bytes("DEMO", DIGEST, "sha256")));
        }
    }
}
