package org.docanchor.gateway.intake;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.batching.DocumentSequence;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.merkle.Hash32;

/**
 * A department's own documents, oldest first, by its reference and by time received; keyset pagination on
 * (receivedAt, id), so a page costs one index range however deep the listing goes. Never another department's.
 */
@ApplicationScoped
public class DocumentSearch {

    /** Largest page. */
    public static final int MAX_LIMIT = 1000;

    /** A page of receipts, and the cursor of the next page (absent on the last one). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Page(List<Receipt> documents, String next) {
    }

    /** Where a page starts: after this (receivedAt, id). */
    record Cursor(Instant receivedAt, UUID id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt);
            return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + "." + id)
                    .getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String value) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
                int dot = text.indexOf('.');
                long micros = Long.parseLong(text.substring(0, dot));
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(text.substring(dot + 1)));
            } catch (RuntimeException e) {
                throw ProblemException.invalid(List.of(FieldError.of("/after", "search.cursor")));
            }
        }
    }

    private final AgroalDataSource dataSource;

    public DocumentSearch(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page find(long departmentId, String departmentCode, Optional<String> reference, Optional<Instant> from,
            Optional<Instant> to, Optional<String> after, int limit) {
        Optional<Cursor> cursor = after.map(Cursor::decode);
        StringBuilder sql = new StringBuilder("select d.id, d.digest, d.algorithm, d.reference, d.received_at, "
                + "b.id, b.status from document d " + DocumentSequence.JOIN_BATCH + " where d.department_id = ?");
        reference.ifPresent(r -> sql.append(" and d.reference = ?"));
        from.ifPresent(f -> sql.append(" and d.received_at >= ?"));
        to.ifPresent(t -> sql.append(" and d.received_at < ?"));
        cursor.ifPresent(c -> sql.append(" and (d.received_at, d.id) > (?, ?)"));
        sql.append(" order by d.received_at, d.id limit ?");
        List<Receipt> receipts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setLong(i++, departmentId);
            if (reference.isPresent()) {
                select.setString(i++, reference.get());
            }
            if (from.isPresent()) {
                select.setTimestamp(i++, Timestamp.from(from.get()));
            }
            if (to.isPresent()) {
                select.setTimestamp(i++, Timestamp.from(to.get()));
            }
            if (cursor.isPresent()) {
                select.setTimestamp(i++, Timestamp.from(cursor.get().receivedAt()));
                select.setObject(i++, cursor.get().id());
            }
            select.setInt(i, limit + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String status = Batch.Status.ANCHORED.name().equals(rows.getString(7)) ? "ANCHORED" : "PENDING";
                    receipts.add(new Receipt(rows.getObject(1, UUID.class), new Hash32(rows.getBytes(2)).toHex(),
                            rows.getString(3), departmentCode, rows.getString(4), status,
                            rows.getTimestamp(5).toInstant(), rows.getObject(6, Long.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not search documents (SQLState " + e.getSQLState() + ")", e);
        }
        if (receipts.size() <= limit) {
            return new Page(receipts, null);
        }
        List<Receipt> page = receipts.subList(0, limit);
        Receipt last = page.get(limit - 1);
        return new Page(List.copyOf(page), new Cursor(last.receivedAt(), last.id()).encode());
    }
}
