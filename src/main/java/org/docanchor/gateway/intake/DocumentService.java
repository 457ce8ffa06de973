package org.docanchor.gateway.intake;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.batching.DocumentSequence;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.DepartmentKeys;
import org.docanchor.gateway.identity.RegisteredKey;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.signature.SignatureVerifier;
import org.docanchor.verifier.signature.SignedMessage;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.web.ProblemException;

/**
 * Registers documents: one INSERT for the whole request, idempotent per (department, digest), committed before
 * the caller gets its receipts.
 */
@ApplicationScoped
public class DocumentService {

    private static final Logger LOG = Logger.getLogger(DocumentService.class);
    private static final int MAX_ATTEMPTS = 5;

    private static final String INSERT = """
            insert into document (id, department_id, digest, algorithm, reference, received_at, signature,
                                  signature_key_id)
            select d.id, ?, d.digest, d.algorithm, d.reference, ?, d.signature, d.key_id
              from unnest(?::uuid[], ?::bytea[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bigint[])
                   with ordinality as d(id, digest, algorithm, reference, signature, key_id, position)
             order by d.position
            on conflict (department_id, digest) do nothing
            returning id, digest, algorithm, reference
            """;

    private static final String SELECT = "select d.id, d.digest, d.algorithm, d.reference, d.received_at, b.id, "
            + "b.status from document d " + DocumentSequence.JOIN_BATCH
            + " where d.department_id = ? and d.digest = any(?::bytea[])";

    private final AgroalDataSource dataSource;
    private final MeterRegistry registry;
    private final DepartmentKeys departmentKeys;

    public DocumentService(AgroalDataSource dataSource, MeterRegistry registry, DepartmentKeys departmentKeys) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.departmentKeys = departmentKeys;
    }

    /**
     * While the department has signing keys valid now (by the issuer registry, and for a certificate by its chain
     * under today's trusted roots), every document must carry a signature that verifies under one of them. A
     * department that has had keys keeps requiring signatures when none is valid now: the submission is refused
     * (409) until an administrator registers a key or turns the requirement off. A department that never signed
     * gets a signature refused (nothing could check it). Returns the id of the key per document (null everywhere
     * when the department signs nothing).
     */
    private Long[] checkSignatures(long departmentId, String departmentCode, List<ValidDocument> documents) {
        Long[] keyIds = new Long[documents.size()];
        SigningState state = signingState(departmentId);
        DepartmentKeys.SigningKeys signing = state.hasActiveKey() ? departmentKeys.signing(departmentId)
                : new DepartmentKeys.SigningKeys(Map.of(), List.of());
        if (signing.usable().isEmpty()) {
            if (state.signaturesRequired()) {
                throw signing.refused().isEmpty()
                        ? ProblemException.conflict("no-signing-key", "no-signing-key.required", departmentCode)
                        : ProblemException.conflict("no-signing-key", "no-signing-key.required-refused",
                                departmentCode, Message.joined(signing.refused()));
            }
            // A signature nothing can check is refused rather than dropped: the department means it to count.
            List<FieldError> unchecked = new ArrayList<>();
            for (int i = 0; i < documents.size() && unchecked.size() < 100; i++) {
                if (documents.get(i).signature() != null) {
                    unchecked.add(FieldError.of((documents.size() == 1 ? "" : "/documents/" + i) + "/signature",
                            "signature.no-key-now", departmentCode));
                }
            }
            if (!unchecked.isEmpty()) {
                throw ProblemException.invalid(unchecked);
            }
            return keyIds;
        }
        List<Map.Entry<RegisteredKey, DepartmentKey>> parsed = List.copyOf(signing.usable().entrySet());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < documents.size() && errors.size() < 100; i++) {
            ValidDocument document = documents.get(i);
            String pointer = (documents.size() == 1 ? "" : "/documents/" + i) + "/signature";
            if (document.signature() == null) {
                errors.add(FieldError.of(pointer, "signature.required", departmentCode));
                continue;
            }
            for (Map.Entry<RegisteredKey, DepartmentKey> key : parsed) {
                if (SignatureVerifier.verify(key.getValue(), departmentCode, document.digest(),
                        document.algorithm().id(), document.signature())) {
                    keyIds[i] = key.getKey().id;
                    break;
                }
            }
            if (keyIds[i] == null) {
                errors.add(FieldError.of(pointer, "signature.mismatch", departmentCode, SignedMessage.PREFIX.strip()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return keyIds;
    }

    /** Whether the department requires signatures, and whether it has a key the issuer registry says signs now. */
    private record SigningState(boolean signaturesRequired, boolean hasActiveKey) {
    }

    /**
     * One query: most departments have no key, and then nothing else is read ({@link DepartmentKeys#active} is the
     * same condition, for the keys themselves).
     */
    private static SigningState signingState(long departmentId) {
        Object[] row = (Object[]) io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery("""
                select d.signatures_required, exists (select 1 from department_key k where k.department_id = d.id
                       and k.valid_from is not null and k.valid_from <= ?2 and (k.revoked_at is null or k.revoked_at > ?2))
                  from department d where d.id = ?1""").setParameter(1, departmentId)
                .setParameter(2, java.time.OffsetDateTime.now()).getSingleResult();
        return new SigningState(Boolean.TRUE.equals(row[0]), Boolean.TRUE.equals(row[1]));
    }

    /** The outcome of a submission: receipts in request order, and how many documents are new. */
    public record Submission(List<Receipt> receipts, int created) {
    }

    /**
     * Stores the documents in a transaction of its own. Two requests that overlap (a back office retrying a bulk
     * request while the first is still running) insert in the same canonical order, by digest, so they wait for
     * each other instead of deadlocking; a serialization failure or deadlock PostgreSQL still reports (a trigger,
     * another writer) is retried in a new transaction, a few times, before it becomes a 503.
     */
    public Submission submit(long departmentId, String departmentCode, List<ValidDocument> documents,
            AuditLog audit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew()
                        .call(() -> submitOnce(departmentId, departmentCode, documents, audit));
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.infof("Submission of %d documents for %s hit a %s; retrying (attempt %d of %d)",
                        documents.size(), departmentCode, sqlState(e), attempt + 1, MAX_ATTEMPTS);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A serialization failure (40001) or a detected deadlock (40P01): the same request may well succeed again. */
    static boolean retryable(Throwable e) {
        String state = sqlState(e);
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private Submission submitOnce(long departmentId, String departmentCode, List<ValidDocument> documents,
            AuditLog audit) {
        // Postgres keeps microseconds; truncate so that the receipt equals what a later read returns.
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Long[] signedWith = checkSignatures(departmentId, departmentCode, documents);
        Map<ValidDocument, Integer> position = new java.util.IdentityHashMap<>();
        Map<Hash32, ValidDocument> unique = new LinkedHashMap<>();
        Map<Hash32, UUID> newIds = new HashMap<>();
        for (ValidDocument document : documents) {
            ValidDocument first = unique.putIfAbsent(document.digest(), document);
            if (first != null && first.algorithm() != document.algorithm()) {
                throw ProblemException.conflict("algorithm-mismatch", "algorithm-mismatch.twice", document.digest(),
                        first.algorithm().id(), document.algorithm().id());
            }
            newIds.putIfAbsent(document.digest(), UUID.randomUUID());
            position.putIfAbsent(document, position.size());
        }
        // Canonical order: every request locks the (department, digest) keys it inserts in ascending digest order.
        List<ValidDocument> canonical = new ArrayList<>(unique.values());
        canonical.sort((a, b) -> java.util.Arrays.compareUnsigned(a.digest().bytes(), b.digest().bytes()));
        int n = canonical.size();
        UUID[] ids = new UUID[n];
        byte[][] digests = new byte[n][];
        String[] algorithms = new String[n];
        String[] references = new String[n];
        byte[][] signatures = new byte[n][];
        Long[] keyIds = new Long[n];
        int i = 0;
        for (ValidDocument document : canonical) {
            ids[i] = newIds.get(document.digest());
            digests[i] = document.digest().bytes();
            algorithms[i] = document.algorithm().id();
            references[i] = document.reference();
            signatures[i] = document.signature();
            keyIds[i] = signedWith[position.get(document)];
            i++;
        }
        Map<Hash32, Receipt> receipts = new HashMap<>();
        int created = 0;
        try (Connection connection = dataSource.getConnection()) {
            DocumentSequence.enterIntake(connection);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setLong(1, departmentId);
                insert.setTimestamp(2, Timestamp.from(receivedAt));
                insert.setArray(3, connection.createArrayOf("uuid", ids));
                insert.setArray(4, connection.createArrayOf("bytea", digests));
                insert.setArray(5, connection.createArrayOf("varchar", algorithms));
                insert.setArray(6, connection.createArrayOf("varchar", references));
                insert.setArray(7, connection.createArrayOf("bytea", signatures));
                insert.setArray(8, connection.createArrayOf("bigint", keyIds));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        // New: pending, received now.
                        Hash32 digest = new Hash32(rows.getBytes(2));
                        receipts.put(digest, new Receipt(rows.getObject(1, UUID.class), digest.toHex(),
                                rows.getString(3), departmentCode, rows.getString(4), "PENDING", receivedAt, null));
                        created++;
                    }
                }
            }
            if (created < n) {
                // Registered before: read back as they stand.
                List<byte[]> known = new ArrayList<>(n - created);
                for (byte[] digest : digests) {
                    if (!receipts.containsKey(new Hash32(digest))) {
                        known.add(digest);
                    }
                }
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setLong(1, departmentId);
                    select.setArray(2, connection.createArrayOf("bytea", known.toArray(byte[][]::new)));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Hash32 digest = new Hash32(rows.getBytes(2));
                            Long batchId = rows.getObject(6, Long.class);
                            String status = Batch.Status.ANCHORED.name().equals(rows.getString(7)) ? "ANCHORED"
                                    : "PENDING";
                            receipts.put(digest, new Receipt(rows.getObject(1, UUID.class), digest.toHex(),
                                    rows.getString(3), departmentCode, rows.getString(4), status,
                                    rows.getTimestamp(5).toInstant(), batchId));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store documents (SQLState " + e.getSQLState() + ")", e);
        }
        List<Receipt> ordered = new ArrayList<>(documents.size());
        for (ValidDocument document : documents) {
            Receipt receipt = receipts.get(document.digest());
            if (!receipt.algorithm().equals(document.algorithm().id())) {
                throw ProblemException.conflict("algorithm-mismatch", "algorithm-mismatch.registered",
                        document.digest(), receipt.algorithm(), document.algorithm().id());
            }
            ordered.add(receipt);
        }
        audit.record("documents.submit", documents.size() == 1 ? documents.get(0).digest().toHex()
                : documents.size() + " documents", created + " new, " + (unique.size() - created) + " already registered");
        int finalCreated = created;
        // Counted after commit, so a rolled-back request counts nothing.
        jakarta.transaction.TransactionSynchronizationRegistry sync = io.quarkus.arc.Arc.container()
                .instance(jakarta.transaction.TransactionSynchronizationRegistry.class).get();
        sync.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == jakarta.transaction.Status.STATUS_COMMITTED) {
                    registry.counter("anchor.submissions", "department", departmentCode, "outcome", "accepted")
                            .increment(finalCreated);
                    registry.counter("anchor.submissions", "department", departmentCode, "outcome", "duplicate")
                            .increment(unique.size() - finalCreated);
                }
            }
        });
        return new Submission(ordered, created);
    }
}
