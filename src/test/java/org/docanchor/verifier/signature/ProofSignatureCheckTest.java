package org.docanchor.verifier.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docanchor.verifier.DepartmentKeyList;
import org.docanchor.verifier.MalformedProofException;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.ProofVerifier;
import org.docanchor.verifier.VerificationOptions;
import org.docanchor.verifier.VerificationResult;
import org.docanchor.verifier.VerificationResult.Verdict;
import org.docanchor.verifier.testing.SyntheticAnchoring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Check 4 of docs/verification.md, the department signature of a proof: keys made and signatures produced by
 * {@link TestPki} over the message written out here by hand, in a proof of the synthetic anchoring.
 */
class ProofSignatureCheckTest {

    private static final SyntheticAnchoring ANCHORING = SyntheticAnchoring.build("none", 0);

    /** The signed bytes, spelled out (docs/proof-format.md, "Department signatures"). */
    private static byte[] message(String department, String algorithm, String digest) {
        return ("anchor-gateway/v1\n" + department + "\n" + algorithm + "\n" + digest).getBytes(StandardCharsets.US_ASCII);
    }

    private record Signed(ObjectNode proof, String fingerprint) {
    }

    private static Signed signed(KeyAlgorithm algorithm) {
        KeyPair keys = TestPki.keyPair(algorithm);
        ObjectNode proof = ANCHORING.proof(0);
        byte[] value = TestPki.sign(algorithm, keys.getPrivate(), message("DEMO", "sha256",
                proof.get("digest").textValue()));
        DepartmentKey key = DepartmentKey.of(keys.getPublic());
        ObjectNode signature = proof.putObject("signature");
        signature.put("algorithm", algorithm.id());
        signature.put("publicKeyFingerprint", key.fingerprint());
        signature.put("publicKey", key.toPem());
        signature.put("value", Base64.getEncoder().encodeToString(value));
        return new Signed(proof, key.fingerprint());
    }

    private static VerificationResult verify(ObjectNode proof, VerificationOptions options) {
        try {
            return ProofVerifier.verify(ProofParser.parse(proof.toString()), options);
        } catch (MalformedProofException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void validSignature_withoutKeyList_isUntied(KeyAlgorithm algorithm) {
        Signed s = signed(algorithm);

        VerificationResult result = verify(s.proof(), VerificationOptions.none().withChain(ANCHORING.chain()));

        assertThat(result.result()).isEqualTo(Verdict.VALID);
        assertThat(result.check("signature").orElseThrow().code()).isEqualTo("untied");
        assertThat(result.signature()).isEqualTo(new VerificationResult.SignaturePart(algorithm.id(), s.fingerprint(),
                false));
    }

    @Test
    void keyListHoldingTheKey_tiesIt() {
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        DepartmentKeyList keys = new DepartmentKeyList(Map.of("DEMO", Set.of(s.fingerprint().toUpperCase()
                .replace("SHA256:", "sha256:"))));

        VerificationResult result = verify(s.proof(), VerificationOptions.none().withDepartmentKeys(keys));

        assertThat(result.check("signature").orElseThrow().code()).isEqualTo("tied");
        assertThat(result.signature().tiedToDepartment()).isTrue();
    }

    @Test
    void keyListCoveringTheDepartmentWithoutTheKey_isUnregistered() {
        Signed s = signed(KeyAlgorithm.ED25519);
        DepartmentKeyList keys = new DepartmentKeyList(Map.of("DEMO", Set.of("sha256:" + "0".repeat(64))));

        VerificationResult result = verify(s.proof(), VerificationOptions.none().withDepartmentKeys(keys));

        assertThat(result.result()).isEqualTo(Verdict.INVALID);
        assertThat(result.code()).isEqualTo("signature-key-unregistered");
        assertThat(result.signature().tiedToDepartment()).isFalse();
    }

    @Test
    void keyListOfOtherDepartmentsOnly_leavesTheKeyUntied() {
        Signed s = signed(KeyAlgorithm.SM2);
        DepartmentKeyList keys = new DepartmentKeyList(Map.of("OTHER", Set.of(s.fingerprint())));

        assertThat(verify(s.proof(), VerificationOptions.none().withDepartmentKeys(keys)).check("signature")
                .orElseThrow().code()).isEqualTo("untied");
    }

    @Test
    void fingerprintOfAnotherKey_isKeyMismatch() {
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        ((ObjectNode) s.proof().get("signature")).put("publicKeyFingerprint", "sha256:" + "ab".repeat(32));

        VerificationResult result = verify(s.proof(), VerificationOptions.none());

        assertThat(result.code()).isEqualTo("signature-key-mismatch");
        assertThat(result.check("signature").orElseThrow().detail()).contains(s.fingerprint());
    }

    @Test
    void statedAlgorithmOtherThanTheKeys_isKeyMismatch() {
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        ((ObjectNode) s.proof().get("signature")).put("algorithm", "sm2");

        assertThat(verify(s.proof(), VerificationOptions.none()).code()).isEqualTo("signature-key-mismatch");
    }

    @Test
    void publicKeyThatDoesNotParse_isKeyMismatch() {
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        ((ObjectNode) s.proof().get("signature")).put("publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        assertThat(verify(s.proof(), VerificationOptions.none()).code()).isEqualTo("signature-key-mismatch");
    }

    @Test
    void signatureOverAnotherDigest_isInvalid() {
        // Signed for document 0, presented in the proof of document 1.
        Signed s = signed(KeyAlgorithm.ED25519);
        ObjectNode proof = ANCHORING.proof(1);
        proof.set("signature", s.proof().get("signature"));

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.code()).isEqualTo("signature-invalid");
        assertThat(result.check("signature").orElseThrow().detail())
                .contains("anchor-gateway/v1\\nDEMO\\nsha256\\n" + ANCHORING.docs.get(1).digest().toHex());
    }

    @Test
    void signatureOfAnotherDepartment_isInvalid() {
        KeyPair keys = TestPki.keyPair(KeyAlgorithm.ECDSA_P256);
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        DepartmentKey key = DepartmentKey.of(keys.getPublic());
        ObjectNode signature = (ObjectNode) s.proof().get("signature");
        signature.put("publicKeyFingerprint", key.fingerprint());
        signature.put("publicKey", key.toPem());
        signature.put("value", Base64.getEncoder().encodeToString(TestPki.sign(KeyAlgorithm.ECDSA_P256,
                keys.getPrivate(), message("OTHER", "sha256", s.proof().get("digest").textValue()))));

        assertThat(verify(s.proof(), VerificationOptions.none()).code()).isEqualTo("signature-invalid");
    }

    @Test
    void version1ValueThatIsNotBase64_isInvalid() {
        Signed s = signed(KeyAlgorithm.ECDSA_P256);
        ObjectNode proof = s.proof();
        proof.put("version", 1);
        proof.remove(List.of("consensus", "blockHeader", "anchorProof"));
        ((ObjectNode) proof.get("signature")).put("value", "not base64!");

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.code()).isEqualTo("signature-invalid");
        assertThat(result.check("signature").orElseThrow().detail()).contains("base64");
    }

    @Test
    void keyInACertificateChain_isTheLeafCertificatesKey() {
        TestPki.Issued root = TestPki.root(KeyAlgorithm.ECDSA_P256, "Root");
        TestPki.Issued leaf = TestPki.leaf(root, KeyAlgorithm.ECDSA_P256, "DEMO signer");
        ObjectNode proof = ANCHORING.proof(0);
        DepartmentKey key = DepartmentKey.of(leaf.keyPair().getPublic());
        ObjectNode signature = proof.putObject("signature");
        signature.put("algorithm", "ecdsa-p256");
        signature.put("publicKeyFingerprint", key.fingerprint());
        signature.put("publicKey", TestPki.pem(leaf.certificate()) + TestPki.pem(root.certificate()));
        signature.put("value", Base64.getEncoder().encodeToString(TestPki.sign(KeyAlgorithm.ECDSA_P256,
                leaf.keyPair().getPrivate(), message("DEMO", "sha256", proof.get("digest").textValue()))));

        VerificationResult result = verify(proof, VerificationOptions.none());

        assertThat(result.check("signature").orElseThrow().code()).isEqualTo("untied");
    }
}
