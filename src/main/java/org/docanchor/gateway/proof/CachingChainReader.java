package org.docanchor.gateway.proof;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.docanchor.gateway.web.LruMap;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.chain.ChainUnavailableException;
import org.docanchor.verifier.chain.RegistryAbi;
import org.docanchor.verifier.merkle.Hash32;

/**
 * The chain reads of {@code POST /api/v1/verify}, keeping in a bounded cache the answers that cannot change any more:
 * the chain id; a root's {@code anchorOf} once its block is final; {@code verifyInclusion(...) = true} for a root
 * whose anchor is known final (anchors are never removed, so the answer is fixed); blocks, receipts and logs of final
 * blocks. Everything else is asked every time: a root not anchored (yet), revocations, the issuer registry's records,
 * the latest block. A block is final when {@code confirmations} blocks lie on top of it (at 0, as on IBFT 2.0 and
 * QBFT, as soon as the node has it: the gateway counts anchors the same way).
 */
final class CachingChainReader implements ChainReader {

    private static final byte[] ANCHOR_OF = RegistryAbi.selector(RegistryAbi.ANCHOR_OF);
    private static final byte[] VERIFY_INCLUSION = RegistryAbi.selector(RegistryAbi.VERIFY_INCLUSION);
    private static final int WORD = 32;

    private final ChainReader chain;
    private final int confirmations;
    private final LruMap<List<Object>, Object> cache;
    private final Counter fromNode;
    private final Counter fromCache;
    private volatile Long chainId;
    /** The highest block number known to be final. */
    private volatile long finalThrough = -1;

    CachingChainReader(ChainReader chain, int confirmations, int capacity, MeterRegistry registry) {
        this.chain = chain;
        this.confirmations = confirmations;
        this.cache = new LruMap<>(capacity);
        this.fromNode = reads(registry, "node");
        this.fromCache = reads(registry, "cache");
    }

    private static Counter reads(MeterRegistry registry, String answeredBy) {
        return Counter.builder("anchor.verification.chain.reads")
                .description("Chain reads of proof verification, by who answered: the node or the cache")
                .tag("answered", answeredBy).register(registry);
    }

    @Override
    public long chainId() throws ChainUnavailableException {
        Long known = chainId;
        if (known != null) {
            fromCache.increment();
            return known;
        }
        fromNode.increment();
        long id = chain.chainId();
        chainId = id;
        return id;
    }

    @Override
    public byte[] call(String to, byte[] data) throws ChainUnavailableException {
        boolean anchorOf = data.length == 4 + WORD && startsWith(data, ANCHOR_OF);
        boolean inclusion = data.length >= 4 + 4 * WORD && startsWith(data, VERIFY_INCLUSION);
        if (!anchorOf && !inclusion) {
            return node(to, data);
        }
        String registry = to.toLowerCase(Locale.ROOT);
        List<Object> key = List.of(anchorOf ? "anchorOf" : "verifyInclusion", registry, HexFormat.of().formatHex(data));
        byte[] cached = (byte[]) cached(key);
        if (cached != null) {
            return cached.clone();
        }
        byte[] answer = node(to, data);
        if (anchorOf) {
            Optional<RegistryAbi.Anchor> anchor = RegistryAbi.decodeAnchor(answer);
            // Block 0 is the registry's "no anchor" (the genesis block holds none): never kept.
            if (anchor.isPresent() && anchor.get().blockNumber() > 0 && isFinal(anchor.get().blockNumber())) {
                cache.put(key, answer.clone());
            }
        } else if (RegistryAbi.decodeBool(answer).orElse(false)
                && cache.get(anchorKey(registry, Arrays.copyOfRange(data, 4 + WORD, 4 + 2 * WORD))) != null) {
            cache.put(key, answer.clone());
        }
        return answer;
    }

    private static List<Object> anchorKey(String registry, byte[] root) {
        return List.of("anchorOf", registry, HexFormat.of().formatHex(RegistryAbi.anchorOf(new Hash32(root))));
    }

    @Override
    public Optional<Block> blockByNumber(long number) throws ChainUnavailableException {
        List<Object> key = List.of("block", number);
        Block cached = (Block) cached(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        fromNode.increment();
        Optional<Block> answer = chain.blockByNumber(number);
        if (answer.isPresent() && answer.get().number() == number && isFinal(number)) {
            cache.put(key, answer.get());
        }
        return answer;
    }

    @Override
    public Block latestBlock() throws ChainUnavailableException {
        fromNode.increment();
        Block latest = chain.latestBlock();
        advanceFinal(latest.number());
        return latest;
    }

    @Override
    public List<Log> logs(String address, long blockNumber, List<Hash32> topics) throws ChainUnavailableException {
        List<Object> key = List.of("logs", address.toLowerCase(Locale.ROOT), blockNumber, List.copyOf(topics));
        @SuppressWarnings("unchecked")
        List<Log> cached = (List<Log>) cached(key);
        if (cached != null) {
            return cached;
        }
        fromNode.increment();
        List<Log> answer = List.copyOf(chain.logs(address, blockNumber, topics));
        if (isFinal(blockNumber)) {
            cache.put(key, answer);
        }
        return answer;
    }

    @Override
    public Optional<Receipt> receipt(Hash32 transactionHash) throws ChainUnavailableException {
        List<Object> key = List.of("receipt", transactionHash);
        Receipt cached = (Receipt) cached(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        fromNode.increment();
        Optional<Receipt> answer = chain.receipt(transactionHash);
        if (answer.isPresent() && isFinal(answer.get().blockNumber())) {
            cache.put(key, answer.get());
        }
        return answer;
    }

    private Object cached(List<Object> key) {
        Object value = cache.get(key);
        if (value != null) {
            fromCache.increment();
        }
        return value;
    }

    private byte[] node(String to, byte[] data) throws ChainUnavailableException {
        fromNode.increment();
        return chain.call(to, data);
    }

    /**
     * Whether block {@code number}, which the node has, is final: at once with no confirmations, else when the
     * latest block (asked only when the highest final block known so far is lower) is deep enough above it.
     */
    private boolean isFinal(long number) throws ChainUnavailableException {
        if (confirmations == 0 || number <= finalThrough) {
            return true;
        }
        fromNode.increment();
        advanceFinal(chain.latestBlock().number());
        return number <= finalThrough;
    }

    private synchronized void advanceFinal(long head) {
        finalThrough = Math.max(finalThrough, head - confirmations);
    }

    private static boolean startsWith(byte[] data, byte[] selector) {
        return Arrays.equals(data, 0, selector.length, selector, 0, selector.length);
    }
}
