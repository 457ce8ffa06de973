package org.docanchor.verifier.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.ChainUnavailableException;
import org.docanchor.verifier.chain.IssuerRegistryAbi;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.StandardMerkleTree;

/**
 * A node in memory for verifier tests: one registry whose state the test sets (anchors, revocations), blocks and
 * receipts, and a switch that makes one question fail as an unreachable node would. {@code eth_call} to any other
 * address answers no data, as an address without code does. The registry names no issuer registry (it answers
 * {@code issuerRegistry()} with no data, as a registry that predates it) and records every revocation unsigned.
 */
public final class FakeChain implements ChainReader {

    public long chainId;
    public final String registry;
    public final Map<Hash32, RegistryAbi.Anchor> anchors = new HashMap<>();
    public final Map<Hash32, RegistryAbi.Revocation> revocations = new HashMap<>();
    public final Map<Long, Block> blocks = new HashMap<>();
    public final Map<Hash32, Receipt> receipts = new HashMap<>();
    public final List<Log> logs = new ArrayList<>();
    /** Questions asked, in order: eth_chainId, verifyInclusion, anchorOf, revocationOf, eth_getBlockByNumber, … */
    public final List<String> asked = new ArrayList<>();
    /** The question that fails with ChainUnavailableException, or null. */
    public String unavailable;
    /** Functions the registry reverts without data, as a registry that predates them. */
    public final java.util.Set<String> revertsWithoutData = new java.util.HashSet<>();
    /** Answers that replace the registry's, by function name (verifyInclusion, anchorOf, revocationOf). */
    public final Map<String, byte[]> answers = new HashMap<>();

    public FakeChain(long chainId, String registry) {
        this.chainId = chainId;
        this.registry = registry.toLowerCase();
    }

    private void ask(String question) throws ChainUnavailableException {
        asked.add(question);
        if (question.equals(unavailable)) {
            throw new ChainUnavailableException(question + ": connection refused (simulated)");
        }
    }

    @Override
    public long chainId() throws ChainUnavailableException {
        ask("eth_chainId");
        return chainId;
    }

    @Override
    public byte[] call(String to, byte[] data) throws ChainUnavailableException {
        String selector = HexFormat.of().formatHex(data, 0, 4);
        String function = selector.equals(hex(RegistryAbi.selector(RegistryAbi.VERIFY_INCLUSION))) ? "verifyInclusion"
                : selector.equals(hex(RegistryAbi.selector(RegistryAbi.ANCHOR_OF))) ? "anchorOf"
                : selector.equals(hex(RegistryAbi.selector(RegistryAbi.REVOCATION_OF))) ? "revocationOf"
                : selector.equals(hex(RegistryAbi.selector(IssuerRegistryAbi.ISSUER_REGISTRY))) ? "issuerRegistry"
                : selector.equals(hex(RegistryAbi.selector(IssuerRegistryAbi.REVOCATION_SIGNER_OF)))
                        ? "revocationSignerOf" : selector;
        ask(function);
        if (revertsWithoutData.contains(function)) {
            throw new org.docanchor.verifier.chain.CallRevertedException("eth_call: the contract reverted without data",
                    true);
        }
        if (answers.containsKey(function)) {
            return answers.get(function).clone();
        }
        if (!to.equalsIgnoreCase(registry)) {
            return new byte[0];
        }
        return switch (function) {
            case "verifyInclusion" -> {
                Hash32 root = word(data, 1);
                Hash32 leaf = word(data, 2);
                int length = new BigInteger(1, word(data, 3).bytes()).intValueExact();
                List<Hash32> path = new ArrayList<>();
                for (int i = 0; i < length; i++) {
                    path.add(word(data, 4 + i));
                }
                boolean included = anchors.containsKey(root) && StandardMerkleTree.verify(path, root, leaf);
                yield words(included ? 1 : 0);
            }
            case "anchorOf" -> {
                RegistryAbi.Anchor a = anchors.getOrDefault(word(data, 0), new RegistryAbi.Anchor(0, 0, 0));
                yield words(a.batchId(), a.blockNumber(), a.timestamp());
            }
            case "revocationOf" -> {
                RegistryAbi.Revocation r = revocations.get(word(data, 0));
                if (r == null) {
                    yield new byte[128];
                }
                byte[] out = Arrays.copyOf(words(r.reason(), r.revokedAt(), r.blockNumber()), 128);
                System.arraycopy(r.replacementLeaf().bytes(), 0, out, 96, 32);
                yield out;
            }
            case "revocationSignerOf" -> new byte[32];
            default -> new byte[0];
        };
    }

    @Override
    public Optional<Block> blockByNumber(long number) throws ChainUnavailableException {
        ask("eth_getBlockByNumber");
        return Optional.ofNullable(blocks.get(number));
    }

    @Override
    public Block latestBlock() throws ChainUnavailableException {
        ask("eth_getBlockByNumber(latest)");
        return blocks.values().stream().max(java.util.Comparator.comparingLong(Block::number))
                .orElse(new Block(0, new Hash32(new byte[32]), 0, List.of()));
    }

    @Override
    public List<Log> logs(String address, long blockNumber, List<Hash32> topics) throws ChainUnavailableException {
        ask("eth_getLogs");
        return logs.stream().filter(l -> l.address().equalsIgnoreCase(address)
                && l.topics().size() >= topics.size() && l.topics().subList(0, topics.size()).equals(topics)).toList();
    }

    @Override
    public Optional<Receipt> receipt(Hash32 transactionHash) throws ChainUnavailableException {
        ask("eth_getTransactionReceipt");
        return Optional.ofNullable(receipts.get(transactionHash));
    }

    /** Word {@code index} of the arguments (after the selector). */
    private static Hash32 word(byte[] data, int index) {
        return new Hash32(Arrays.copyOfRange(data, 4 + 32 * index, 4 + 32 * (index + 1)));
    }

    static byte[] words(long... values) {
        byte[] out = new byte[32 * values.length];
        for (int w = 0; w < values.length; w++) {
            for (int i = 0; i < 8; i++) {
                out[32 * w + 31 - i] = (byte) (values[w] >>> (8 * i));
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
