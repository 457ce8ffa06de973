package org.docanchor.verifier.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.TrustedValidators;
import org.docanchor.verifier.bft.BftBlockHashing;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.bft.BftExtraData;
import org.docanchor.verifier.bft.BlockHeader;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Keccak;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.verifier.testing.AnvilRegistry.Doc;
import org.docanchor.verifier.trie.ReferenceTrie;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A whole anchoring built in memory, consistent in every part, for verifier tests that must not need a node: three
 * documents of department DEMO, their tree, a state trie (built with the test's {@link ReferenceTrie}) whose
 * registry account holds {@code anchors[root]}, a block header over that state sealed by some of four validators
 * (IBFT 2.0 or QBFT) or unsealed ({@code none}), the version 2 proof of each document, and a {@link FakeChain} that
 * answers like a node of that chain. Tests change one part and look at the verdict.
 */
public final class SyntheticAnchoring {

    public static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    public static final long CHAIN_ID = 1337;
    public static final long BATCH_ID = 42;
    public static final long BLOCK_NUMBER = 1234;
    /** 2026-11-23T10:15:34Z. */
    public static final long TIMESTAMP = Instant.parse("2026-11-23T10:15:34Z").getEpochSecond();
    public static final Hash32 TX_HASH = new Hash32(Keccak.hash("the anchoring transaction".getBytes(StandardCharsets.US_ASCII)));

    /** Fixed validator keys (test keys, never used anywhere else). */
    public static final List<ECKeyPair> VALIDATOR_KEYS = List.of(
            ECKeyPair.create(new BigInteger("1111111111111111111111111111111111111111111111111111111111111111", 16)),
            ECKeyPair.create(new BigInteger("2222222222222222222222222222222222222222222222222222222222222222", 16)),
            ECKeyPair.create(new BigInteger("3333333333333333333333333333333333333333333333333333333333333333", 16)),
            ECKeyPair.create(new BigInteger("4444444444444444444444444444444444444444444444444444444444444444", 16)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public final String consensus;
    public final List<Doc> docs = new ArrayList<>();
    public final StandardMerkleTree tree;
    public final byte[] headerRlp;
    public final Hash32 blockHash;
    public final List<byte[]> accountProof;
    public final List<byte[]> storageProof;

    private SyntheticAnchoring(String consensus, int sealers) {
        this.consensus = consensus;
        for (int i = 0; i < 3; i++) {
            docs.add(new Doc(DigestAlgorithm.SHA256.hash(document(i)), "sha256", "DEMO"));
        }
        tree = StandardMerkleTree.of(docs.stream().map(Doc::leaf).toList());

        // Storage: anchors[root] and two other slots; state: the registry and twenty other accounts.
        Map<List<Byte>, byte[]> storage = new LinkedHashMap<>();
        BigInteger anchor = BigInteger.valueOf(BATCH_ID).or(BigInteger.valueOf(BLOCK_NUMBER).shiftLeft(64))
                .or(BigInteger.valueOf(TIMESTAMP).shiftLeft(128));
        storage.put(slotKey(AnvilRegistry.anchorSlot(tree.root())), ReferenceTrie.encode(minimal(anchor)));
        storage.put(slotKey(new Hash32(word(5))), ReferenceTrie.encode(minimal(BigInteger.valueOf(BATCH_ID))));
        storage.put(slotKey(new Hash32(word(4))), ReferenceTrie.encode(minimal(BigInteger.TEN.pow(30))));
        ReferenceTrie storageTrie = new ReferenceTrie(storage);
        Map<List<Byte>, byte[]> accounts = new LinkedHashMap<>();
        byte[] codeHash = Keccak.hash("registry code".getBytes(StandardCharsets.US_ASCII));
        accounts.put(ReferenceTrie.keyOf(Keccak.hash(HEX.parseHex(REGISTRY.substring(2)))),
                ReferenceTrie.encode(List.of(new byte[] {1}, new byte[0], storageTrie.root(), codeHash)));
        for (int i = 0; i < 20; i++) {
            byte[] address = java.util.Arrays.copyOf(Keccak.hash(new byte[] {(byte) i}), 20);
            accounts.put(ReferenceTrie.keyOf(Keccak.hash(address)), ReferenceTrie.encode(List.of(new byte[0],
                    minimal(BigInteger.valueOf(1000L + i)), Keccak.hash(new byte[] {(byte) 0x80}),
                    Keccak.hash(new byte[0]))));
        }
        ReferenceTrie stateTrie = new ReferenceTrie(accounts);
        accountProof = stateTrie.proof(Keccak.hash(HEX.parseHex(REGISTRY.substring(2))));
        storageProof = storageTrie.proof(Keccak.hash(AnvilRegistry.anchorSlot(tree.root()).bytes()));

        List<byte[]> fields = new ArrayList<>(List.of(
                Keccak.hash("parent".getBytes(StandardCharsets.US_ASCII)),
                HEX.parseHex("1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"),
                HEX.parseHex(address(VALIDATOR_KEYS.get(0)).substring(2)),
                stateTrie.root(),
                Keccak.hash("transactions".getBytes(StandardCharsets.US_ASCII)),
                Keccak.hash("receipts".getBytes(StandardCharsets.US_ASCII)),
                new byte[256],
                new byte[] {1},
                minimal(BigInteger.valueOf(BLOCK_NUMBER)),
                minimal(BigInteger.valueOf(30_000_000)),
                minimal(BigInteger.valueOf(84_000)),
                minimal(BigInteger.valueOf(TIMESTAMP)),
                "anvil-like".getBytes(StandardCharsets.US_ASCII),
                HEX.parseHex("63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365"),
                new byte[8],
                new byte[0]));
        if (consensus.equals("none")) {
            headerRlp = new BlockHeader(fields).encode();
            blockHash = new Hash32(Keccak.hash(headerRlp));
        } else {
            BftConsensus bft = bft(consensus);
            List<String> validators = validators().validators();
            BftExtraData unsealed = new BftExtraData(new byte[32], validators, Optional.empty(), 0, List.of());
            fields.set(BlockHeader.EXTRA_DATA, unsealed.encode(bft));
            BlockHeader header = new BlockHeader(fields);
            byte[] digest = BftBlockHashing.sealDigest(header, bft);
            List<byte[]> seals = new ArrayList<>();
            for (int i = 0; i < sealers; i++) {
                Sign.SignatureData s = Sign.signMessage(digest, VALIDATOR_KEYS.get(i), false);
                byte[] seal = new byte[65];
                System.arraycopy(s.getR(), 0, seal, 0, 32);
                System.arraycopy(s.getS(), 0, seal, 32, 32);
                seal[64] = (byte) (s.getV()[0] - 27);
                seals.add(seal);
            }
            BftExtraData sealed = new BftExtraData(new byte[32], validators, Optional.empty(), 0, seals);
            BlockHeader sealedHeader = header.withExtraData(sealed.encode(bft));
            headerRlp = sealedHeader.encode();
            blockHash = new Hash32(BftBlockHashing.blockHash(sealedHeader, bft));
        }
    }

    /** An anchoring under {@code consensus} ({@code none}, {@code ibft2}, {@code qbft}) sealed by the first {@code sealers} validators. */
    public static SyntheticAnchoring build(String consensus, int sealers) {
        return new SyntheticAnchoring(consensus, sealers);
    }

    /** The bytes of document {@code i}; its SHA-256 is the digest of {@code docs.get(i)}. */
    public static byte[] document(int i) {
        return ("document " + i + " of the synthetic batch").getBytes(StandardCharsets.UTF_8);
    }

    /** The four validators (all of them, whoever sealed) under this anchoring's consensus. */
    public TrustedValidators validators() {
        return validators(consensus.equals("none") ? "ibft2" : consensus);
    }

    public static TrustedValidators validators(String consensus) {
        List<String> addresses = VALIDATOR_KEYS.stream().map(SyntheticAnchoring::address).sorted().toList();
        return new TrustedValidators(bft(consensus), addresses);
    }

    /** The version 2 proof of document {@code i}, anchored. */
    public ObjectNode proof(int i) {
        Doc doc = docs.get(i);
        ObjectNode p = JSON.createObjectNode();
        p.put("version", 2);
        p.put("status", "ANCHORED");
        p.put("digest", doc.digest().toHex());
        p.put("algorithm", doc.algorithm());
        p.put("department", doc.department());
        p.putArray("leafEncoding").add("bytes32").add("string").add("string");
        p.put("leaf", doc.leaf().toHex());
        ArrayNode path = p.putArray("path");
        tree.proof(tree.sortedLeaves().indexOf(doc.leaf())).forEach(h -> path.add(h.toHex()));
        p.put("root", tree.root().toHex());
        p.put("batchId", BATCH_ID);
        p.put("chainId", CHAIN_ID);
        p.put("registry", REGISTRY);
        p.put("txHash", TX_HASH.toHex());
        p.put("blockNumber", BLOCK_NUMBER);
        p.put("blockHash", blockHash.toHex());
        p.put("blockTime", Instant.ofEpochSecond(TIMESTAMP).toString());
        p.put("consensus", consensus);
        p.put("blockHeader", "0x" + HEX.formatHex(headerRlp));
        ObjectNode anchorProof = p.putObject("anchorProof");
        ArrayNode account = anchorProof.putArray("accountProof");
        accountProof.forEach(n -> account.add("0x" + HEX.formatHex(n)));
        ArrayNode storage = anchorProof.putArray("storageProof");
        storageProof.forEach(n -> storage.add("0x" + HEX.formatHex(n)));
        return p;
    }

    /** A node of this chain: the anchor recorded, the block and the anchoring receipt with its RootAnchored log. */
    public FakeChain chain() {
        FakeChain chain = new FakeChain(CHAIN_ID, REGISTRY);
        chain.anchors.put(tree.root(), new RegistryAbi.Anchor(BATCH_ID, BLOCK_NUMBER, TIMESTAMP));
        chain.blocks.put(BLOCK_NUMBER, new ChainReader.Block(BLOCK_NUMBER, blockHash, TIMESTAMP,
                List.of(new Hash32(Keccak.hash(new byte[] {1})), TX_HASH)));
        chain.receipts.put(TX_HASH, new ChainReader.Receipt(true, BLOCK_NUMBER, blockHash, REGISTRY,
                List.of(rootAnchoredLog(REGISTRY, BATCH_ID, tree.root()))));
        return chain;
    }

    public static ChainReader.Log rootAnchoredLog(String registry, long batchId, Hash32 root) {
        return new ChainReader.Log(registry, List.of(RegistryAbi.ROOT_ANCHORED_TOPIC, new Hash32(word(batchId)), root),
                new byte[64]);
    }

    public static String address(ECKeyPair key) {
        return "0x" + Keys.getAddress(key.getPublicKey());
    }

    private static BftConsensus bft(String consensus) {
        return consensus.equals("qbft") ? BftConsensus.QBFT : BftConsensus.IBFT2;
    }

    private static List<Byte> slotKey(Hash32 slot) {
        return ReferenceTrie.keyOf(Keccak.hash(slot.bytes()));
    }

    static byte[] word(long value) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[31 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static byte[] minimal(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
    }
}
