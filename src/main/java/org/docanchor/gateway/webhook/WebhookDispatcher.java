package org.docanchor.gateway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox ({@code webhook_delivery}) to the departments' endpoints, on every replica: a replica leases a
 * due row ({@code FOR UPDATE SKIP LOCKED}, then {@code locked_by}/{@code locked_until}) before it sends, so two
 * replicas never deliver the same message at once, and a replica that dies mid-delivery is replaced when the lease
 * runs out. Every write of a worker names its lease, so a worker that lost it writes nothing.
 *
 * <p>A message's {@code webhook-id} and body depend only on committed data (for document.anchored: the batch, the
 * department and the page's document numbers, fixed before the first attempt), so a redelivery, on this replica or
 * another, after a crash or a failure, is the same message. Delivery is at least once: a receiver deduplicates by
 * {@code webhook-id}.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final WebhookConfig config;
    private final TargetGuard guard;
    private final String holder = hostName() + "/" + UUID.randomUUID();
    private final HttpClient http;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final Counter accepted;
    private final Counter refused;
    private final Counter failedDeliveries;
    private volatile boolean stopping;

    public WebhookDispatcher(AgroalDataSource dataSource, WebhookConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.config = config;
        // Registered at start, so that alerts and dashboards find them at 0 before the first delivery.
        this.accepted = Counter.builder("anchor.webhook.attempts").tag("outcome", "accepted")
                .description("Webhook delivery attempts, by whether the endpoint answered 2xx").register(metrics);
        this.refused = Counter.builder("anchor.webhook.attempts").tag("outcome", "failed")
                .description("Webhook delivery attempts, by whether the endpoint answered 2xx").register(metrics);
        this.failedDeliveries = Counter.builder("anchor.webhook.deliveries.failed")
                .description("Webhook deliveries given up after anchor.webhooks.retry.give-up-after").register(metrics);
        this.guard = guard(config);
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
        this.slots = new Semaphore(Math.max(1, config.concurrency()));
    }

    /** The guard every endpoint URL passes, at registration and before each attempt. */
    static TargetGuard guard(WebhookConfig config) {
        return new TargetGuard(config.requireHttps(), config.allowPrivateTargets(),
                config.allowedHosts().orElse(List.of()), InetAddress::getAllByName);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        pool.shutdownNow();
        // Hand the rows over at once instead of at lease expiry; a worker still running writes nothing after this.
        execute("update webhook_delivery set locked_by = null, locked_until = null where locked_by = ?", holder);
    }

    @Scheduled(every = "${anchor.webhooks.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!config.enabled() || stopping) {
            return;
        }
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        List<Long> claimed;
        try {
            claimed = claim(free);
        } catch (IllegalStateException e) {
            LOG.warnf("Webhook deliveries paused: %s", e.getMessage());
            return;
        }
        for (long id : claimed) {
            slots.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    deliver(id);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Webhook delivery %d stopped by an unexpected error; retried after its lease", id);
                } finally {
                    slots.release();
                }
            });
        }
    }

    /** Leases up to {@code limit} due deliveries of enabled endpoints to this replica. */
    List<Long> claim(int limit) {
        return claim(limit, Duration.ZERO);
    }

    /** The same, counting as due what is due within {@code ahead} (tests claim rows the gateway's own loop cannot). */
    List<Long> claim(int limit, Duration ahead) {
        String sql = """
                update webhook_delivery set locked_by = ?, locked_until = now() + ?::interval
                 where id in (select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
                               where d.status = 'PENDING' and d.next_attempt_at <= now() + ?::interval and e.enabled
                                 and (d.locked_until is null or d.locked_until < now())
                               order by d.next_attempt_at, d.id limit ? for update of d skip locked)
                returning id""";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, holder);
            s.setString(2, config.lockTtl().toMillis() + " milliseconds");
            s.setString(3, ahead.toMillis() + " milliseconds");
            s.setInt(4, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the webhook outbox: " + e.getMessage(), e);
        }
    }

    /** A leased delivery row, with its endpoint. */
    record Delivery(long id, long endpointId, String eventType, Long batchId, UUID documentId, Long cursorSeq,
            Long pageLastSeq, Instant createdAt, Instant firstFailedAt, int attempts, String url, String secret,
            String previousSecret, Instant previousSecretUntil, long departmentId, String department) {
    }

    /**
     * One message: its id and body (the event's time inside, so a redelivery is byte for byte the same); for
     * document.anchored, the last document number of its page.
     */
    record Message(String id, String body, Long pageLastSeq) {
        Message(String id, String body) {
            this(id, body, null);
        }
    }

    /** Delivers one leased row: every page of it while the endpoint accepts, else one failed attempt. */
    void deliver(long id) {
        while (!stopping) {
            Delivery delivery = load(id);
            if (delivery == null) {
                return; // delivered, gone, or the lease passed to another replica
            }
            Message message = message(delivery);
            if (message == null) {
                finish(delivery, "DELIVERED", null);
                return;
            }
            Outcome outcome = send(delivery, message);
            recordAttempt(delivery, message, outcome);
            if (!outcome.accepted()) {
                failed(delivery, outcome.describe());
                return;
            }
            if (!WebhookEvents.DOCUMENT_ANCHORED.equals(delivery.eventType())) {
                finish(delivery, "DELIVERED", null);
                return;
            }
            // The page is delivered: the next one starts from its last document, under a renewed lease.
            if (update("""
                    update webhook_delivery set cursor_seq = page_last_seq, page_last_seq = null, attempts = 0,
                           first_failed_at = null, messages_sent = messages_sent + 1, last_error = null,
                           locked_until = now() + ?::interval
                     where id = ? and locked_by = ? and page_last_seq = ?""",
                    config.lockTtl().toMillis() + " milliseconds", id, holder, message.pageLastSeq()) == 0) {
                return;
            }
        }
    }

    private Delivery load(long id) {
        String sql = """
                select d.id, d.endpoint_id, d.event_type, d.batch_id, d.document_id, d.cursor_seq, d.page_last_seq,
                       d.created_at, d.first_failed_at, d.attempts, e.url, e.secret, e.previous_secret,
                       e.previous_secret_until, e.department_id, dep.code
                  from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
                  join department dep on dep.id = e.department_id
                 where d.id = ? and d.status = 'PENDING' and d.locked_by = ? and d.locked_until > now()""";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.setString(2, holder);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                return new Delivery(r.getLong(1), r.getLong(2), r.getString(3), (Long) r.getObject(4),
                        (UUID) r.getObject(5), (Long) r.getObject(6), (Long) r.getObject(7), instant(r, 8),
                        instant(r, 9), r.getInt(10), r.getString(11), r.getString(12), r.getString(13),
                        instant(r, 14), r.getLong(15), r.getString(16));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read webhook delivery " + id + ": " + e.getMessage(), e);
        }
    }

    /** The message the row stands for now; null when there is nothing (more) to send. */
    Message message(Delivery d) {
        return switch (d.eventType()) {
            case WebhookEvents.DOCUMENT_ANCHORED -> anchoredPage(d);
            case WebhookEvents.DOCUMENT_REVOKED -> revoked(d);
            case WebhookEvents.BATCH_FAILED -> batchFailed(d);
            default -> throw new IllegalStateException("unknown webhook event type " + d.eventType());
        };
    }

    /**
     * The next page of the department's documents in the batch, after {@code cursor_seq}. Its last number is
     * stored before the first attempt, so that every attempt sends exactly these documents under one id.
     */
    private Message anchoredPage(Delivery d) {
        long pageLast;
        if (d.pageLastSeq() == null) {
            Long last = queryLong("""
                    select max(seq) from (select seq from document
                     where department_id = ? and seq > ? and seq <= (select last_seq from batch where id = ?)
                     order by seq limit ?) page""", d.departmentId(), d.cursorSeq(), d.batchId(), config.pageSize());
            if (last == null) {
                return null;
            }
            if (update("update webhook_delivery set page_last_seq = ? where id = ? and locked_by = ? "
                    + "and page_last_seq is null", last, d.id(), holder) == 0) {
                throw new IllegalStateException("webhook delivery " + d.id() + " changed under this replica");
            }
            pageLast = last;
        } else {
            pageLast = d.pageLastSeq();
        }
        ObjectNode data = JSON.createObjectNode();
        String eventTime;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    select b.id, b.block_number, b.block_hash, b.block_time, b.tx_hash, b.chain_id, b.registry,
                           b.anchored_at, b.root from batch b where b.id = ?""")) {
                s.setLong(1, d.batchId());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    eventTime = instant(r, 8).toString();
                    data.put("department", d.department());
                    data.put("batchId", r.getLong(1));
                    data.put("root", hex(r.getBytes(9)));
                    data.put("chainId", r.getLong(6));
                    data.put("registry", r.getString(7));
                    data.put("blockNumber", r.getLong(2));
                    data.put("blockHash", hex(r.getBytes(3)));
                    data.put("blockTime", instant(r, 4).toString());
                    data.put("transactionHash", hex(r.getBytes(5)));
                }
            }
            ArrayNode documents = data.putArray("documents");
            long firstSeq = -1;
            try (PreparedStatement s = c.prepareStatement("""
                    select seq, digest, algorithm, reference from document
                     where department_id = ? and seq > ? and seq <= ? order by seq""")) {
                s.setLong(1, d.departmentId());
                s.setLong(2, d.cursorSeq());
                s.setLong(3, pageLast);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (firstSeq < 0) {
                            firstSeq = r.getLong(1);
                        }
                        ObjectNode doc = documents.addObject();
                        doc.put("digest", hex(r.getBytes(2)));
                        doc.put("algorithm", r.getString(3));
                        doc.put("reference", r.getString(4));
                    }
                }
            }
            if (firstSeq < 0) {
                throw new IllegalStateException("webhook delivery " + d.id() + ": no document up to " + pageLast);
            }
            return new Message("msg_anchored_" + d.batchId() + "_" + firstSeq,
                    envelope(WebhookEvents.DOCUMENT_ANCHORED, eventTime, data), pageLast);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read batch " + d.batchId() + ": " + e.getMessage(), e);
        }
    }

    private Message revoked(Delivery d) {
        String sql = """
                select d.digest, d.algorithm, d.reference, r.reason, rep.digest, r.block_number, r.recorded_at,
                       r.tx_hash, r.key_fingerprint
                  from revocation r join document d on d.id = r.document_id
                  left join document rep on rep.id = r.replacement_id
                 where r.document_id = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, d.documentId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no revocation of document " + d.documentId());
                }
                ObjectNode data = JSON.createObjectNode();
                data.put("department", d.department());
                data.put("digest", hex(r.getBytes(1)));
                data.put("algorithm", r.getString(2));
                data.put("reference", r.getString(3));
                data.put("reason", r.getString(4));
                data.put("replacement", r.getBytes(5) == null ? null : hex(r.getBytes(5)));
                data.put("blockNumber", (Long) r.getObject(6));
                data.put("revokedAt", instant(r, 7).toString());
                data.put("transactionHash", hex(r.getBytes(8)));
                data.put("signedBy", r.getString(9));
                return new Message("msg_revoked_" + d.documentId(),
                        envelope(WebhookEvents.DOCUMENT_REVOKED, instant(r, 7).toString(), data));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a revocation: " + e.getMessage(), e);
        }
    }

    private Message batchFailed(Delivery d) {
        String sql = "select id, first_seq, last_seq, sealed_at, last_error from batch where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, d.batchId());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                ObjectNode data = JSON.createObjectNode();
                data.put("department", d.department());
                data.put("batchId", r.getLong(1));
                data.put("sealedAt", instant(r, 4).toString());
                data.put("error", r.getString(5));
                return new Message("msg_batchfailed_" + d.batchId(),
                        envelope(WebhookEvents.BATCH_FAILED, d.createdAt().toString(), data));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read batch " + d.batchId() + ": " + e.getMessage(), e);
        }
    }

    /** The Standard Webhooks payload shape: type, timestamp (of the event, not the attempt), data. */
    private static String envelope(String type, String timestamp, ObjectNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", timestamp);
        body.set("data", data);
        return body.toString();
    }

    /** What one attempt got: a status code, or an error before any; and how long it took. */
    record Outcome(Integer status, String error, long millis) {
        boolean accepted() {
            return status != null && status >= 200 && status < 300;
        }

        String describe() {
            return status != null ? "HTTP " + status : error;
        }
    }

    /** One attempt: the target checked again (DNS may have changed), signed now, the answer's body not read. */
    Outcome send(Delivery d, Message message) {
        long start = System.nanoTime();
        java.util.Optional<String> refused = guard.problem(d.url());
        if (refused.isPresent()) {
            return new Outcome(null, "refused: " + refused.get(), 0);
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(d.secret(), message.id(), timestamp, message.body());
        if (d.previousSecret() != null && d.previousSecretUntil() != null
                && d.previousSecretUntil().isAfter(Instant.now())) {
            signature += " " + WebhookSignature.sign(d.previousSecret(), message.id(), timestamp, message.body());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.url())).timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "anchor-gateway-webhooks/1")
                .header("webhook-id", message.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(message.body())).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // The body is not read: closing the stream drops the connection, so a receiver cannot hold a worker.
            response.body().close();
            return new Outcome(response.statusCode(), null, millisSince(start));
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(null, "timeout after " + millisSince(start) + " ms", millisSince(start));
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted (gateway stopping)", millisSince(start));
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "invalid request: " + e.getMessage(), millisSince(start));
        }
    }

    private void recordAttempt(Delivery d, Message message, Outcome outcome) {
        String error = outcome.error() == null ? null
                : outcome.error().length() > 500 ? outcome.error().substring(0, 500) : outcome.error();
        try {
            update("""
                    insert into webhook_attempt (endpoint_id, delivery_id, message_id, attempted_at, status_code,
                                                 error, duration_ms)
                    values (?, ?, ?, now(), ?, ?, ?)""", d.endpointId(), d.id(), message.id(), outcome.status(), error,
                    (int) Math.min(Integer.MAX_VALUE, outcome.millis()));
        } catch (IllegalStateException e) {
            // The endpoint was deleted meanwhile (its deliveries and attempts went with it): nothing to record.
            LOG.debugf("attempt of %s not recorded: %s", message.id(), e.getMessage());
            return;
        }
        update("""
                delete from webhook_attempt where endpoint_id = ? and id <= (select id from webhook_attempt
                 where endpoint_id = ? order by id desc offset ? limit 1)""", d.endpointId(), d.endpointId(),
                config.attemptsKept());
        (outcome.accepted() ? accepted : refused).increment();
        if (!outcome.accepted()) {
            LOG.infof("Webhook %s to endpoint %d not accepted: %s", message.id(), d.endpointId(), outcome.describe());
        }
    }

    /** A failed attempt: retried after the backoff, or FAILED once retried for {@code give-up-after}. */
    private void failed(Delivery d, String error) {
        Instant now = Instant.now();
        Instant firstFailed = d.firstFailedAt() == null ? now : d.firstFailedAt();
        if (!now.isBefore(firstFailed.plus(config.retry().giveUpAfter()))) {
            finish(d, "FAILED", error);
            failedDeliveries.increment();
            LOG.warnf("Webhook delivery %d to endpoint %d FAILED after %d attempts since %s: %s", d.id(),
                    d.endpointId(), d.attempts() + 1, firstFailed, error);
            return;
        }
        Duration pause = backoff(d.attempts() + 1, config.retry());
        update("""
                update webhook_delivery set attempts = attempts + 1, first_failed_at = ?, last_error = ?,
                       next_attempt_at = ?, locked_by = null, locked_until = null
                 where id = ? and locked_by = ?""", Timestamp.from(firstFailed), error, Timestamp.from(now.plus(pause)),
                d.id(), holder);
    }

    /**
     * The pause after failure number {@code failures} (1 for the first): the initial interval doubled per further
     * failure up to the maximum, then between 75% and 125% of that (jitter, so that endpoints that recover at once
     * are not hit by every replica in the same second).
     */
    static Duration backoff(int failures, WebhookConfig.Retry retry) {
        long initial = retry.initialInterval().toMillis();
        long max = retry.maxInterval().toMillis();
        long pause = initial << Math.min(Math.max(failures - 1, 0), 30);
        if (pause <= 0 || pause > max) {
            pause = max;
        }
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, (long) (pause * jitter)));
    }

    private void finish(Delivery d, String status, String error) {
        update("""
                update webhook_delivery set status = ?, last_error = ?, finished_at = now(),
                       messages_sent = messages_sent + case when ? = 'DELIVERED' and event_type <> 'document.anchored'
                                                            then 1 else 0 end,
                       locked_by = null, locked_until = null
                 where id = ? and locked_by = ?""", status, error, status, d.id(), holder);
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("webhook outbox write failed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, Object... args) {
        try {
            update(sql, args);
        } catch (IllegalStateException e) {
            LOG.debugf("webhook outbox: %s", e.getMessage());
        }
    }

    private Long queryLong(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? (Long) r.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("webhook outbox read failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                s.setNull(i + 1, java.sql.Types.NULL);
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : "0x" + HexFormat.of().formatHex(bytes);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "gateway" : host;
    }
}
