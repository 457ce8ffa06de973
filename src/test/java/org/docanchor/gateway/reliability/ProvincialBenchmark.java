package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.docanchor.gateway.batching.DocumentSequence;

/**
 * The provincial-scale benchmark suite of docs/benchmarks.md (issue 10), against the packaged gateway
 * ({@code target/quarkus-app}) in the prod profile with an embedded PostgreSQL and anvil (2 s blocks), the load
 * client in this JVM, all on loopback. Not a test: it asserts nothing about time, it measures and prints. Run it
 * with the command in docs/benchmarks.md ({@code -Dit.test=ProvincialBenchmark}); {@code ./mvnw verify} leaves it
 * out (its name is not {@code *IT}).
 *
 * <p>Each run starts a fresh stack and measures, in order: start-up of the packaged gateway against the running
 * database and node; bulk intake of {@code anchor.bench.documents} digests in requests of 10,000 on 4 connections;
 * the time from the first bulk request until every document is ANCHORED; PostgreSQL bytes per document; {@code GET
 * /api/v1/proofs/{digest}} for random anchored digests on 16 connections; single {@code POST /api/v1/documents}
 * from 8 departments on 16 connections; the time from 202 to ANCHORED at a paced 1,000 submissions a second;
 * the gas of the anchoring transactions. The per-credential and per-address request limits are lifted (they
 * would measure themselves, not the gateway); everything else is the prod profile. Medians over
 * {@code anchor.bench.runs} runs; {@code anchor.bench.batch-size} sets {@code anchor.batch.max-size}.
 */
class ProvincialBenchmark {

    private static final int RUNS = Integer.getInteger("anchor.bench.runs", 1);
    private static final int DOCUMENTS = Integer.getInteger("anchor.bench.documents", 1_000_000);
    private static final int PER_BULK = 10_000;
    /** {@code anchor.bench.batch-size}: the gateway's anchor.batch.max-size, when not the default. */
    private static final Integer BATCH_SIZE = Integer.getInteger("anchor.bench.batch-size");
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("anchor.bench.seconds", 20));
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int DEPARTMENTS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** When the first bulk request of the run went out: the start of the "to ANCHORED" row. */
    private long intakeStarted;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void provincialScale() throws Exception {
        List<Map<String, Double>> runs = new ArrayList<>();
        String environment = "";
        for (int run = 1; run <= RUNS; run++) {
            Map<String, Double> figures = new LinkedHashMap<>();
            environment = run(figures);
            runs.add(figures);
            System.out.println("[benchmark] run " + run + " of " + RUNS + ": " + figures);
        }
        report(environment, runs);
    }

    private String run(Map<String, Double> figures) throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("bench", Duration.ofSeconds(2))) {
            Map<String, String> env = stack.gatewayEnv();
            // The prod profile's own sealing and anchoring settings, not the fault tests' faster ones.
            env.remove("ANCHOR_BATCH_MAX_DELAY");
            env.remove("ANCHOR_ANCHORING_LEASE_TTL");
            env.remove("ANCHOR_ANCHORING_MAX_BACKOFF");
            env.put("ANCHOR_CHAIN_REQUEST_TIMEOUT", "5s");
            env.put("ANCHOR_IDENTITY_RATE_LIMIT_PER_SECOND", "1000000");
            env.put("ANCHOR_IDENTITY_RATE_LIMIT_BURST", "1000000");
            env.put("ANCHOR_CLIENT_LIMIT_ENABLED", "false");
            if (BATCH_SIZE != null) {
                // anchor.batch.max-size, where an operator chose another: the drain is one block a batch.
                env.put("ANCHOR_BATCH_MAX_SIZE", BATCH_SIZE.toString());
            }
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
            if (Boolean.getBoolean("anchor.bench.jfr")) {
                // A profile of the whole run (docs/benchmarks.md, "Where the time goes"): jfr print or JMC read it.
                Path recording = Path.of("target", "benchmarks", "gateway-" + System.currentTimeMillis() + ".jfr");
                Files.createDirectories(recording.getParent());
                jvm.add("-XX:FlightRecorderOptions=stackdepth=256");
                jvm.add("-XX:StartFlightRecording=filename=" + recording.toAbsolutePath() + ",settings=profile");
            }
            GatewayProcess gateway = new GatewayProcess(env, ReliabilityStack.freePort(), stack.log("benchmark-gateway"),
                    jvm);
            // The first start migrates the schema; it is also the training run of a JDK AOT cache (JEP 514/515),
            // written when the JVM exits, of the classes start-up loads and links and the code it compiles.
            Path aotCache = Path.of("target", "benchmarks", "gateway-" + System.currentTimeMillis() + ".aot")
                    .toAbsolutePath();
            Files.createDirectories(aotCache.getParent());
            gateway.start(List.of("-XX:AOTCacheOutput=" + aotCache));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < DEPARTMENTS; i++) {
                String key = "agk_bench00" + i + "_" + "b".repeat(43);
                stack.createDepartment("BENCH-" + i, key);
                keys.add(key);
            }
            gateway.stop();
            figures.put("startup_ms", (double) gateway.start().toMillis());
            gateway.stop();
            if (Files.exists(aotCache)) {
                figures.put("startup_aot_ms", (double) gateway.start(List.of("-XX:AOTCache=" + aotCache)).toMillis());
            } else {
                // The training run's exit did not write the cache (see the gateway log): no figure rather than a
                // start without the cache under its name.
                gateway.start();
            }
            try {
                List<String> sample = bulkIntake(gateway, keys.get(0), figures);
                drain(stack, figures);
                storage(stack, figures);
                proofs(gateway, sample, figures);
                singles(gateway, keys, figures);
                timeToAnchor(stack, gateway, keys, figures);
                gas(stack, figures);
                return environment(stack);
            } finally {
                gateway.stop();
            }
        }
    }

    /** 100 requests of 10,000 digests on 4 connections; returns 100,000 of the digests, for the proofs. */
    private List<String> bulkIntake(GatewayProcess gateway, String key, Map<String, Double> figures) throws Exception {
        int requests = DOCUMENTS / PER_BULK;
        List<String> bodies = new ArrayList<>(requests);
        List<String> sample = new ArrayList<>();
        int sampleEvery = Math.max(1, DOCUMENTS / 100_000);
        for (int r = 0; r < requests; r++) {
            StringBuilder body = new StringBuilder(PER_BULK * 100).append("{\"documents\":[");
            for (int i = 0; i < PER_BULK; i++) {
                String digest = randomDigest();
                if (i % sampleEvery == 0) {
                    sample.add(digest);
                }
                body.append(i == 0 ? "" : ",").append("{\"digest\":\"").append(digest)
                        .append("\",\"algorithm\":\"sha256\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        intakeStarted = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                workers.add(pool.submit(() -> {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                        int status = post(gateway.baseUrl() + "/api/v1/documents/bulk", key, bodies.get(r));
                        if (status / 100 != 2) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - intakeStarted) / 1e9;
        figures.put("bulk_documents_per_s", DOCUMENTS / seconds);
        figures.put("bulk_intake_s", seconds);
        figures.put("bulk_failed_requests", (double) failed.get());
        return sample;
    }

    /** Until every document is in an ANCHORED batch: from the first bulk request, and after the last answer. */
    private void drain(ReliabilityStack stack, Map<String, Double> figures) throws Exception {
        long intakeDone = System.nanoTime();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (Instant.now().isBefore(deadline)) {
            if (count(stack, "select count(*) from document where seq > " + DocumentSequence.SEALED_UP_TO) == 0
                    && count(stack, "select count(*) from batch where status <> 'ANCHORED'") == 0) {
                long now = System.nanoTime();
                figures.put("all_anchored_s", (now - intakeStarted) / 1e9);
                figures.put("drain_after_intake_s", (now - intakeDone) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all documents anchored within 15 minutes");
    }

    private void storage(ReliabilityStack stack, Map<String, Double> figures) throws Exception {
        long documents = count(stack, "select count(*) from document");
        figures.put("documents", (double) documents);
        figures.put("document_bytes_per_document",
                (double) count(stack, "select pg_total_relation_size('document')") / documents);
        figures.put("all_tables_bytes_per_document", (double) count(stack, """
                select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relkind = 'r' and n.nspname = current_schema()""") / documents);
    }

    private void proofs(GatewayProcess gateway, List<String> sample, Map<String, Double> figures) throws Exception {
        Load load = load(16, () -> {
            String digest = sample.get(ThreadLocalRandom.current().nextInt(sample.size()));
            return get(gateway.baseUrl() + "/api/v1/proofs/" + digest);
        });
        figures.put("proofs_per_s", load.perSecond());
        figures.put("proofs_p50_ms", load.percentile(50));
        figures.put("proofs_p99_ms", load.percentile(99));
        figures.put("proofs_non_200", (double) load.errors());
    }

    private void singles(GatewayProcess gateway, List<String> keys, Map<String, Double> figures) throws Exception {
        AtomicInteger nextKey = new AtomicInteger();
        Load load = load(16, () -> post(gateway.baseUrl() + "/api/v1/documents",
                keys.get(Math.floorMod(nextKey.getAndIncrement(), keys.size())),
                "{\"digest\":\"" + randomDigest() + "\",\"algorithm\":\"sha256\"}"));
        figures.put("singles_per_s", load.perSecond());
        figures.put("singles_p50_ms", load.percentile(50));
        figures.put("singles_p99_ms", load.percentile(99));
        figures.put("singles_non_2xx", (double) load.errors());
    }

    /**
     * Single submissions paced at 1,000 a second for 30 s (fewer when the gateway answers too slowly to keep up:
     * the achieved rate is reported), then the p50 and p99 of their time from 202 to ANCHORED.
     */
    private void timeToAnchor(ReliabilityStack stack, GatewayProcess gateway, List<String> keys,
            Map<String, Double> figures) throws Exception {
        // The singles before: let them anchor first, so that this measures a steady 1,000/s alone.
        drain(stack, new LinkedHashMap<>());
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        int threads = 16;
        long intervalNanos = 16_000_000L; // 16 threads x 62.5/s = 1,000/s
        long begin = System.nanoTime();
        long end = begin + Duration.ofSeconds(30).toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = keys.get(t % keys.size());
                long offset = t * (intervalNanos / threads);
                workers.add(pool.submit(() -> {
                    long due = System.nanoTime() + offset;
                    while (System.nanoTime() < end) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        String digest = randomDigest();
                        if (post(gateway.baseUrl() + "/api/v1/documents", key,
                                "{\"digest\":\"" + digest + "\",\"algorithm\":\"sha256\"}") == 202) {
                            sent.add(digest);
                        }
                        // Behind schedule (a slow answer), the next request goes at once; missed slots are dropped.
                        due = Math.max(due + intervalNanos, System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double sendSeconds = (System.nanoTime() - begin) / 1e9;
        drain(stack, new LinkedHashMap<>());
        try (Connection db = stack.db(); PreparedStatement select = db.prepareStatement("""
                select percentile_cont(array[0.5, 0.99]) within group
                       (order by extract(epoch from b.anchored_at - d.received_at))
                  from document d join batch b on d.seq between b.first_seq and b.last_seq
                 where d.digest = any(?)""")) {
            select.setArray(1, db.createArrayOf("bytea", sent.stream()
                    .map(h -> HexFormat.of().parseHex(h.substring(2))).toArray(byte[][]::new)));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Double[] percentiles = (Double[]) row.getArray(1).getArray();
                figures.put("anchor_time_at_1000_per_s_p50_s", percentiles[0]);
                figures.put("anchor_time_at_1000_per_s_p99_s", percentiles[1]);
                figures.put("anchor_time_submissions", (double) sent.size());
                figures.put("anchor_time_rate_per_s", sent.size() / sendSeconds);
            }
        }
    }

    /** Gas of each anchoring transaction (one per batch, whatever its size). */
    private void gas(ReliabilityStack stack, Map<String, Double> figures) throws Exception {
        List<Long> gas = new ArrayList<>();
        try (Connection db = stack.db(); PreparedStatement select = db.prepareStatement(
                "select tx_hash from batch where status = 'ANCHORED' and tx_hash is not null");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                gas.add(stack.web3j.ethGetTransactionReceipt("0x" + HexFormat.of().formatHex(rows.getBytes(1))).send()
                        .getTransactionReceipt().orElseThrow().getGasUsed().longValueExact());
            }
        }
        figures.put("anchor_gas_min", (double) gas.stream().mapToLong(Long::longValue).min().orElse(0));
        figures.put("anchor_gas_max", (double) gas.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private String environment(ReliabilityStack stack) throws Exception {
        String postgres;
        try (Connection db = stack.db(); PreparedStatement select = db.prepareStatement("show server_version");
                ResultSet row = select.executeQuery()) {
            row.next();
            postgres = row.getString(1);
        }
        return String.format("%s, %d cores, JDK %s, PostgreSQL %s, %s, gateway JVM -Xmx1g, anchor.batch.max-size %s; %s",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), postgres,
                stack.web3j.web3ClientVersion().send().getWeb3ClientVersion(),
                BATCH_SIZE == null ? "50000 (default)" : BATCH_SIZE, LocalDate.now());
    }

    // ------------------------------------------------------------------------------------------ load and report

    private interface Request {
        int send() throws Exception;
    }

    /** Latencies (ms) of a closed-loop load on {@code connections} threads: a warm-up, then {@link #MEASURE}. */
    private record Load(double[] millis, long errors, double seconds) {
        double perSecond() {
            return millis.length / seconds;
        }

        double percentile(double p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            return millis[(int) Math.min(millis.length - 1, Math.ceil(p / 100 * millis.length) - 1)];
        }
    }

    private Load load(int connections, Request request) throws Exception {
        long warmEnd = System.nanoTime() + WARM_UP.toNanos();
        long end = warmEnd + MEASURE.toNanos();
        ConcurrentLinkedQueue<long[]> perThread = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            break;
                        }
                        int status = request.send();
                        long took = System.nanoTime() - begin;
                        if (begin < warmEnd) {
                            continue;
                        }
                        if (status / 100 != 2) {
                            errors.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    perThread.add(Arrays.copyOf(latencies, n));
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double[] millis = perThread.stream().flatMapToLong(Arrays::stream).mapToDouble(ns -> ns / 1e6).sorted().toArray();
        return new Load(millis, errors.get(), MEASURE.toNanos() / 1e9);
    }

    private int post(String url, String key, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String randomDigest() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        return "0x" + HexFormat.of().formatHex(digest);
    }

    private static long count(ReliabilityStack stack, String sql) throws SQLException {
        try (Connection db = stack.db(); PreparedStatement select = db.prepareStatement(sql);
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The table of docs/benchmarks.md: each row's median over the runs, with the figures it comes from. */
    private static void report(String environment, List<Map<String, Double>> runs) throws IOException {
        StringBuilder table = new StringBuilder()
                .append("Provincial-scale benchmark, ").append(runs.size()).append(" run(s), medians; ")
                .append(environment).append("\n\n| what | measured | target |\n|---|---|---|\n");
        row(table, runs, "bulk intake, %d requests x %d digests, 4 connections".formatted(DOCUMENTS / PER_BULK,
                PER_BULK), "%,.0f documents/s committed (%.1f s, %.0f failed requests)", ">= 60,000/s",
                "bulk_documents_per_s", "bulk_intake_s", "bulk_failed_requests");
        row(table, runs, "%,d documents from the first request to the last one ANCHORED".formatted(DOCUMENTS),
                "%.1f s (%.1f s after the last 202)", "<= 25 s", "all_anchored_s", "drain_after_intake_s");
        row(table, runs, "PostgreSQL bytes per document (document table + indexes; all tables)",
                "%,.0f; %,.0f (%,.0f documents)", "<= 150", "document_bytes_per_document",
                "all_tables_bytes_per_document", "documents");
        row(table, runs, "GET /api/v1/proofs/{digest}, random anchored digests, 16 connections",
                "%,.0f/s, p50 %.1f ms, p99 %.1f ms (%.0f non-200)", ">= 8,000/s, p99 < 20 ms", "proofs_per_s",
                "proofs_p50_ms", "proofs_p99_ms", "proofs_non_200");
        row(table, runs, "single POST /api/v1/documents, 8 departments, 16 connections",
                "%,.0f/s, p50 %.1f ms, p99 %.1f ms (%.0f non-2xx)", ">= 3,000/s, p99 < 50 ms", "singles_per_s",
                "singles_p50_ms", "singles_p99_ms", "singles_non_2xx");
        row(table, runs, "time from 202 to ANCHORED, single submissions paced at 1,000/s for 30 s",
                "p50 %.2f s, p99 %.2f s (%.0f submissions, %.0f/s achieved)",
                "p99 <= max-delay + 2 block periods (6 s) at 1,000/s",
                "anchor_time_at_1000_per_s_p50_s", "anchor_time_at_1000_per_s_p99_s", "anchor_time_submissions",
                "anchor_time_rate_per_s");
        row(table, runs, "start-up of the packaged gateway against a running database and node",
                "%,.0f ms (to /q/health/live)", "< 3 s", "startup_ms");
        row(table, runs, "the same start-up with the JDK AOT cache of a training start (-XX:AOTCache)",
                "%,.0f ms (to /q/health/live)", "< 3 s", "startup_aot_ms");
        row(table, runs, "gas of one anchoring transaction (any batch size)", "%,.0f to %,.0f", "",
                "anchor_gas_min", "anchor_gas_max");
        String text = table.toString();
        System.out.println(text);
        Path out = Path.of(System.getProperty("anchor.reports-dir", "target/reliability"))
                .resolveSibling("benchmarks").resolve("provincial.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder table, List<Map<String, Double>> runs, String what, String format,
            String target, String... keys) {
        Object[] medians = Arrays.stream(keys).map(key -> median(runs.stream()
                .map(run -> run.getOrDefault(key, Double.NaN)).mapToDouble(Double::doubleValue).toArray()))
                .toArray();
        table.append("| ").append(what).append(" | ").append(String.format(format, medians)).append(" | ")
                .append(target).append(" |\n");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
