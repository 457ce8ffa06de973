package org.docanchor.verifier.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.docanchor.verifier.merkle.Hash32;

/**
 * A {@link ChainReader} over Ethereum JSON-RPC on HTTP(S), with {@link java.net.http.HttpClient}: one attempt per
 * question, bounded by a connect timeout and a request timeout (which covers the whole answer, body included).
 * Every way of not getting a straight answer becomes a {@link ChainUnavailableException} whose message names the
 * method and what went wrong.
 */
public final class JsonRpcChainReader implements ChainReader, AutoCloseable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Larger answers are refused: no question has a large answer (receipts with many logs aside). */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private static final Pattern QUANTITY = Pattern.compile("0x[0-9a-fA-F]{1,64}");
    private static final Pattern DATA = Pattern.compile("0x([0-9a-fA-F]{2})*");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final URI endpoint;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcChainReader(URI endpoint) {
        this(endpoint, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @throws IllegalArgumentException if {@code endpoint} is not an absolute http or https URI
     */
    public JsonRpcChainReader(URI endpoint, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("a node URL is http:// or https:// with a host, got " + endpoint);
        }
        this.endpoint = endpoint;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        // HTTP/1.1: an h2c upgrade attempt on plain http gains nothing against a node and some nodes mishandle it.
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public long chainId() throws ChainUnavailableException {
        return longQuantity("eth_chainId", rpc("eth_chainId", JSON.createArrayNode()), "result");
    }

    @Override
    public byte[] call(String to, byte[] data) throws ChainUnavailableException {
        ArrayNode params = JSON.createArrayNode();
        ObjectNode transaction = params.addObject();
        transaction.put("to", to);
        transaction.put("data", "0x" + HEX.formatHex(data));
        params.add("latest");
        JsonNode result = rpc("eth_call", params);
        return data("eth_call", result, "result");
    }

    @Override
    public Optional<Block> blockByNumber(long number) throws ChainUnavailableException {
        return block("0x" + Long.toHexString(number));
    }

    @Override
    public Block latestBlock() throws ChainUnavailableException {
        return block("latest").orElseThrow(
                () -> new ChainUnavailableException("eth_getBlockByNumber: the node has no latest block"));
    }

    @Override
    public List<Log> logs(String address, long blockNumber, List<Hash32> topics) throws ChainUnavailableException {
        ArrayNode params = JSON.createArrayNode();
        ObjectNode filter = params.addObject();
        filter.put("address", address);
        filter.put("fromBlock", "0x" + Long.toHexString(blockNumber));
        filter.put("toBlock", "0x" + Long.toHexString(blockNumber));
        ArrayNode topicFilter = filter.putArray("topics");
        topics.forEach(t -> topicFilter.add(t.toHex()));
        String method = "eth_getLogs";
        JsonNode result = rpc(method, params);
        if (result == null || !result.isArray()) {
            throw new ChainUnavailableException(method + ": expected an array, got " + kind(result));
        }
        List<Log> entries = new ArrayList<>();
        for (JsonNode log : result) {
            Log entry = log(method, log);
            long number = longQuantity(method, log.get("blockNumber"), "blockNumber");
            if (number != blockNumber) {
                throw new ChainUnavailableException(method + ": asked for the logs of block " + blockNumber
                        + ", the node answered a log of block " + number);
            }
            entries.add(entry);
        }
        return entries;
    }

    private Optional<Block> block(String tag) throws ChainUnavailableException {
        ArrayNode params = JSON.createArrayNode();
        params.add(tag);
        params.add(false);
        String method = "eth_getBlockByNumber";
        JsonNode result = rpc(method, params);
        if (result.isNull()) {
            return Optional.empty();
        }
        requireObject(method, result);
        JsonNode transactions = result.get("transactions");
        if (transactions == null || !transactions.isArray()) {
            throw new ChainUnavailableException(method + ": transactions is not an array");
        }
        List<Hash32> hashes = new ArrayList<>();
        for (JsonNode transaction : transactions) {
            // Hashes when asked without full transactions; a node that sends objects anyway has their hash.
            hashes.add(hash(method, transaction.isObject() ? transaction.get("hash") : transaction, "transaction"));
        }
        return Optional.of(new Block(longQuantity(method, result.get("number"), "number"),
                hash(method, result.get("hash"), "hash"), longQuantity(method, result.get("timestamp"), "timestamp"),
                hashes));
    }

    @Override
    public Optional<Receipt> receipt(Hash32 transactionHash) throws ChainUnavailableException {
        ArrayNode params = JSON.createArrayNode();
        params.add(transactionHash.toHex());
        String method = "eth_getTransactionReceipt";
        JsonNode result = rpc(method, params);
        if (result.isNull()) {
            return Optional.empty();
        }
        requireObject(method, result);
        long status = longQuantity(method, result.get("status"), "status");
        if (status != 0 && status != 1) {
            throw new ChainUnavailableException(method + ": status is " + status + ", expected 0x0 or 0x1");
        }
        JsonNode to = result.get("to");
        String recipient = to == null || to.isNull() ? null : address(method, to, "to");
        JsonNode logs = result.get("logs");
        if (logs == null || !logs.isArray()) {
            throw new ChainUnavailableException(method + ": logs is not an array");
        }
        List<Log> entries = new ArrayList<>();
        for (JsonNode log : logs) {
            entries.add(log(method, log));
        }
        return Optional.of(new Receipt(status == 1, longQuantity(method, result.get("blockNumber"), "blockNumber"),
                hash(method, result.get("blockHash"), "blockHash"), recipient, entries));
    }

    private static Log log(String method, JsonNode log) throws ChainUnavailableException {
        requireObject(method, log);
        JsonNode topics = log.get("topics");
        if (topics == null || !topics.isArray()) {
            throw new ChainUnavailableException(method + ": a log's topics is not an array");
        }
        List<Hash32> topicHashes = new ArrayList<>();
        for (JsonNode topic : topics) {
            topicHashes.add(hash(method, topic, "topic"));
        }
        return new Log(address(method, log.get("address"), "log address"), topicHashes,
                data(method, log.get("data"), "log data"));
    }

    /** Sends one request and returns its {@code result}, which may be JSON null. */
    private JsonNode rpc(String method, ArrayNode params) throws ChainUnavailableException {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", params);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON-RPC request", e);
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        byte[] answer = send(method, httpRequest);
        JsonNode tree;
        try {
            tree = JSON.readTree(answer);
        } catch (IOException e) {
            throw new ChainUnavailableException(method + ": the answer is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new ChainUnavailableException(method + ": the answer is not a JSON-RPC object");
        }
        JsonNode error = tree.get("error");
        if (error != null && !error.isNull() && method.equals("eth_call")
                && error.path("message").asText("").toLowerCase(Locale.ROOT).startsWith("execution reverted")) {
            JsonNode data = error.get("data");
            // Nodes write no data, JSON null or "0x" for a revert without data.
            boolean withoutData = data == null || data.isNull() || "0x".equals(data.asText());
            throw new CallRevertedException(method + ": the contract reverted" + (withoutData ? " without data"
                    : " with data " + abbreviate(data.toString())), withoutData);
        }
        if (error != null && !error.isNull()) {
            throw new ChainUnavailableException(method + ": node error " + error.path("code").asText("?") + ": "
                    + abbreviate(error.path("message").asText("")));
        }
        if (!tree.has("result")) {
            throw new ChainUnavailableException(method + ": the answer has neither result nor error");
        }
        if (!tree.path("id").isIntegralNumber() || tree.get("id").longValue() != id) {
            throw new ChainUnavailableException(method + ": the answer is for another request (id "
                    + abbreviate(String.valueOf(tree.get("id"))) + ", expected " + id + ")");
        }
        return tree.get("result");
    }

    private byte[] send(String method, HttpRequest request) throws ChainUnavailableException {
        // The request timeout of HttpClient ends when the headers arrive; the future's timeout also covers the body.
        CompletableFuture<byte[]> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            throw new UnavailableAnswer(method + ": HTTP " + response.statusCode());
                        }
                        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
                        if (bytes.length > MAX_ANSWER_BYTES) {
                            throw new UnavailableAnswer(method + ": the answer is larger than " + MAX_ANSWER_BYTES
                                    + " bytes");
                        }
                        return bytes;
                    } catch (IOException e) {
                        throw new UnavailableAnswer(method + ": reading the answer failed: " + describe(e));
                    }
                });
        try {
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new ChainUnavailableException(method + ": no answer from " + endpoint + " within "
                    + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException(method + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof UnavailableAnswer u) {
                throw new ChainUnavailableException(u.getMessage());
            }
            throw new ChainUnavailableException(method + ": cannot reach " + endpoint + ": " + describe(cause), cause);
        }
    }

    private static void requireObject(String method, JsonNode node) throws ChainUnavailableException {
        if (node == null || !node.isObject()) {
            throw new ChainUnavailableException(method + ": expected a JSON object, got " + kind(node));
        }
    }

    private static long longQuantity(String method, JsonNode node, String field) throws ChainUnavailableException {
        if (node == null || !node.isTextual() || !QUANTITY.matcher(node.textValue()).matches()) {
            throw new ChainUnavailableException(method + ": " + field + " is not a hex quantity: " + kind(node));
        }
        BigInteger value = new BigInteger(node.textValue().substring(2), 16);
        if (value.bitLength() > 63) {
            throw new ChainUnavailableException(method + ": " + field + " " + node.textValue() + " is out of range");
        }
        return value.longValue();
    }

    private static byte[] data(String method, JsonNode node, String field) throws ChainUnavailableException {
        if (node == null || !node.isTextual() || !DATA.matcher(node.textValue()).matches()) {
            throw new ChainUnavailableException(method + ": " + field + " is not hex data: " + kind(node));
        }
        return HEX.parseHex(node.textValue(), 2, node.textValue().length());
    }

    private static Hash32 hash(String method, JsonNode node, String field) throws ChainUnavailableException {
        if (node == null || !node.isTextual()) {
            throw new ChainUnavailableException(method + ": " + field + " is not a 32-byte hash: " + kind(node));
        }
        try {
            return Hash32.fromHex(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new ChainUnavailableException(method + ": " + field + " is not a 32-byte hash: " + kind(node));
        }
    }

    private static String address(String method, JsonNode node, String field) throws ChainUnavailableException {
        if (node == null || !node.isTextual() || !ADDRESS.matcher(node.textValue()).matches()) {
            throw new ChainUnavailableException(method + ": " + field + " is not an address: " + kind(node));
        }
        return node.textValue().toLowerCase(Locale.ROOT);
    }

    private static String kind(JsonNode node) {
        return node == null ? "missing" : abbreviate(node.toString());
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = e.getMessage();
        // ConnectException from HttpClient often has no message; its class name then is the message.
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + abbreviate(message) + ")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    @Override
    public void close() {
        http.close();
    }

    /** Carries a failure out of the HttpClient's completion stage. */
    private static final class UnavailableAnswer extends RuntimeException {
        UnavailableAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
