package org.docanchor.verifier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.docanchor.verifier.merkle.Hash32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a node can fail to answer straight becomes a {@link ChainUnavailableException}; answers are read
 * strictly. A small JDK HTTP server plays the node; its answer echoes the request id unless a test says otherwise.
 */
class JsonRpcChainReaderTest {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private volatile int status = 200;
    private volatile long delayMillis;
    private volatile String lastRequest;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastRequest = request;
            Matcher m = ID.matcher(request);
            String id = m.find() ? m.group(1) : "0";
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.get().replace("$ID", id).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Generous timeouts: two cores shared with other builds can stall a first request for a second. */
    private JsonRpcChainReader reader() {
        return reader(Duration.ofSeconds(5));
    }

    private JsonRpcChainReader reader(Duration requestTimeout) {
        return new JsonRpcChainReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5), requestTimeout);
    }

    private void answer(String json) {
        answer.set(json);
    }

    @Test
    void chainId_readsHexQuantity() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"0x539\"}");
        try (JsonRpcChainReader reader = reader()) {
            assertThat(reader.chainId()).isEqualTo(1337);
        }
        assertThat(lastRequest).contains("\"method\":\"eth_chainId\"");
    }

    @Test
    void call_sendsToAndDataAtLatest_returnsBytes() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"0x00ff\"}");
        try (JsonRpcChainReader reader = reader()) {
            assertThat(reader.call("0x5fbdb2315678afecb367f032d93f642f64180aa3", new byte[] {1, 2}))
                    .containsExactly(0x00, 0xff);
        }
        assertThat(lastRequest).contains("\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\"",
                "\"data\":\"0x0102\"", "\"latest\"");
    }

    @Test
    void unknownBlockAndReceipt_areEmpty() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":null}");
        try (JsonRpcChainReader reader = reader()) {
            assertThat(reader.blockByNumber(5)).isEmpty();
            assertThat(reader.receipt(Hash32.fromHex("0x" + "00".repeat(32)))).isEmpty();
        }
    }

    @Test
    void receipt_readsStatusBlockToAndLogs() throws Exception {
        String hash = "0x" + "ab".repeat(32);
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"status\":\"0x1\",\"blockNumber\":\"0x10\","
                + "\"blockHash\":\"" + hash + "\",\"to\":\"0x5FBDB2315678afecb367f032d93F642f64180aa3\","
                + "\"logs\":[{\"address\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"topics\":[\"" + hash
                + "\"],\"data\":\"0x01\"}]}}");
        try (JsonRpcChainReader reader = reader()) {
            ChainReader.Receipt r = reader.receipt(Hash32.fromHex(hash)).orElseThrow();
            assertThat(r.success()).isTrue();
            assertThat(r.blockNumber()).isEqualTo(16);
            assertThat(r.to()).isEqualTo("0x5fbdb2315678afecb367f032d93f642f64180aa3");
            assertThat(r.logs()).hasSize(1);
            assertThat(r.logs().get(0).topics()).containsExactly(Hash32.fromHex(hash));
        }
    }

    @Test
    void refusedConnection_isUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (JsonRpcChainReader reader = new JsonRpcChainReader(URI.create("http://127.0.0.1:" + port))) {
            assertThatThrownBy(reader::chainId).isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("eth_chainId").hasMessageContaining("cannot reach");
        }
    }

    @Test
    void slowAnswer_isUnavailableAfterTheRequestTimeout() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"0x1\"}");
        delayMillis = 6000;
        long start = System.nanoTime();
        try (JsonRpcChainReader reader = reader(Duration.ofMillis(1000))) {
            assertThatThrownBy(reader::chainId).isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("within 1000 ms");
        }
        // Well before the server would have answered.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5000));
    }

    @Test
    void httpError_isUnavailable() {
        answer("oops");
        status = 503;
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(reader::chainId).isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("HTTP 503");
        }
    }

    @Test
    void jsonRpcError_isUnavailable() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"error\":{\"code\":-32000,\"message\":\"header not found\"}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.blockByNumber(1)).isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("node error -32000: header not found");
        }
    }

    @Test
    void malformedAnswers_areUnavailable() {
        String[][] cases = {
            {"not json", "not JSON"},
            {"[1,2]", "not a JSON-RPC object"},
            {"{\"jsonrpc\":\"2.0\",\"id\":$ID}", "neither result nor error"},
            {"{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":\"0x1\"}", "another request"},
            {"{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"1337\"}", "not a hex quantity"},
            {"{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"0x" + "f".repeat(17) + "\"}", "out of range"},
        };
        for (String[] c : cases) {
            answer(c[0]);
            try (JsonRpcChainReader reader = reader()) {
                assertThatThrownBy(reader::chainId).as(c[0]).isInstanceOf(ChainUnavailableException.class)
                        .hasMessageContaining(c[1]);
            }
        }
    }

    @Test
    void malformedCallData_isUnavailable() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":\"0x123\"}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.call("0x5fbdb2315678afecb367f032d93f642f64180aa3", new byte[0]))
                    .isInstanceOf(ChainUnavailableException.class).hasMessageContaining("not hex data");
        }
    }

    @Test
    void block_readsHashTimeAndTransactionHashes() throws Exception {
        String a = "0x" + "0a".repeat(32);
        String b = "0x" + "0b".repeat(32);
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"number\":\"0x4d2\",\"hash\":\"" + a
                + "\",\"timestamp\":\"0x5\",\"transactions\":[\"" + b + "\",{\"hash\":\"" + a + "\"}]}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThat(reader.blockByNumber(1234)).contains(new ChainReader.Block(1234, Hash32.fromHex(a), 5,
                    java.util.List.of(Hash32.fromHex(b), Hash32.fromHex(a))));
        }
        assertThat(lastRequest).contains("\"params\":[\"0x4d2\",false]");
    }

    @Test
    void blockWithoutHash_isUnavailable() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"number\":\"0x1\",\"timestamp\":\"0x5\",\"transactions\":[]}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.blockByNumber(1)).isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("hash");
        }
    }

    @Test
    void constructor_refusesNonHttpUrls() {
        assertThatThrownBy(() -> new JsonRpcChainReader(URI.create("ftp://example.org")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonRpcChainReader(URI.create("localhost:8545")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logs_asksForOneBlockAndTopics_andReadsTheLogs() throws Exception {
        String topic = "0x" + "aa".repeat(32);
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":[{\"address\":\"0x00000000000000000000000000000000000000AB\","
                + "\"topics\":[\"" + topic + "\"],\"data\":\"0x0102\",\"blockNumber\":\"0x2a\"}]}");
        try (JsonRpcChainReader reader = reader()) {
            List<ChainReader.Log> logs = reader.logs("0x00000000000000000000000000000000000000ab", 42,
                    List.of(Hash32.fromHex(topic)));

            assertThat(logs).singleElement().satisfies(l -> {
                assertThat(l.address()).isEqualTo("0x00000000000000000000000000000000000000ab");
                assertThat(l.data()).containsExactly(1, 2);
            });
            assertThat(lastRequest).contains("\"method\":\"eth_getLogs\"", "\"fromBlock\":\"0x2a\"",
                    "\"toBlock\":\"0x2a\"", topic);
        }
    }

    @Test
    void logs_ofAnotherBlock_areUnavailable() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":[{\"address\":\"0x00000000000000000000000000000000000000ab\","
                + "\"topics\":[],\"data\":\"0x\",\"blockNumber\":\"0x2b\"}]}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.logs("0x00000000000000000000000000000000000000ab", 42, List.of()))
                    .isInstanceOf(ChainUnavailableException.class).hasMessageContaining("block 43");
        }
    }

    @Test
    void latestBlock_asksForLatest() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"number\":\"0x5\",\"hash\":\"0x" + "11".repeat(32)
                + "\",\"timestamp\":\"0x64\",\"transactions\":[]}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThat(reader.latestBlock().timestamp()).isEqualTo(100);
            assertThat(lastRequest).contains("\"latest\"");
        }
    }

    @Test
    void call_revertedWithoutData_isACallRevertedException_thatSaysSo() throws Exception {
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x\"}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.call("0x00000000000000000000000000000000000000ab", new byte[4]))
                    .isInstanceOfSatisfying(CallRevertedException.class, e -> assertThat(e.withoutData()).isTrue());
        }
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"error\":{\"code\":-32000,\"message\":\"Execution reverted\","
                + "\"data\":\"0x08c379a0\"}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.call("0x00000000000000000000000000000000000000ab", new byte[4]))
                    .isInstanceOfSatisfying(CallRevertedException.class, e -> assertThat(e.withoutData()).isFalse());
        }
        answer("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}");
        try (JsonRpcChainReader reader = reader()) {
            assertThatThrownBy(() -> reader.call("0x00000000000000000000000000000000000000ab", new byte[4]))
                    .isInstanceOf(ChainUnavailableException.class).isNotInstanceOf(CallRevertedException.class);
        }
    }
}
