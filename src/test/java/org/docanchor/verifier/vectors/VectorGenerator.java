package org.docanchor.verifier.vectors;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.bft.BftBlockHashing;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.bft.BftExtraData;
import org.docanchor.verifier.bft.BlockHeader;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.SignedMessage;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Writes docs/vectors/proof-vectors.json: builds a small chain on anvil with the compiled contracts (an issuer
 * registry with its departments and keys; the main anchor registry, which names it; another, which names none;
 * four anchored batches of 1, 2, 3 and 1,000 documents in the main registry and one in the other; one block of
 * revocations, signed and unsigned, key revocations and department suspensions), then writes whole proof
 * documents, genuine and doctored, with the verdict and code every verifier must give (docs/verification.md).
 *
 * <p>Everything is deterministic (fixed keys, fixed block timestamps, RFC 6979 or seeded signatures), so a second
 * run writes the same bytes; {@code VectorsAreCurrentTest} relies on that. The BFT vectors use the anvil blocks'
 * headers with IBFT 2.0 / QBFT extraData sealed by four fixed validator keys: the state root is anvil's, so the
 * state proofs hold, but the block hash is the BFT one, so those vectors are checked offline only.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java@vectors} (writes the file named by the first argument).
 */
public final class VectorGenerator {

    static final long CHAIN_ID = 1337;
    /** 2026-01-01T00:00:00Z: the genesis time; block n is mined at T0 + 2n. */
    static final long T0 = 1_767_225_600L;
    static final List<String> ANVIL_ARGS = List.of("--chain-id", Long.toString(CHAIN_ID), "--hardfork", "london",
            "--timestamp", Long.toString(T0), "--no-mining", "--order", "fifo", "--gas-price", "0", "--base-fee", "0",
            "--gas-limit", "30000000");
    /** anvil's first well-known development account (public test key, holds nothing anywhere real). */
    static final Credentials DEPLOYER =
            Credentials.create("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    /** AnchorRegistry keeps mapping(bytes32 root => Anchor) at storage slot 3 (docs/proof-format.md). */
    static final int ANCHORS_SLOT = 3;
    static final String UNREACHABLE = "unreachable";
    /** The departments of the issuer registry, code to {Chinese name, English name}, in order of registration. */
    static final Map<String, String[]> DEPARTMENTS = departments();
    /** A {@code validFrom} long after every block of this chain: 2027-01-01T00:00:00Z. */
    static final long FUTURE = 1_798_761_600L;

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path contractsDir;
    private final List<ObjectNode> blocks = new ArrayList<>();
    private final ArrayNode vectors = NODES.arrayNode();
    private final ArrayNode malformed = NODES.arrayNode();
    private long nonce;
    private String mainRegistry;
    private String otherRegistry;
    private String issuerRegistry;
    private long registeredAt;
    /** The {@code validFrom} each registered key was given, by fingerprint. */
    private final Map<String, Long> keyValidFrom = new LinkedHashMap<>();

    VectorGenerator(Path contractsDir) {
        this.contractsDir = contractsDir;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/vectors/proof-vectors.json");
        Path contracts = Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"));
        Files.writeString(out, new VectorGenerator(contracts).generate());
        System.out.println("wrote " + out.toAbsolutePath());
    }

    // -----------------------------------------------------------------------------------------------------------
    // Documents, departments and keys

    /** A registered document: its bytes (kept when a vector checks the file), digest, leaf and signature. */
    record Doc(String department, DigestAlgorithm algorithm, byte[] content, Hash32 digest, Hash32 leaf,
            Optional<SignedBy> signature) {
    }

    /** A department's signing key and the signature it made. */
    record SignedBy(String keyAlgorithm, String pem, String fingerprint, String value) {
    }

    /** A signing key with a deterministic private part. */
    record SigningKey(String algorithm, AsymmetricKeyParameter privateKey, String pem, String fingerprint) {
    }

    static Doc doc(String department, DigestAlgorithm algorithm, String text) {
        return doc(department, algorithm, text, null);
    }

    static Doc doc(String department, DigestAlgorithm algorithm, String text, SigningKey key) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        Hash32 digest = new Hash32(hash(algorithm, content));
        Hash32 leaf = LeafEncoding.leafHash(digest, algorithm.id(), department);
        Optional<SignedBy> signature = Optional.ofNullable(key).map(k -> new SignedBy(k.algorithm, k.pem,
                k.fingerprint, Base64.getEncoder().encodeToString(
                        sign(k, SignedMessage.bytes(department, digest, algorithm.id())))));
        return new Doc(department, algorithm, content, digest, leaf, signature);
    }

    static byte[] hash(DigestAlgorithm algorithm, byte[] content) {
        try {
            return switch (algorithm) {
                case SHA256 -> MessageDigest.getInstance("SHA-256").digest(content);
                case SHA512_256 -> MessageDigest.getInstance("SHA-512/256").digest(content);
                case SHA3_256 -> MessageDigest.getInstance("SHA3-256").digest(content);
                case KECCAK256 -> Keccak.hash(content);
                case SM3 -> {
                    SM3Digest sm3 = new SM3Digest();
                    sm3.update(content, 0, content.length);
                    byte[] out = new byte[32];
                    sm3.doFinal(out, 0);
                    yield out;
                }
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key whose private part comes from a fixed label, so every run signs alike. */
    static SigningKey signingKey(String algorithm, String label) {
        byte[] seed = Keccak.hash(("anchor-gateway vectors key " + label).getBytes(StandardCharsets.UTF_8));
        AsymmetricKeyParameter privateKey;
        AsymmetricKeyParameter publicKey;
        switch (algorithm) {
            case "ed25519" -> {
                Ed25519PrivateKeyParameters p = new Ed25519PrivateKeyParameters(seed, 0);
                privateKey = p;
                publicKey = p.generatePublicKey();
            }
            case "ecdsa-p256", "sm2" -> {
                String name = algorithm.equals("sm2") ? "sm2p256v1" : "secp256r1";
                X9ECParameters curve = ECNamedCurveTable.getByName(name);
                // Named, so the SubjectPublicKeyInfo names the curve by OID as real keys do.
                ECDomainParameters domain = new ECNamedDomainParameters(ECNamedCurveTable.getOID(name), curve);
                BigInteger d = new BigInteger(1, seed).mod(curve.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
                privateKey = new ECPrivateKeyParameters(d, domain);
                publicKey = new ECPublicKeyParameters(domain.getG().multiply(d).normalize(), domain);
            }
            default -> throw new IllegalArgumentException(algorithm);
        }
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded("DER");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                    + "\n-----END PUBLIC KEY-----\n";
            DepartmentKey parsed = DepartmentKey.parse(pem);
            if (!parsed.algorithm().id().equals(algorithm)) {
                throw new IllegalStateException("made a " + algorithm + " key, it parses as " + parsed.algorithm());
            }
            return new SigningKey(algorithm, privateKey, pem, parsed.fingerprint());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(SigningKey key, byte[] message) {
        try {
            switch (key.algorithm) {
                case "ed25519" -> {
                    Ed25519Signer signer = new Ed25519Signer();
                    signer.init(true, key.privateKey);
                    signer.update(message, 0, message.length);
                    return signer.generateSignature();
                }
                case "ecdsa-p256" -> {
                    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
                    signer.init(true, key.privateKey);
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
                    BigInteger[] rs = signer.generateSignature(digest);
                    ECDomainParameters domain = ((ECPrivateKeyParameters) key.privateKey).getParameters();
                    return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
                }
                case "sm2" -> {
                    // SM2Signer's defaults: SM3 and the user id 1234567812345678, DER output.
                    SM2Signer signer = new SM2Signer();
                    signer.init(true, new ParametersWithRandom(key.privateKey, new SeededRandom(message)));
                    signer.update(message, 0, message.length);
                    return signer.generateSignature();
                }
                default -> throw new IllegalArgumentException(key.algorithm);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with " + key.algorithm, e);
        }
    }

    /** A keccak counter stream: SM2 needs a random k, and the vectors must not change from run to run. */
    static final class SeededRandom extends SecureRandom {
        private final byte[] seed;
        private long counter;

        SeededRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i += 32) {
                byte[] block = Keccak.hash(seed, BigInteger.valueOf(counter++).toByteArray());
                System.arraycopy(block, 0, bytes, i, Math.min(32, bytes.length - i));
            }
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // The chain

    /**
     * Every department the anchored vectors name, except GHOST (never registered) and FORGED (whose vector fails at
     * check 4, before the issuer registry is read).
     */
    private static Map<String, String[]> departments() {
        Map<String, String[]> d = new LinkedHashMap<>();
        d.put("DEMO", new String[] {"示范局", "Demonstration Bureau"});
        d.put("CIVIL", new String[] {"民政局", "Civil Affairs Bureau"});
        d.put("LAND", new String[] {"自然资源局", "Natural Resources Bureau"});
        d.put("TRANSPORT", new String[] {"交通运输局", "Transport Bureau"});
        d.put("SIGNED", new String[] {"住房和城乡建设局", "Housing and Construction Bureau"});
        d.put("KEYS", new String[] {"市场监督管理局", "Market Regulation Bureau"});
        d.put("EDU", new String[] {"教育局", "Education Bureau"});
        d.put("SUSPENDED", new String[] {"审计局", "Audit Bureau"});
        d.put("PAUSED", new String[] {"统计局", "Statistics Bureau"});
        return java.util.Collections.unmodifiableMap(d);
    }

    /** Sends a call of {@code function} to {@code to} in the open block. */
    @SuppressWarnings("rawtypes")
    private String write(VectorChain chain, String to, long gasLimit, String function,
            org.web3j.abi.datatypes.Type... args) {
        return send(chain, to, FunctionEncoder.encode(new Function(function, List.of(args), List.of())), gasLimit);
    }

    private String registerKey(VectorChain chain, String department, SigningKey key, long validFrom) {
        int algorithm = switch (key.algorithm) {
            case "ecdsa-p256" -> 1;
            case "ed25519" -> 2;
            case "sm2" -> 3;
            default -> throw new IllegalArgumentException(key.algorithm);
        };
        keyValidFrom.put(key.fingerprint, validFrom);
        return write(chain, issuerRegistry, 2_000_000, "registerKey", new Utf8String(department), new Uint8(algorithm),
                new DynamicBytes(DepartmentKey.parse(key.pem).subjectPublicKeyInfo()), new Uint64(validFrom));
    }

    static byte[] fingerprintBytes(SigningKey key) {
        return HEX.parseHex(key.fingerprint.substring("sha256:".length()));
    }

    /** An anchored batch: its tree, the anchoring transaction and block, the header and the state proof. */
    record Batch(String registry, long id, List<Doc> docs, StandardMerkleTree tree, String txHash, long blockNumber,
            String blockHash, long blockTime, BlockHeader header, ObjectNode anchorProof) {

        int index(Doc d) {
            return tree.sortedLeaves().indexOf(d.leaf);
        }
    }

    private String send(VectorChain chain, String to, String data, long gasLimit) {
        RawTransaction tx = to == null
                ? RawTransaction.createContractTransaction(BigInteger.valueOf(nonce++), BigInteger.ZERO,
                        BigInteger.valueOf(gasLimit), BigInteger.ZERO, data)
                : RawTransaction.createTransaction(BigInteger.valueOf(nonce++), BigInteger.ZERO,
                        BigInteger.valueOf(gasLimit), to, data);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, CHAIN_ID, DEPLOYER));
        blocks.get(blocks.size() - 1).withArray("transactions").add(raw);
        return chain.sendRaw(raw);
    }

    /** Opens the next block; {@link #mine} closes it. */
    private void openBlock() {
        ObjectNode block = NODES.objectNode();
        block.put("number", blocks.size() + 1);
        block.put("timestamp", T0 + 2L * (blocks.size() + 1));
        block.putArray("transactions");
        blocks.add(block);
    }

    private String mine(VectorChain chain, List<String> txHashes) {
        ObjectNode block = blocks.get(blocks.size() - 1);
        String hash = chain.mine(block.get("timestamp").asLong());
        block.put("hash", hash);
        for (String tx : txHashes) {
            JsonNode receipt = chain.rpc("eth_getTransactionReceipt", tx);
            if (receipt == null || !"0x1".equals(receipt.path("status").asText())) {
                throw new IllegalStateException("transaction " + tx + " failed: " + receipt);
            }
        }
        return hash;
    }

    private Batch anchor(VectorChain chain, long id, List<Doc> docs) {
        return anchor(chain, mainRegistry, id, docs);
    }

    private Batch anchor(VectorChain chain, String registry, long id, List<Doc> docs) {
        StandardMerkleTree tree = StandardMerkleTree.of(docs.stream().map(Doc::leaf).toList());
        openBlock();
        String data = FunctionEncoder.encode(new Function("anchor", List.of(new Uint64(id),
                new Bytes32(tree.root().bytes()), new Uint32(docs.size())), List.of()));
        String tx = send(chain, registry, data, 300_000);
        String hash = mine(chain, List.of(tx));
        long number = blocks.size();
        JsonNode block = chain.rpc("eth_getBlockByNumber", Numeric.toHexStringWithPrefix(BigInteger.valueOf(number)), false);
        Map<String, String> fields = new LinkedHashMap<>();
        block.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                fields.put(e.getKey(), e.getValue().asText());
            }
        });
        BlockHeader header = BlockHeader.fromJsonFields(fields);
        if (!Numeric.toHexString(Keccak.hash(header.encode())).equals(hash)) {
            throw new IllegalStateException("the header rebuilt from eth_getBlockByNumber does not hash to " + hash);
        }
        JsonNode proof = chain.rpc("eth_getProof", registry, List.of(anchorSlot(tree.root()).toHex()),
                Numeric.toHexStringWithPrefix(BigInteger.valueOf(number)));
        ObjectNode anchorProof = NODES.objectNode();
        anchorProof.set("accountProof", proof.get("accountProof"));
        anchorProof.set("storageProof", proof.get("storageProof").get(0).get("proof"));
        return new Batch(registry, id, docs, tree, tx, number, hash, T0 + 2L * number, header, anchorProof);
    }

    static Hash32 anchorSlot(Hash32 root) {
        byte[] slot = new byte[32];
        slot[31] = ANCHORS_SLOT;
        return new Hash32(Keccak.hash(root.bytes(), slot));
    }

    // -----------------------------------------------------------------------------------------------------------

    String generate() throws IOException {
        SigningKey signedP256 = signingKey("ecdsa-p256", "SIGNED p256");
        SigningKey signedEd25519 = signingKey("ed25519", "SIGNED ed25519");
        SigningKey signedSm2 = signingKey("sm2", "SIGNED sm2");
        SigningKey keysKey = signingKey("ecdsa-p256", "KEYS registered");
        SigningKey forgedKey = signingKey("ecdsa-p256", "FORGED never registered");
        SigningKey forgedRegistered = signingKey("ecdsa-p256", "FORGED registered");
        SigningKey stranger = signingKey("ecdsa-p256", "a stranger");
        SigningKey demoKey = signingKey("ecdsa-p256", "DEMO registered");
        SigningKey demoCompromisedEarly = signingKey("ecdsa-p256", "DEMO compromised before the anchoring");
        SigningKey demoCompromisedLate = signingKey("ed25519", "DEMO compromised after the anchoring");
        SigningKey demoFuture = signingKey("sm2", "DEMO valid only after the anchoring");
        SigningKey fresh = signingKey("ecdsa-p256", "FORGED freshly generated, never registered");

        Doc b1 = doc("CIVIL", DigestAlgorithm.SHA256, "Birth certificate 2026/0001, Li Wei, born 2026-01-01");
        List<Doc> batch2 = List.of(doc("LAND", DigestAlgorithm.SHA3_256, "Land title 88-1204, plot 7"),
                doc("LAND", DigestAlgorithm.KECCAK256, "Land title 88-1205, plot 8"));
        List<Doc> batch3 = List.of(doc("TRANSPORT", DigestAlgorithm.SM3, "Driving licence D-0001"),
                doc("TRANSPORT", DigestAlgorithm.SHA512_256, "Driving licence D-0002"),
                doc("TRANSPORT", DigestAlgorithm.SHA256, "Driving licence D-0003"));
        Doc signedA = doc("SIGNED", DigestAlgorithm.SHA256, "Building permit BP-1, signed with ECDSA P-256", signedP256);
        Doc signedB = doc("SIGNED", DigestAlgorithm.SHA256, "Building permit BP-2, signed with Ed25519", signedEd25519);
        Doc signedC = doc("SIGNED", DigestAlgorithm.SM3, "Building permit BP-3, signed with SM2", signedSm2);
        Doc tied = doc("KEYS", DigestAlgorithm.SHA256, "Business licence BL-1", keysKey);
        Doc forged = doc("FORGED", DigestAlgorithm.SHA256, "Business licence BL-666", forgedKey);
        List<Doc> revoked = new ArrayList<>();
        for (String reason : List.of("superseded", "issued-in-error", "withdrawn", "fraud", "other")) {
            revoked.add(doc("EDU", DigestAlgorithm.SHA256, "Diploma revoked as " + reason));
        }
        Doc replaced = doc("EDU", DigestAlgorithm.SHA256, "Diploma D-77, first issue");
        Doc replacement = doc("EDU", DigestAlgorithm.SHA256, "Diploma D-77, corrected issue");
        Doc deep = doc("EDU", DigestAlgorithm.SHA256, "Diploma D-500");
        Doc demoSigned = doc("DEMO", DigestAlgorithm.SHA256, "Certificate DEMO-1, signed with DEMO's key", demoKey);
        Doc demoPlain = doc("DEMO", DigestAlgorithm.SHA256, "Certificate DEMO-2, unsigned");
        Doc demoEarly = doc("DEMO", DigestAlgorithm.SHA256, "Certificate DEMO-3, signed with a key compromised before",
                demoCompromisedEarly);
        Doc demoLate = doc("DEMO", DigestAlgorithm.SHA256, "Certificate DEMO-4, signed with a key compromised after",
                demoCompromisedLate);
        Doc demoTooEarly = doc("DEMO", DigestAlgorithm.SM3, "Certificate DEMO-5, signed with a key valid only later",
                demoFuture);
        Doc demoRevokedSigned = doc("DEMO", DigestAlgorithm.SHA256, "Certificate DEMO-6, revoked on a signed request");
        Doc demoRevokedBadSignature = doc("DEMO", DigestAlgorithm.SHA256,
                "Certificate DEMO-7, revoked on a request signed over another reason");
        Doc suspendedBefore = doc("SUSPENDED", DigestAlgorithm.SHA256, "Audit report AR-1, by a department suspended "
                + "from before its anchoring");
        Doc suspendedAfter = doc("PAUSED", DigestAlgorithm.SHA256, "Statistics bulletin SB-1, by a department "
                + "suspended after its anchoring");
        Doc ghost = doc("GHOST", DigestAlgorithm.SHA256, "Licence G-1 of a department never registered");
        List<Doc> batch4 = new ArrayList<>(List.of(signedA, signedB, signedC, tied, forged, replaced, replacement,
                deep, demoSigned, demoPlain, demoEarly, demoLate, demoTooEarly, demoRevokedSigned,
                demoRevokedBadSignature, suspendedBefore, suspendedAfter, ghost));
        batch4.addAll(revoked);
        for (int i = 0; batch4.size() < 1000; i++) {
            batch4.add(doc("EDU", DigestAlgorithm.SHA256, "Diploma D-" + (1000 + i)));
        }
        Doc pending = doc("CIVIL", DigestAlgorithm.SHA256, "Birth certificate 2026/0002, registered, not anchored");
        Doc pendingRevoked = doc("CIVIL", DigestAlgorithm.SHA256, "Permit P-77, withdrawn before anchoring");
        Doc pendingSuspended = doc("SUSPENDED", DigestAlgorithm.SHA256, "Audit report AR-2, registered, not anchored");
        Doc otherPlain = doc("CIVIL", DigestAlgorithm.SHA256, "Marriage certificate M-1, in a registry without issuer "
                + "registry");
        Doc otherSigned = doc("SIGNED", DigestAlgorithm.SHA256, "Building permit BP-9, in a registry without issuer "
                + "registry", signedP256);
        List<Doc> unanchored = List.of(doc("EDU", DigestAlgorithm.SHA256, "Diploma never anchored A"),
                doc("EDU", DigestAlgorithm.SHA256, "Diploma never anchored B"));

        Batch a1;
        Batch a2;
        Batch a3;
        Batch a4;
        Batch o1;
        Map<String, Integer> reasons = Map.of("superseded", 1, "issued-in-error", 2, "withdrawn", 3, "fraud", 4,
                "other", 5);
        try (VectorChain chain = VectorChain.start(ANVIL_ARGS)) {
            byte[] issuerCode = HEX.parseHex(Files.readString(contractsDir.resolve("out/web3j/IssuerRegistry.bin"))
                    .strip());
            byte[] bytecode = HEX.parseHex(Files.readString(contractsDir.resolve("out/web3j/AnchorRegistry.bin")).strip());
            Address deployer = new Address(DEPLOYER.getAddress());
            openBlock();
            String d0 = send(chain, null, Numeric.toHexString(issuerCode) + FunctionEncoder.encodeConstructor(
                    List.of(new Uint48(0), deployer, deployer)), 8_000_000);
            // The issuer registry's address follows from the deployer and its nonce (0), before it is mined.
            issuerRegistry = org.web3j.crypto.ContractUtils.generateContractAddress(DEPLOYER.getAddress(),
                    BigInteger.ZERO);
            String d1 = send(chain, null, Numeric.toHexString(bytecode) + FunctionEncoder.encodeConstructor(List.of(
                    new Uint48(0), deployer, deployer, new Address(issuerRegistry))), 6_000_000);
            String d2 = send(chain, null, Numeric.toHexString(bytecode) + FunctionEncoder.encodeConstructor(List.of(
                    new Uint48(0), deployer, deployer, Address.DEFAULT)), 6_000_000);
            mine(chain, List.of(d0, d1, d2));
            if (!chain.rpc("eth_getTransactionReceipt", d0).get("contractAddress").asText()
                    .equalsIgnoreCase(issuerRegistry)) {
                throw new IllegalStateException("the issuer registry is not at " + issuerRegistry);
            }
            issuerRegistry = issuerRegistry.toLowerCase(java.util.Locale.ROOT);
            mainRegistry = chain.rpc("eth_getTransactionReceipt", d1).get("contractAddress").asText();
            otherRegistry = chain.rpc("eth_getTransactionReceipt", d2).get("contractAddress").asText();

            // The accreditation body registers the departments and their keys, valid from this block on.
            openBlock();
            registeredAt = blocks.get(blocks.size() - 1).get("timestamp").asLong();
            List<String> registrations = new ArrayList<>();
            DEPARTMENTS.forEach((code, names) -> registrations.add(write(chain, issuerRegistry, 1_000_000,
                    "registerDepartment", new Utf8String(code), new Utf8String(names[0]), new Utf8String(names[1]))));
            for (Map.Entry<String, SigningKey> k : List.of(Map.entry("SIGNED", signedP256),
                    Map.entry("SIGNED", signedEd25519), Map.entry("SIGNED", signedSm2), Map.entry("KEYS", keysKey),
                    Map.entry("DEMO", demoKey), Map.entry("DEMO", demoCompromisedEarly),
                    Map.entry("DEMO", demoCompromisedLate))) {
                registrations.add(registerKey(chain, k.getKey(), k.getValue(), registeredAt));
            }
            // Valid only from long after every anchoring of this chain.
            registrations.add(registerKey(chain, "DEMO", demoFuture, FUTURE));
            mine(chain, registrations);

            a1 = anchor(chain, 1, List.of(b1));
            a2 = anchor(chain, 2, batch2);
            a3 = anchor(chain, 3, batch3);
            a4 = anchor(chain, 4, batch4);
            o1 = anchor(chain, otherRegistry, 1, List.of(otherPlain, otherSigned));

            openBlock();
            long revocationTime = blocks.get(blocks.size() - 1).get("timestamp").asLong();
            List<Hash32> leaves = new ArrayList<>(revoked.stream().map(Doc::leaf).toList());
            List<Integer> codes = new ArrayList<>(List.of(1, 2, 3, 4, 5));
            List<Hash32> replacements = new ArrayList<>(List.of(zero(), zero(), zero(), zero(), zero()));
            leaves.add(replaced.leaf);
            codes.add(1);
            replacements.add(replacement.leaf);
            leaves.add(pendingRevoked.leaf);
            codes.add(3);
            replacements.add(zero());
            String data = FunctionEncoder.encode(new Function("revokeBatch", List.of(
                    new DynamicArray<>(Bytes32.class, leaves.stream().map(h -> new Bytes32(h.bytes())).toList()),
                    new DynamicArray<>(Uint8.class, codes.stream().map(c -> new Uint8(c)).toList()),
                    new DynamicArray<>(Bytes32.class, replacements.stream().map(h -> new Bytes32(h.bytes())).toList())),
                    List.of()));
            List<String> txs = new ArrayList<>(List.of(send(chain, mainRegistry, data, 1_000_000)));
            // DEMO signs two revocation requests: one as it is submitted, one over another reason than submitted.
            txs.add(write(chain, mainRegistry, 500_000, "revokeSigned", new Bytes32(demoRevokedSigned.leaf.bytes()),
                    new Uint8(4), new Bytes32(zero().bytes()), new Bytes32(fingerprintBytes(demoKey)),
                    new DynamicBytes(sign(demoKey, SignedMessage.revocationBytes("DEMO", demoRevokedSigned.leaf, 4,
                            zero())))));
            txs.add(write(chain, mainRegistry, 500_000, "revokeSigned",
                    new Bytes32(demoRevokedBadSignature.leaf.bytes()), new Uint8(2), new Bytes32(zero().bytes()),
                    new Bytes32(fingerprintBytes(demoKey)), new DynamicBytes(sign(demoKey,
                            SignedMessage.revocationBytes("DEMO", demoRevokedBadSignature.leaf, 3, zero())))));
            // Keys compromised from before and from after batch 4's anchoring; departments suspended likewise.
            txs.add(write(chain, issuerRegistry, 500_000, "revokeKey", new Utf8String("DEMO"),
                    new Bytes32(fingerprintBytes(demoCompromisedEarly)), new Uint8(2), new Uint64(registeredAt)));
            txs.add(write(chain, issuerRegistry, 500_000, "revokeKey", new Utf8String("DEMO"),
                    new Bytes32(fingerprintBytes(demoCompromisedLate)), new Uint8(2), new Uint64(a4.blockTime + 1)));
            txs.add(write(chain, issuerRegistry, 500_000, "suspendDepartment", new Utf8String("SUSPENDED"),
                    new Uint64(registeredAt)));
            txs.add(write(chain, issuerRegistry, 500_000, "suspendDepartment", new Utf8String("PAUSED"),
                    new Uint64(a4.blockTime + 1)));
            mine(chain, txs);
            if (revocationTime <= a4.blockTime + 1) {
                throw new IllegalStateException("the revocation block must follow batch 4 by more than a second");
            }
        }
        long revokedBlock = blocks.size();
        String revokedAt = instant(T0 + 2L * revokedBlock);

        ObjectNode trustMain = trust(t -> t.put("registry", mainRegistry));
        // ---- genuine proofs, on chain -------------------------------------------------------------------------
        vector("valid-batch-of-1", "A certificate alone in its batch (empty path), with the document's bytes",
                proof(a1, b1), b1, "chain", trustMain, expect("VALID", "valid", "document", "digest-matches", "path",
                        "path-leads-to-root", "registry", "trusted", "header", "header-matches", "seals", "no-seals",
                        "state-proof", "anchor-proven", "network", "chain-id-matches", "inclusion", "included",
                        "anchor", "anchor-matches", "block", "block-matches", "transaction", "transaction-matches",
                        "issuer", "issuer-confirmed", "revocation", "not-revoked")
                        .set("issuer", issuerExpect("CIVIL", true, null, null, null)));
        vector("valid-batch-of-2-sha3-256", "A SHA3-256 digest in a batch of two, checked against its bytes",
                proof(a2, batch2.get(0)), batch2.get(0), "chain", trustMain,
                expect("VALID", "valid", "document", "digest-matches"));
        vector("valid-batch-of-2-keccak256", "A Keccak-256 digest in a batch of two, checked against its bytes",
                proof(a2, batch2.get(1)), batch2.get(1), "chain", trustMain,
                expect("VALID", "valid", "document", "digest-matches"));
        vector("valid-batch-of-3-sm3", "An SM3 (GB/T 32905) digest in a batch of three (not a power of two)",
                proof(a3, batch3.get(0)), batch3.get(0), "chain", trustMain,
                expect("VALID", "valid", "document", "digest-matches"));
        vector("valid-batch-of-3-sha512-256", "A SHA-512/256 digest in a batch of three",
                proof(a3, batch3.get(1)), batch3.get(1), "chain", trustMain,
                expect("VALID", "valid", "document", "digest-matches"));
        vector("valid-batch-of-3-without-document", "No document given: the digest is taken as stated",
                proof(a3, batch3.get(2)), null, "chain", trustMain, expect("VALID", "valid", "document", "no-document"));
        vector("valid-batch-of-1000", "A document deep in a batch of 1,000 (a path of 10)", proof(a4, deep), deep,
                "chain", trustMain, expect("VALID", "valid", "path", "path-leads-to-root"));
        vector("valid-without-header", "A proof without header, state proof or consensus: the chain checks alone",
                without(proof(a4, deep), "consensus", "blockHeader", "anchorProof"), null, "chain", trustMain,
                expect("VALID", "valid", "header", "no-header", "state-proof", "no-state-proof"));
        vector("valid-without-transaction", "A proof without txHash: the transaction check is skipped",
                without(proof(a2, batch2.get(0)), "txHash"), null, "chain", trustMain,
                expect("VALID", "valid", "transaction", "no-transaction"));
        vector("valid-version-1", "A version 1 proof (as issued before version 2) still verifies",
                versionOne(a1, b1), null, "chain", trustMain, expect("VALID", "valid", "version", "v1"));
        vector("valid-without-trusted-registry", "No trusted registry given: the registry the proof names is asked",
                proof(a1, b1), null, "chain", trust(t -> { }), expect("VALID", "valid", "registry",
                        "no-trusted-registry"));

        // ---- the document, the leaf, the path ------------------------------------------------------------------
        Doc changed = new Doc(b1.department, b1.algorithm, concat(b1.content, " (altered)"), b1.digest, b1.leaf,
                Optional.empty());
        vector("document-changed", "The document's bytes differ from the registered digest", proof(a1, b1), changed,
                "chain", trustMain, expect("INVALID", "digest-mismatch"));
        vector("tampered-digest", "One hex digit of the digest changed", with(proof(a1, b1), p -> p.put("digest",
                flipHex(b1.digest.toHex()))), null, "chain", trustMain, expect("INVALID", "leaf-mismatch"));
        vector("tampered-leaf", "One hex digit of the leaf changed", with(proof(a1, b1), p -> p.put("leaf",
                flipHex(b1.leaf.toHex()))), null, "chain", trustMain, expect("INVALID", "leaf-mismatch"));
        vector("tampered-department", "Another department claimed: the leaf commits to the department",
                with(proof(a1, b1), p -> p.put("department", "LAND")), null, "chain", trustMain,
                expect("INVALID", "leaf-mismatch"));
        vector("tampered-algorithm", "Another digest algorithm claimed: the leaf commits to it",
                with(proof(a1, b1), p -> p.put("algorithm", "sm3")), null, "chain", trustMain,
                expect("INVALID", "leaf-mismatch"));
        Doc other = doc("CIVIL", DigestAlgorithm.SHA256, "Birth certificate 2026/0001, forged name");
        vector("tampered-digest-with-matching-leaf", "Digest and leaf replaced consistently: the path fails",
                with(proof(a1, b1), p -> {
                    p.put("digest", other.digest.toHex());
                    p.put("leaf", other.leaf.toHex());
                }), null, "chain", trustMain, expect("INVALID", "path-mismatch"));
        vector("tampered-path-element", "One hex digit of a path element changed",
                with(proof(a4, deep), p -> ((ArrayNode) p.get("path")).set(3, NODES.textNode(
                        flipHex(p.get("path").get(3).asText())))), null, "chain", trustMain,
                expect("INVALID", "path-mismatch"));
        vector("reordered-path", "Two path elements swapped", with(proof(a4, deep), p -> {
            ArrayNode path = (ArrayNode) p.get("path");
            JsonNode first = path.get(0);
            path.set(0, path.get(1));
            path.set(1, first);
        }), null, "chain", trustMain, expect("INVALID", "path-mismatch"));
        vector("truncated-path", "The last path element removed", with(proof(a4, deep),
                p -> ((ArrayNode) p.get("path")).remove(p.get("path").size() - 1)), null, "chain", trustMain,
                expect("INVALID", "path-mismatch"));
        vector("wrong-root", "The root of another anchored batch", with(proof(a4, deep),
                p -> p.put("root", a3.tree.root().toHex())), null, "chain", trustMain,
                expect("INVALID", "path-mismatch"));

        // ---- registry, anchor, block, transaction ------------------------------------------------------------
        vector("registry-untrusted", "The proof names a registry other than the trusted one",
                with(proof(a1, b1), p -> p.put("registry", otherRegistry)), null, "chain", trustMain,
                expect("INVALID", "registry-untrusted"));
        vector("registry-without-code", "No trusted registry given, and the named address holds no contract",
                with(without(proof(a1, b1), "blockHeader", "anchorProof", "consensus"),
                        p -> p.put("registry", "0x00000000000000000000000000000000000dead1")), null, "chain",
                trust(t -> { }), expect("INVALID", "registry-missing"));
        vector("other-registry", "No trusted registry given; another registry, which never anchored this root",
                with(without(proof(a1, b1), "blockHeader", "anchorProof", "consensus"),
                        p -> p.put("registry", otherRegistry)), null, "chain", trust(t -> { }),
                expect("INVALID", "root-not-anchored"));
        vector("root-never-anchored", "A well-formed tree whose root was never anchored",
                unanchoredProof(a4, unanchored), null, "chain", trustMain, expect("INVALID", "root-not-anchored"));
        vector("wrong-batch-id", "The batch id changed: the state proof disagrees",
                with(proof(a4, deep), p -> p.put("batchId", 3)), null, "chain", trustMain,
                expect("INVALID", "state-proof-invalid"));
        vector("wrong-batch-id-without-state-proof", "The batch id changed, no state proof: the registry disagrees",
                with(without(proof(a4, deep), "blockHeader", "anchorProof", "consensus"), p -> p.put("batchId", 3)),
                null, "chain", trustMain, expect("INVALID", "anchor-mismatch"));
        vector("wrong-block-number", "The block number changed: the header disagrees",
                with(proof(a4, deep), p -> p.put("blockNumber", a4.blockNumber - 1)), null, "chain", trustMain,
                expect("INVALID", "header-mismatch"));
        vector("wrong-block-number-without-header", "The block number changed, no header: the registry disagrees",
                with(without(proof(a4, deep), "blockHeader", "anchorProof", "consensus"),
                        p -> p.put("blockNumber", a4.blockNumber - 1)), null, "chain", trustMain,
                expect("INVALID", "anchor-mismatch"));
        vector("wrong-block-hash", "The block hash changed: the header disagrees",
                with(proof(a4, deep), p -> p.put("blockHash", flipHex(a4.blockHash))), null, "chain", trustMain,
                expect("INVALID", "header-mismatch"));
        vector("wrong-block-hash-without-header", "The block hash changed, no header: the node's block disagrees",
                with(without(proof(a4, deep), "blockHeader", "anchorProof", "consensus"),
                        p -> p.put("blockHash", flipHex(a4.blockHash))), null, "chain", trustMain,
                expect("INVALID", "block-mismatch"));
        vector("wrong-block-time-without-header", "The block time changed, no header: the registry's anchor record "
                + "disagrees", with(without(proof(a4, deep), "blockHeader", "anchorProof", "consensus"),
                        p -> p.put("blockTime", instant(a4.blockTime + 1))), null, "chain", trustMain,
                expect("INVALID", "anchor-mismatch"));
        vector("wrong-transaction", "The hash of another anchoring transaction",
                with(proof(a4, deep), p -> p.put("txHash", a3.txHash)), null, "chain", trustMain,
                expect("INVALID", "transaction-mismatch"));
        vector("unknown-transaction", "A transaction hash the chain does not know",
                with(proof(a4, deep), p -> p.put("txHash", flipHex(a4.txHash))), null, "chain", trustMain,
                expect("INVALID", "transaction-mismatch"));

        // ---- network ------------------------------------------------------------------------------------------
        vector("wrong-chain-id", "The proof names another chain than the node's", with(proof(a1, b1),
                p -> p.put("chainId", 999)), null, "chain", trustMain, expect("UNDETERMINED", "wrong-network"));
        vector("chain-unreachable", "The node refuses connections: UNDETERMINED, never INVALID", proof(a1, b1), null,
                UNREACHABLE, trustMain, expect("UNDETERMINED", "chain-unreachable", "inclusion", null, "network",
                        "chain-unreachable"));
        vector("offline-without-seals", "No node, and a network without BFT seals: offline checks only",
                proof(a1, b1), b1, "none", trustMain, expect("UNDETERMINED", "offline", "seals", "no-seals",
                        "state-proof", "anchor-proven", "network", "no-node"));
        vector("unsupported-version", "A version this verifier does not know", with(proof(a1, b1),
                p -> p.put("version", 3)), null, "chain", trustMain, expect("UNDETERMINED", "unsupported-version"));

        // ---- revocation --------------------------------------------------------------------------------------
        List<String> reasonNames = List.of("superseded", "issued-in-error", "withdrawn", "fraud", "other");
        for (int i = 0; i < revoked.size(); i++) {
            vector("revoked-" + reasonNames.get(i), "Revoked by its department (" + reasonNames.get(i)
                    + "), after this proof was served", proof(a4, revoked.get(i)), null, "chain", trustMain,
                    withRevocation(expect("REVOKED", "revoked", "revocation", "revoked"), null));
        }
        ObjectNode replacedRevocation = revocation("superseded", revokedAt, revokedBlock, replacement);
        vector("revoked-with-replacement", "Revoked and replaced; the proof states the registry's record",
                revokedProof(proof(a4, replaced), replacedRevocation), null, "chain", trustMain,
                withRevocation(expect("REVOKED", "revoked"), null));
        vector("revocation-claim-wrong-reason", "The proof claims another reason than the registry's",
                revokedProof(proof(a4, revoked.get(0)), revocation("fraud", revokedAt, revokedBlock, null)), null,
                "chain", trustMain, expect("INVALID", "revocation-mismatch"));
        vector("revocation-claim-not-revoked", "The proof claims a revocation the registry does not record",
                revokedProof(proof(a1, b1), revocation("withdrawn", revokedAt, revokedBlock, null)), null, "chain",
                trustMain, expect("INVALID", "revocation-mismatch"));
        vector("revocation-claim-wrong-replacement", "The replacement's digest does not give the recorded leaf",
                revokedProof(proof(a4, replaced), with(replacedRevocation.deepCopy(),
                        r -> ((ObjectNode) r.get("replacement")).put("digest", deep.digest.toHex()))), null, "chain",
                trustMain, expect("INVALID", "revocation-mismatch"));

        // ---- pending -----------------------------------------------------------------------------------------
        vector("pending", "Registered, not anchored yet", pendingProof(pending), null, "chain", trustMain,
                expect("PENDING", "pending", "issuer", "issuer-confirmed", "revocation", "not-revoked")
                        .set("issuer", issuerExpect("CIVIL", true, null, null, null)));
        vector("pending-offline", "Registered, not anchored yet; no node", pendingProof(pending), null, "none",
                trustMain, expect("PENDING", "pending"));
        vector("pending-revoked", "Registered, then revoked before its batch was anchored",
                pendingProof(pendingRevoked), null, "chain", trustMain,
                withRevocation(expect("REVOKED", "revoked", "issuer", "issuer-confirmed"), null));
        vector("pending-tampered-leaf", "A pending document whose leaf does not match",
                with(pendingProof(pending), p -> p.put("leaf", flipHex(pending.leaf.toHex()))), null, "chain",
                trustMain, expect("INVALID", "leaf-mismatch"));

        // ---- department signatures ---------------------------------------------------------------------------
        vector("signed-ecdsa-p256", "Signed with ECDSA P-256; no key list: the key is not tied to the department",
                proof(a4, signedA), null, "chain", trustMain, tied(expect("VALID", "valid", "signature", "untied",
                        "issuer", "issuer-confirmed").set("issuer", issuerExpect("SIGNED", true, signedP256,
                        null, null)), true));
        vector("signed-ed25519", "Signed with Ed25519; no key list; the issuer registry ties the key",
                proof(a4, signedB), null, "chain", trustMain, tied(expect("VALID", "valid", "signature", "untied",
                        "issuer", "issuer-confirmed").set("issuer", issuerExpect("SIGNED", true, signedEd25519, null,
                        null)), true));
        vector("signed-sm2", "Signed with SM2 over an SM3 digest; no key list; the issuer registry ties the key",
                proof(a4, signedC), null, "chain", trustMain, tied(expect("VALID", "valid", "signature", "untied",
                        "issuer", "issuer-confirmed").set("issuer", issuerExpect("SIGNED", true, signedSm2, null,
                        null)), true));
        ObjectNode keysTrust = trust(t -> {
            t.put("registry", mainRegistry);
            t.putObject("departmentKeys").putArray("KEYS").add(keysKey.fingerprint);
        });
        vector("signed-tied", "Signed with a key the department's key list holds", proof(a4, tied), null, "chain",
                keysTrust, expect("VALID", "valid", "signature", "tied"));
        ObjectNode forgedTrust = trust(t -> {
            t.put("registry", mainRegistry);
            t.putObject("departmentKeys").putArray("FORGED").add(forgedRegistered.fingerprint);
        });
        vector("signed-with-unregistered-key", "Signed with a key the department never registered",
                proof(a4, forged), null, "chain", forgedTrust, expect("INVALID", "signature-key-unregistered"));
        Doc strangerSigned = doc("CIVIL", b1.algorithm, new String(b1.content, StandardCharsets.UTF_8), stranger);
        ObjectNode added = with(proof(a1, b1), p -> p.set("signature", signature(strangerSigned.signature.get())));
        vector("signature-added-by-stranger", "A genuine unsigned proof with a signature block added by anyone, no "
                + "key list: the issuer registry has no such key for the department, and the key is never presented "
                + "as the department's", added, null, "chain", trustMain, tied(expect("INVALID",
                        "signature-key-unregistered", "signature", "untied", "issuer", "signature-key-unregistered")
                        .set("issuer", issuerExpect("CIVIL", true, null, null, null)), false));
        ObjectNode civilTrust = trust(t -> {
            t.put("registry", mainRegistry);
            t.putObject("departmentKeys").putArray("CIVIL");
        });
        vector("signature-added-by-stranger-with-key-list", "The same, checked with the department's key list",
                added, null, "chain", civilTrust, expect("INVALID", "signature-key-unregistered"));
        vector("signature-value-changed", "One byte of the signature value changed",
                with(proof(a4, signedA), p -> ((ObjectNode) p.get("signature")).put("value",
                        flipBase64(signedA.signature.get().value))), null, "chain", trustMain,
                expect("INVALID", "signature-invalid"));
        vector("signature-key-swapped", "The signature presented under another key (with that key's fingerprint)",
                with(proof(a4, signedA), p -> ((ObjectNode) p.get("signature"))
                        .put("publicKey", stranger.pem).put("publicKeyFingerprint", stranger.fingerprint)), null,
                "chain", trustMain, expect("INVALID", "signature-invalid"));
        vector("signed-key-compressed", "The P-256 key written with a compressed point: the same key, so the same "
                + "fingerprint (taken over the canonical, uncompressed encoding)", with(proof(a4, signedA),
                        p -> ((ObjectNode) p.get("signature")).put("publicKey", recoded(signedP256.pem,
                                "3059301306072a8648ce3d020106082a8648ce3d030107034200", true))), null, "chain", trustMain,
                expect("VALID", "valid", "signature", "untied"));
        vector("signed-key-id-sm2-algorithm", "The SM2 key under the algorithm id-sm2 instead of id-ecPublicKey with "
                + "the curve sm2p256v1: refused, as the issuer registry refuses it", with(proof(a4, signedC),
                        p -> ((ObjectNode) p.get("signature")).put("publicKey", recoded(signedSm2.pem,
                                "3059301306072a811ccf5501822d06082a811ccf5501822d034200", false))), null, "chain",
                trustMain, expect("INVALID", "signature-key-mismatch"));
        vector("signature-fingerprint-mismatch", "The key's fingerprint is not the one stated",
                with(proof(a4, signedA), p -> ((ObjectNode) p.get("signature")).put("publicKeyFingerprint",
                        stranger.fingerprint)), null, "chain", trustMain, expect("INVALID", "signature-key-mismatch"));

        // ---- the issuer registry (check 15) and who revoked (check 16) --------------------------------------
        vector("issuer-signed-with-registered-key", "Signed with a key the issuer registry holds valid for the "
                + "department at the anchoring time: the key is the department's", proof(a4, demoSigned), null,
                "chain", trustMain, tied(expect("VALID", "valid", "signature", "untied", "issuer", "issuer-confirmed")
                        .set("issuer", issuerExpect("DEMO", true, demoKey, null, null)), true));
        ObjectNode freshlySigned = with(proof(a4, demoPlain), p -> p.set("signature", signature(doc("DEMO",
                demoPlain.algorithm, new String(demoPlain.content, StandardCharsets.UTF_8), fresh).signature.get())));
        vector("issuer-forged-signature-fresh-key", "A real anchored proof plus a signature block made with a freshly "
                + "generated P-256 key over the submission message, no key list: the signature verifies, but the "
                + "issuer registry never registered the key for DEMO", freshlySigned, null, "chain", trustMain,
                tied(expect("INVALID", "signature-key-unregistered", "signature", "untied", "issuer",
                        "signature-key-unregistered").set("issuer", issuerExpect("DEMO", true, null, null, null)),
                        false));
        vector("issuer-key-compromised-before-anchoring", "Signed with a key revoked as compromised from a time "
                + "before the anchoring", proof(a4, demoEarly), null, "chain", trustMain, tied(expect("INVALID",
                        "signature-key-revoked", "issuer", "signature-key-revoked").set("issuer", issuerExpect("DEMO",
                        true, demoCompromisedEarly, registeredAt, "compromised")), false));
        vector("issuer-key-compromised-after-anchoring", "Signed with a key revoked as compromised only from after "
                + "the anchoring: the key counted when the document was anchored", proof(a4, demoLate), null, "chain",
                trustMain, tied(expect("VALID", "valid", "issuer", "issuer-confirmed").set("issuer",
                        issuerExpect("DEMO", true, demoCompromisedLate, a4.blockTime + 1, "compromised")), true));
        vector("issuer-key-valid-only-after-anchoring", "Signed with a key registered to be valid only from a time "
                + "after the anchoring", proof(a4, demoTooEarly), null, "chain", trustMain, tied(expect("INVALID",
                        "signature-key-unregistered", "issuer", "signature-key-unregistered").set("issuer",
                        issuerExpect("DEMO", true, demoFuture, null, null)), false));
        vector("issuer-department-suspended-before-anchoring", "The department was suspended from a time before the "
                + "anchoring", proof(a4, suspendedBefore), null, "chain", trustMain, expect("INVALID",
                        "department-suspended", "issuer", "department-suspended").set("issuer",
                        issuerExpect("SUSPENDED", false, null, null, null)));
        vector("issuer-department-suspended-after-anchoring", "The department was suspended only from after the "
                + "anchoring: active at the anchoring time", proof(a4, suspendedAfter), null, "chain", trustMain,
                expect("VALID", "valid", "issuer", "issuer-confirmed").set("issuer", issuerExpect("PAUSED", true,
                        null, null, null)));
        vector("issuer-department-unknown", "Anchored in the registry, for a department code the issuer registry "
                + "never registered", proof(a4, ghost), null, "chain", trustMain, expect("INVALID",
                        "department-unknown", "issuer", "department-unknown").set("issuer", issuerExpect("GHOST",
                        false, null, null, null)));
        vector("issuer-pending-department-suspended", "Registered, not anchored yet, by a department suspended now",
                pendingProof(pendingSuspended), null, "chain", trustMain, expect("INVALID", "department-suspended",
                        "network", "chain-id-matches", "issuer", "department-suspended").set("issuer",
                        issuerExpect("SUSPENDED", false, null, null, null)));
        vector("revoked-signed-by-department", "Revoked on a request the department signed with its registered key",
                proof(a4, demoRevokedSigned), null, "chain", trustMain, withRevocation(expect("REVOKED", "revoked",
                        "issuer", "issuer-confirmed", "revocation", "revoked"), demoKey));
        vector("revoked-signature-not-holding", "Revoked on a request recorded as signed by the department's key, "
                + "but the logged signature is over another reason: REVOKED all the same, not signed",
                proof(a4, demoRevokedBadSignature), null, "chain", trustMain, withRevocation(expect("REVOKED",
                        "revoked", "revocation", "revoked"), null));
        ObjectNode trustOther = trust(t -> t.put("registry", otherRegistry));
        vector("valid-no-issuer-registry", "Anchored in a registry that names no issuer registry: the issuer is not "
                + "checked on chain", proof(o1, otherPlain), null, "chain", trustOther, expect("VALID", "valid",
                        "issuer", "no-issuer-registry").set("issuer", NODES.nullNode()));
        vector("signed-untied-no-issuer-registry", "Signed, in a registry that names no issuer registry, no key list: "
                + "valid, and the key is not tied to the department", proof(o1, otherSigned), null, "chain",
                trustOther, tied(expect("VALID", "valid", "signature", "untied", "issuer", "no-issuer-registry")
                        .set("issuer", NODES.nullNode()), false));

        // ---- BFT: offline finality ---------------------------------------------------------------------------
        List<ECKeyPair> validators = validatorKeys(1);
        List<ECKeyPair> strangers = validatorKeys(5);
        ObjectNode validatorSet = validatorSet("ibft2", validators);
        ObjectNode bftTrust = trust(t -> {
            t.put("registry", mainRegistry);
            t.set("validators", validatorSet);
        });
        vector("bft-ibft2-final-offline", "IBFT 2.0 header sealed by 3 of 4 trusted validators, state proof: "
                + "anchoring proven offline, revocation unknown", bftProof(a4, deep, BftConsensus.IBFT2, validators,
                validators.subList(0, 3), a4.header), null, "none", bftTrust, expect("UNDETERMINED",
                "revocation-unchecked", "header", "header-matches", "seals", "quorum", "state-proof", "anchor-proven",
                "network", "no-node"));
        ObjectNode qbftTrust = trust(t -> {
            t.put("registry", mainRegistry);
            t.set("validators", validatorSet("qbft", validators));
        });
        vector("bft-qbft-final-offline", "QBFT header sealed by 3 of 4 trusted validators, state proof",
                bftProof(a4, deep, BftConsensus.QBFT, validators, validators.subList(1, 4), a4.header), null, "none",
                qbftTrust, expect("UNDETERMINED", "revocation-unchecked", "seals", "quorum", "state-proof",
                        "anchor-proven"));
        vector("bft-ibft2-final-node-unreachable", "The same with a node that refuses connections",
                bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3), a4.header), null,
                UNREACHABLE, bftTrust, expect("UNDETERMINED", "revocation-unchecked", "network",
                        "chain-unreachable"));
        vector("bft-two-of-four-seals", "Sealed by 2 of 4 validators: below the quorum of 3",
                bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 2), a4.header), null, "none",
                bftTrust, expect("INVALID", "seals-insufficient"));
        vector("bft-repeated-signer", "Three seals, two by the same validator: 2 distinct signers",
                bftProof(a4, deep, BftConsensus.IBFT2, validators, List.of(validators.get(0), validators.get(1),
                        validators.get(0)), a4.header), null, "none", bftTrust, expect("INVALID", "seals-insufficient"));
        ObjectNode flippedSeal = bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3), a4.header);
        BlockHeader sealed = BlockHeader.fromRlp(Numeric.hexStringToByteArray(flippedSeal.get("blockHeader").asText()));
        BftExtraData extra = BftExtraData.decodeIbft2(sealed.extraData());
        List<byte[]> seals = new ArrayList<>(extra.seals());
        seals.get(1)[7] ^= 0x01;
        BlockHeader broken = sealed.withExtraData(BftExtraData.encodeIbft2(new BftExtraData(extra.vanity(),
                extra.validators(), extra.vote(), extra.round(), seals)));
        flippedSeal.put("blockHeader", Numeric.toHexString(broken.encode()));
        vector("bft-flipped-seal-byte", "One byte of one of three seals flipped: that seal no longer counts",
                flippedSeal, null, "none", bftTrust, expect("INVALID", "seals-insufficient"));
        vector("bft-untrusted-validators", "Sealed by 3 of 4 validators the verifier does not trust",
                bftProof(a4, deep, BftConsensus.IBFT2, strangers, strangers.subList(0, 3), a4.header), null, "none",
                bftTrust, expect("INVALID", "seals-insufficient"));
        ObjectNode otherBlock = bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3), a4.header);
        otherBlock.put("blockHeader", bftProof(a3, batch3.get(0), BftConsensus.IBFT2, validators,
                validators.subList(0, 3), a3.header).get("blockHeader").asText());
        vector("bft-header-of-another-block", "A genuine sealed header, but of the block before", otherBlock, null,
                "none", bftTrust, expect("INVALID", "header-mismatch"));
        ObjectNode flippedHeader = bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3),
                a4.header);
        List<byte[]> fields = new ArrayList<>(BlockHeader.fromRlp(Numeric.hexStringToByteArray(
                flippedHeader.get("blockHeader").asText())).fields());
        fields.get(3)[0] ^= 0x01;
        flippedHeader.put("blockHeader", Numeric.toHexString(new BlockHeader(fields).encode()));
        vector("bft-header-flipped-byte", "One byte of the sealed header's state root flipped", flippedHeader, null,
                "none", bftTrust, expect("INVALID", "header-mismatch"));
        vector("bft-no-trusted-validators", "A sealed header, but no validator set to check the seals against",
                bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3), a4.header), null, "none",
                trustMain, expect("UNDETERMINED", "offline", "seals", "no-trusted-validators"));
        vector("bft-declares-no-consensus", "An unsealed header that declares consensus none, checked by a verifier "
                + "that trusts an IBFT 2.0 network", proof(a4, deep), null, "none", bftTrust,
                expect("INVALID", "header-mismatch"));
        ObjectNode tamperedState = bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3),
                a4.header);
        ArrayNode storage = (ArrayNode) tamperedState.get("anchorProof").get("storageProof");
        storage.set(storage.size() - 1, NODES.textNode(flipHex(storage.get(storage.size() - 1).asText())));
        vector("bft-state-proof-tampered", "One hex digit of the storage proof's last node changed", tamperedState,
                null, "none", bftTrust, expect("INVALID", "state-proof-invalid"));
        ObjectNode foreignState = bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3),
                a4.header);
        foreignState.set("anchorProof", a3.anchorProof.deepCopy());
        vector("bft-state-proof-of-another-block", "The state proof of another block's anchor", foreignState, null,
                "none", bftTrust, expect("INVALID", "state-proof-invalid"));
        vector("bft-without-state-proof", "A final header but no state proof: the anchor is not proven offline",
                without(bftProof(a4, deep, BftConsensus.IBFT2, validators, validators.subList(0, 3), a4.header),
                        "anchorProof"), null, "none", bftTrust, expect("UNDETERMINED", "offline", "seals", "quorum",
                        "state-proof", "no-state-proof"));

        malformedVectors(proof(a1, b1), pendingProof(pending));

        ObjectNode root = NODES.objectNode();
        root.put("description", "Proof vectors of the anchor gateway: docs/vectors/README.md. Generated by "
                + "org.docanchor.verifier.vectors.VectorGenerator; do not edit. expect: result, code, checks (name to "
                + "code) and, where listed, issuer (the answer's issuer object exactly; null: none), revocation "
                + "(signed, signedBy) and signature (tiedToDepartment).");
        ObjectNode chainNode = root.putObject("chain");
        chainNode.put("chainId", CHAIN_ID);
        ArrayNode args = chainNode.putArray("anvilArgs");
        ANVIL_ARGS.forEach(args::add);
        ArrayNode blockArray = chainNode.putArray("blocks");
        blocks.forEach(blockArray::add);
        chainNode.putObject("registries").put("main", mainRegistry).put("other", otherRegistry)
                .put("issuer", issuerRegistry);
        root.set("validators", validatorSet);
        ObjectNode keys = root.putObject("departmentKeys");
        keys.putObject("KEYS").put(keysKey.fingerprint, keysKey.pem);
        keys.putObject("FORGED").put(forgedRegistered.fingerprint, forgedRegistered.pem);
        keys.putObject("CIVIL");
        root.set("vectors", vectors);
        root.set("malformed", malformed);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(
                new DefaultIndenter("  ", "\n"));
        return JSON.enable(SerializationFeature.INDENT_OUTPUT).writer(printer).writeValueAsString(root) + "\n";
    }

    private void malformedVectors(ObjectNode anchored, ObjectNode pending) {
        bad("not-an-object", "A JSON array instead of an object", NODES.arrayNode().add(anchored), "");
        bad("version-as-string", "\"2\" is not the integer 2", with(anchored.deepCopy(), p -> p.put("version", "2")),
                "/version");
        bad("version-zero", "Versions start at 1", with(anchored.deepCopy(), p -> p.put("version", 0)), "/version");
        bad("version-beyond-safe-integers", "2^53: not an integer every verifier reads exactly",
                with(anchored.deepCopy(), p -> p.put("version", 9_007_199_254_740_992L)), "/version");
        bad("block-number-fraction", "A block number with a fraction", with(anchored.deepCopy(),
                p -> p.put("blockNumber", 273.5)), "/blockNumber");
        bad("batch-id-as-string", "A batch id as a string", with(anchored.deepCopy(), p -> p.put("batchId", "1")),
                "/batchId");
        bad("unknown-field", "A field version 2 does not have", with(anchored.deepCopy(),
                p -> p.put("departmentName", "Civil Affairs Bureau")), "/departmentName");
        bad("upper-case-digest", "Hashes are lower-case hex", with(anchored.deepCopy(),
                p -> p.put("digest", p.get("digest").asText().toUpperCase().replace("0X", "0x"))), "/digest");
        bad("missing-leaf", "The leaf is required", without(anchored.deepCopy(), "leaf"), "/leaf");
        bad("missing-root", "An anchored proof needs its root", without(anchored.deepCopy(), "root"), "/root");
        bad("path-too-long", "More than 64 path elements", with(anchored.deepCopy(), p -> {
            ArrayNode path = p.putArray("path");
            for (int i = 0; i < 65; i++) {
                path.add("0x" + "11".repeat(32));
            }
        }), "/path");
        bad("pending-with-path", "A pending proof has no path yet", with(pending.deepCopy(),
                p -> p.putArray("path")), "/path");
        bad("revoked-without-revocation", "status REVOKED needs the revocation record", with(anchored.deepCopy(),
                p -> p.put("status", "REVOKED")), "/revocation");
        bad("anchored-with-revocation", "A revocation record needs status REVOKED", with(anchored.deepCopy(),
                p -> p.set("revocation", revocation("other", instant(T0), 1, null))), "/revocation");
        bad("signature-not-base64", "A signature value that is not base64", with(anchored.deepCopy(),
                p -> p.putObject("signature").put("algorithm", "ed25519").put("publicKeyFingerprint", "sha256:"
                        + "00".repeat(32)).put("publicKey", "x").put("value", "not base64!")), "/signature/value");
        bad("block-time-with-fraction", "Block times are whole seconds", with(anchored.deepCopy(),
                p -> p.put("blockTime", p.get("blockTime").asText().replace("Z", ".5Z"))), "/blockTime");
        bad("department-lower-case", "Department codes are upper-case", with(anchored.deepCopy(),
                p -> p.put("department", "civil")), "/department");
        bad("registry-too-short", "An address is 40 hex digits", with(anchored.deepCopy(),
                p -> p.put("registry", "0x1234")), "/registry");
        bad("header-odd-hex", "Hex bytes come in pairs", with(anchored.deepCopy(),
                p -> p.put("blockHeader", p.get("blockHeader").asText() + "0")), "/blockHeader");
        bad("state-proof-without-header", "A state proof needs the header it is checked against",
                without(anchored.deepCopy(), "blockHeader"), "/blockHeader");
        bad("version-1-with-version-2-field", "A version 1 document cannot carry consensus",
                with(anchored.deepCopy(), p -> {
                    p.put("version", 1);
                    p.remove(List.of("blockHeader", "anchorProof"));
                }), "/consensus");
        bad("unknown-consensus", "Consensus is ibft2, qbft or none", with(anchored.deepCopy(),
                p -> p.put("consensus", "clique")), "/consensus");
    }

    // -----------------------------------------------------------------------------------------------------------
    // Proof documents

    private ObjectNode proof(Batch batch, Doc d) {
        ObjectNode p = NODES.objectNode();
        p.put("version", 2);
        p.put("status", "ANCHORED");
        p.put("digest", d.digest.toHex());
        p.put("algorithm", d.algorithm.id());
        p.put("department", d.department);
        ArrayNode encoding = p.putArray("leafEncoding");
        LeafEncoding.TYPES.forEach(encoding::add);
        p.put("leaf", d.leaf.toHex());
        ArrayNode path = p.putArray("path");
        batch.tree.proof(batch.index(d)).forEach(h -> path.add(h.toHex()));
        p.put("root", batch.tree.root().toHex());
        p.put("batchId", batch.id);
        p.put("chainId", CHAIN_ID);
        p.put("registry", batch.registry);
        p.put("txHash", batch.txHash);
        p.put("blockNumber", batch.blockNumber);
        p.put("blockHash", batch.blockHash);
        p.put("blockTime", instant(batch.blockTime));
        p.put("consensus", "none");
        p.put("blockHeader", Numeric.toHexString(batch.header.encode()));
        p.set("anchorProof", batch.anchorProof.deepCopy());
        d.signature.ifPresent(s -> p.set("signature", signature(s)));
        return p;
    }

    private static ObjectNode signature(SignedBy s) {
        ObjectNode node = NODES.objectNode();
        node.put("algorithm", s.keyAlgorithm);
        node.put("publicKeyFingerprint", s.fingerprint);
        node.put("publicKey", s.pem);
        node.put("value", s.value);
        return node;
    }

    /** The proof the gateway served before format version 2. */
    private ObjectNode versionOne(Batch batch, Doc d) {
        ObjectNode p = without(proof(batch, d), "consensus", "blockHeader", "anchorProof");
        ObjectNode v1 = NODES.objectNode();
        v1.put("version", 1);
        v1.put("status", "ANCHORED");
        v1.set("digest", p.get("digest"));
        v1.set("algorithm", p.get("algorithm"));
        v1.set("department", p.get("department"));
        v1.put("departmentName", "Civil Affairs Bureau");
        v1.put("receivedAt", instant(batch.blockTime - 1).replace("Z", ".250000Z"));
        p.fields().forEachRemaining(e -> {
            if (!v1.has(e.getKey())) {
                v1.set(e.getKey(), e.getValue());
            }
        });
        return v1;
    }

    /** A proof shaped like one of {@code like}'s, for a tree of {@code docs} that was never anchored. */
    private ObjectNode unanchoredProof(Batch like, List<Doc> docs) {
        StandardMerkleTree tree = StandardMerkleTree.of(docs.stream().map(Doc::leaf).toList());
        ObjectNode p = without(proof(like, like.docs.get(0)), "consensus", "blockHeader", "anchorProof", "txHash",
                "signature");
        p.put("digest", docs.get(0).digest.toHex());
        p.put("algorithm", docs.get(0).algorithm.id());
        p.put("department", docs.get(0).department);
        p.put("leaf", docs.get(0).leaf.toHex());
        ArrayNode path = p.putArray("path");
        tree.proof(tree.sortedLeaves().indexOf(docs.get(0).leaf)).forEach(h -> path.add(h.toHex()));
        p.put("root", tree.root().toHex());
        p.put("batchId", 5);
        return p;
    }

    private ObjectNode pendingProof(Doc d) {
        ObjectNode p = NODES.objectNode();
        p.put("version", 2);
        p.put("status", "PENDING");
        p.put("digest", d.digest.toHex());
        p.put("algorithm", d.algorithm.id());
        p.put("department", d.department);
        p.put("leaf", d.leaf.toHex());
        p.put("receivedAt", instant(T0 + 20).replace("Z", ".123456Z"));
        p.put("expectedAnchoringBy", instant(T0 + 22).replace("Z", ".123456Z"));
        p.put("chainId", CHAIN_ID);
        p.put("registry", mainRegistry);
        return p;
    }

    private static ObjectNode revocation(String reason, String revokedAt, long block, Doc replacement) {
        ObjectNode r = NODES.objectNode();
        r.put("reason", reason);
        r.put("revokedAt", revokedAt);
        r.put("blockNumber", block);
        if (replacement != null) {
            r.put("replacementLeaf", replacement.leaf.toHex());
            r.putObject("replacement").put("digest", replacement.digest.toHex())
                    .put("algorithm", replacement.algorithm.id());
        }
        return r;
    }

    private static ObjectNode revokedProof(ObjectNode proof, ObjectNode revocation) {
        proof.put("status", "REVOKED");
        proof.set("revocation", revocation);
        return proof;
    }

    /** The proof with its header replaced by a BFT-sealed copy (IBFT 2.0 or QBFT extraData, seals by signers). */
    private ObjectNode bftProof(Batch batch, Doc d, BftConsensus consensus, List<ECKeyPair> set,
            List<ECKeyPair> signers, BlockHeader anvilHeader) {
        List<String> addresses = set.stream().map(k -> "0x" + org.web3j.crypto.Keys.getAddress(k)).sorted().toList();
        BftExtraData unsealed = new BftExtraData(new byte[32], addresses, Optional.empty(), 0, List.of());
        BlockHeader header = anvilHeader.withExtraData(unsealed.encode(consensus));
        byte[] digest = BftBlockHashing.sealDigest(header, consensus);
        List<byte[]> seals = new ArrayList<>();
        for (ECKeyPair signer : signers) {
            Sign.SignatureData s = Sign.signMessage(digest, signer, false);
            byte[] seal = new byte[65];
            System.arraycopy(s.getR(), 0, seal, 0, 32);
            System.arraycopy(s.getS(), 0, seal, 32, 32);
            seal[64] = (byte) (s.getV()[0] - 27);
            seals.add(seal);
        }
        BlockHeader sealedHeader = header.withExtraData(new BftExtraData(new byte[32], addresses, Optional.empty(),
                0, seals).encode(consensus));
        ObjectNode p = proof(batch, d);
        p.put("blockHash", Numeric.toHexString(BftBlockHashing.blockHash(sealedHeader, consensus)));
        p.put("consensus", consensus == BftConsensus.IBFT2 ? "ibft2" : "qbft");
        p.put("blockHeader", Numeric.toHexString(sealedHeader.encode()));
        return p;
    }

    static List<ECKeyPair> validatorKeys(int first) {
        List<ECKeyPair> keys = new ArrayList<>();
        for (int i = first; i < first + 4; i++) {
            keys.add(ECKeyPair.create(Keccak.hash(("anchor-gateway vectors validator " + i)
                    .getBytes(StandardCharsets.UTF_8))));
        }
        keys.sort(Comparator.comparing(k -> org.web3j.crypto.Keys.getAddress(k)));
        return keys;
    }

    private static ObjectNode validatorSet(String consensus, List<ECKeyPair> keys) {
        ObjectNode set = NODES.objectNode();
        set.put("consensus", consensus);
        ArrayNode list = set.putArray("validators");
        keys.stream().map(k -> "0x" + org.web3j.crypto.Keys.getAddress(k)).sorted().forEach(list::add);
        return set;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Vector entries

    private void vector(String id, String desc, JsonNode proof, Doc document, String network, ObjectNode trust,
            ObjectNode expect) {
        for (JsonNode v : vectors) {
            if (v.get("id").asText().equals(id)) {
                throw new IllegalStateException("duplicate vector id " + id);
            }
        }
        ObjectNode v = vectors.addObject();
        v.put("id", id);
        v.put("desc", desc);
        v.set("proof", proof);
        if (document != null) {
            v.put("document", Base64.getEncoder().encodeToString(document.content));
        }
        v.put("network", network);
        v.set("trust", trust);
        // Every verdict reached past check 15 on the main registry, which names the issuer registry, passed it.
        String result = expect.get("result").asText();
        if (network.equals("chain") && mainRegistry.equals(proof.path("registry").asText())
                && List.of("VALID", "REVOKED", "PENDING").contains(result)
                && !expect.path("checks").has("issuer")) {
            (expect.has("checks") ? (ObjectNode) expect.get("checks") : expect.putObject("checks"))
                    .put("issuer", "issuer-confirmed");
        }
        v.set("expect", expect);
    }

    /** The answer's {@code issuer} object (docs/verification.md) as the issuer registry of this chain records it. */
    private ObjectNode issuerExpect(String code, boolean active, SigningKey key, Long revokedAt, String reason) {
        ObjectNode issuer = NODES.objectNode();
        issuer.put("registry", issuerRegistry);
        ObjectNode department = issuer.putObject("department");
        department.put("code", code);
        String[] names = DEPARTMENTS.get(code);
        if (names != null) {
            department.put("nameZh", names[0]);
            department.put("nameEn", names[1]);
            department.put("registeredAt", instant(registeredAt));
        }
        department.put("active", active);
        if (key != null) {
            ObjectNode k = issuer.putObject("key");
            k.put("fingerprint", key.fingerprint);
            k.put("algorithm", key.algorithm);
            k.put("validFrom", instant(keyValidFrom.get(key.fingerprint)));
            if (revokedAt != null) {
                k.put("revokedAt", instant(revokedAt));
                k.put("revocationReason", reason);
            }
        }
        return issuer;
    }

    /** {@code expect.revocation}: signed by {@code key}, or (null) not signed. */
    private static ObjectNode withRevocation(ObjectNode expect, SigningKey key) {
        ObjectNode r = expect.putObject("revocation");
        r.put("signed", key != null);
        if (key != null) {
            r.put("signedBy", key.fingerprint);
        }
        return expect;
    }

    /** {@code expect.signature.tiedToDepartment}. */
    private static ObjectNode tied(ObjectNode expect, boolean tied) {
        expect.putObject("signature").put("tiedToDepartment", tied);
        return expect;
    }

    private void bad(String id, String desc, JsonNode proof, String pointer) {
        ObjectNode v = malformed.addObject();
        v.put("id", id);
        v.put("desc", desc);
        v.set("proof", proof);
        v.putObject("expect").put("pointer", pointer);
    }

    /** Expected result, code, then pairs of check name and check code (a null code: just listed). */
    private static ObjectNode expect(String result, String code, String... checks) {
        ObjectNode e = NODES.objectNode();
        e.put("result", result);
        e.put("code", code);
        if (checks.length > 0) {
            ObjectNode c = e.putObject("checks");
            for (int i = 0; i < checks.length; i += 2) {
                if (checks[i + 1] != null) {
                    c.put(checks[i], checks[i + 1]);
                }
            }
        }
        return e;
    }

    private static ObjectNode trust(Consumer<ObjectNode> fill) {
        ObjectNode t = NODES.objectNode();
        fill.accept(t);
        return t;
    }

    private static ObjectNode with(ObjectNode node, Consumer<ObjectNode> change) {
        change.accept(node);
        return node;
    }

    private static ObjectNode without(ObjectNode node, String... fields) {
        for (String field : fields) {
            node.remove(field);
        }
        return node;
    }

    /**
     * The same EC public key in another SubjectPublicKeyInfo encoding: the canonical 91-byte DER's algorithm part
     * replaced by {@code prefixHex} (which includes the BIT STRING header), the point compressed or not.
     */
    static String recoded(String pem, String prefixHex, boolean compress) {
        byte[] canonical = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        byte[] point = java.util.Arrays.copyOfRange(canonical, canonical.length - 65, canonical.length);
        byte[] key = point;
        String prefix = prefixHex;
        if (compress) {
            key = new byte[33];
            key[0] = (byte) ((point[64] & 1) == 0 ? 0x02 : 0x03);
            System.arraycopy(point, 1, key, 1, 32);
            // The same AlgorithmIdentifier, a shorter BIT STRING and outer SEQUENCE.
            prefix = "3039" + prefixHex.substring(4, prefixHex.length() - 6) + "032200";
        }
        byte[] spki = org.bouncycastle.util.Arrays.concatenate(HEX.parseHex(prefix), key);
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String instant(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    /** Changes the last hex digit, so the value stays well-formed. */
    static String flipHex(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    static String flipBase64(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length / 2] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] concat(byte[] content, String suffix) {
        byte[] extra = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[content.length + extra.length];
        System.arraycopy(content, 0, out, 0, content.length);
        System.arraycopy(extra, 0, out, content.length, extra.length);
        return out;
    }

    private static Hash32 zero() {
        return new Hash32(new byte[32]);
    }
}
