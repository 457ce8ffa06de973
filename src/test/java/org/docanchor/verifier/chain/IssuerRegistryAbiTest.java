package org.docanchor.verifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/** The hand-encoded issuer registry ABI against the compiler's selectors and web3j's encoder, and strict decoding. */
class IssuerRegistryAbiTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Hash32 FINGERPRINT = Hash32.fromHex("0x" + "ab".repeat(32));
    private static final Hash32 LEAF = Hash32.fromHex("0x" + "44".repeat(32));

    private static JsonNode methodIdentifiers(String contract) throws Exception {
        return new ObjectMapper().readTree(Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"),
                "out", contract + ".sol", contract + ".json").toFile()).get("methodIdentifiers");
    }

    @Test
    void selectors_matchSolcMethodIdentifiers() throws Exception {
        JsonNode issuer = methodIdentifiers("IssuerRegistry");
        for (String signature : List.of(IssuerRegistryAbi.DEPARTMENT, IssuerRegistryAbi.DEPARTMENT_AT,
                IssuerRegistryAbi.KEY, IssuerRegistryAbi.KEY_AT)) {
            assertThat(HEX.formatHex(RegistryAbi.selector(signature))).as(signature)
                    .isEqualTo(issuer.get(signature).textValue());
        }
        JsonNode anchor = methodIdentifiers("AnchorRegistry");
        for (String signature : List.of(IssuerRegistryAbi.ISSUER_REGISTRY, IssuerRegistryAbi.REVOCATION_SIGNER_OF)) {
            assertThat(HEX.formatHex(RegistryAbi.selector(signature))).as(signature)
                    .isEqualTo(anchor.get(signature).textValue());
        }
    }

    @Test
    void calldata_equalsWeb3jEncoding_forCodesOfEveryLength() {
        for (String code : List.of("D", "DEMO", "A".repeat(31), "B".repeat(32))) {
            assertThat(hex(IssuerRegistryAbi.department(code))).as(code).isEqualTo(FunctionEncoder.encode(
                    new Function("department", List.<Type>of(new Utf8String(code)), List.of())));
            assertThat(hex(IssuerRegistryAbi.departmentAt(code, 1_767_225_700L))).as(code).isEqualTo(
                    FunctionEncoder.encode(new Function("departmentAt", List.<Type>of(new Utf8String(code),
                            new Uint64(1_767_225_700L)), List.of())));
            assertThat(hex(IssuerRegistryAbi.key(code, FINGERPRINT))).as(code).isEqualTo(FunctionEncoder.encode(
                    new Function("key", List.<Type>of(new Utf8String(code), new Bytes32(FINGERPRINT.bytes())),
                            List.of())));
            assertThat(hex(IssuerRegistryAbi.keyAt(code, FINGERPRINT, 42))).as(code).isEqualTo(
                    FunctionEncoder.encode(new Function("keyAt", List.<Type>of(new Utf8String(code),
                            new Bytes32(FINGERPRINT.bytes()), new Uint64(42)), List.of())));
        }
        assertThat(hex(IssuerRegistryAbi.revocationSignerOf(LEAF))).isEqualTo(FunctionEncoder.encode(
                new Function("revocationSignerOf", List.<Type>of(new Bytes32(LEAF.bytes())), List.of())));
    }

    @Test
    void documentRevocationSignedTopic_equalsWeb3jEventSignature() {
        String web3j = EventEncoder.encode(new Event("DocumentRevocationSigned", List.of(
                new TypeReference<Bytes32>(true) { }, new TypeReference<Bytes32>(true) { },
                new TypeReference<DynamicBytes>() { })));
        assertThat(IssuerRegistryAbi.DOCUMENT_REVOCATION_SIGNED_TOPIC.toHex()).isEqualTo(web3j);
    }

    @Test
    void department_decodesWeb3jEncodedAnswer_withChineseName() {
        byte[] answer = encode(new Bool(true), new Utf8String("示范局"), new Utf8String("Demonstration Bureau"),
                new Uint64(1_767_225_602L), new Bool(false));

        assertThat(IssuerRegistryAbi.decodeDepartment(answer)).contains(new IssuerRegistryAbi.Department(true,
                "示范局", "Demonstration Bureau", 1_767_225_602L, false));
    }

    @Test
    void key_decodesWeb3jEncodedAnswer() {
        byte[] spki = new byte[91];
        spki[0] = 0x30;
        byte[] answer = encode(new Uint8(1), new DynamicBytes(spki), new Uint64(10), new Uint64(9), new Uint8(2),
                new Uint64(11), new Uint64(12));

        IssuerRegistryAbi.Key key = IssuerRegistryAbi.decodeKey(answer).orElseThrow();
        assertThat(key.spki()).isEqualTo(spki);
        assertThat(List.of(key.algorithm(), key.validFrom(), key.registeredAt(), key.revocationReason(),
                key.effectiveAt(), key.revokedAt())).containsExactly(1, 10L, 9L, 2, 11L, 12L);
    }

    @Test
    void answersNoContractGives_decodeToEmpty() {
        byte[] department = encode(new Bool(true), new Utf8String("名"), new Utf8String("Name"), new Uint64(1),
                new Bool(true));
        assertThat(IssuerRegistryAbi.decodeDepartment(Arrays.copyOf(department, department.length - 1))).as("cut")
                .isEmpty();
        assertThat(IssuerRegistryAbi.decodeDepartment(withWord(department, 0, BigInteger.TWO))).as("bool 2").isEmpty();
        assertThat(IssuerRegistryAbi.decodeDepartment(withWord(department, 1, BigInteger.valueOf(1 << 20))))
                .as("offset outside").isEmpty();
        assertThat(IssuerRegistryAbi.decodeDepartment(withWord(department, 1, BigInteger.valueOf(161))))
                .as("offset not word-aligned").isEmpty();
        assertThat(IssuerRegistryAbi.decodeDepartment(withWord(department, 3, BigInteger.ONE.shiftLeft(64))))
                .as("uint64 overflow").isEmpty();
        byte[] dirtyPadding = department.clone();
        dirtyPadding[5 * 32 + 32 + 3] = 1;
        assertThat(IssuerRegistryAbi.decodeDepartment(dirtyPadding)).as("padding not zero").isEmpty();

        assertThat(IssuerRegistryAbi.decodeDepartmentAt(encode(new Bool(false), new Bool(true)))).as("active, not "
                + "registered").isEmpty();
        assertThat(IssuerRegistryAbi.decodeKeyAt(encode(new Bool(true), new Uint8(0)))).as("valid unknown key")
                .isEmpty();
        assertThat(IssuerRegistryAbi.decodeKeyAt(encode(new Bool(false), new Uint8(4)))).as("algorithm 4").isEmpty();
        assertThat(IssuerRegistryAbi.decodeKey(encode(new Uint8(1), new DynamicBytes(new byte[3]), new Uint64(1),
                new Uint64(1), new Uint8(3), new Uint64(1), new Uint64(1)))).as("key revocation reason 3").isEmpty();
        assertThat(IssuerRegistryAbi.decodeAddress(withWord(new byte[32], 0, BigInteger.ONE.shiftLeft(160))))
                .as("address with high bits").isEmpty();
        assertThat(IssuerRegistryAbi.decodeAddress(new byte[31])).as("short address").isEmpty();
        assertThat(IssuerRegistryAbi.decodeBytes32(new byte[31])).as("short bytes32").isEmpty();
    }

    @Test
    void address_decodesLowerCase() {
        String address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        assertThat(IssuerRegistryAbi.decodeAddress(encode(new Address(address)))).contains(address.toLowerCase());
    }

    @Test
    void signatureData_decodesBytes() {
        byte[] signature = new byte[71];
        Arrays.fill(signature, (byte) 7);
        assertThat(IssuerRegistryAbi.decodeSignatureData(encode(new DynamicBytes(signature)))).hasValueSatisfying(
                s -> assertThat(s).isEqualTo(signature));
    }

    /** Return values ABI-encoded as a function's answer (a tuple), by web3j. */
    @SuppressWarnings("rawtypes")
    private static byte[] encode(Type... values) {
        String encoded = FunctionEncoder.encodeConstructor(List.of(values));
        return HEX.parseHex(encoded);
    }

    private static byte[] withWord(byte[] answer, int index, BigInteger value) {
        byte[] out = answer.clone();
        byte[] word = value.toByteArray();
        Arrays.fill(out, index * 32, index * 32 + 32, (byte) 0);
        int length = Math.min(word.length, 32);
        System.arraycopy(word, word.length - length, out, index * 32 + 32 - length, length);
        return out;
    }

    private static String hex(byte[] calldata) {
        return "0x" + HEX.formatHex(calldata);
    }
}
