package org.docanchor.gateway.batching;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Documents are numbered at intake ({@code document.seq}) and a batch covers the numbers
 * {@code (previous batch's last_seq, last_seq]}. Numbers are handed out in order but transactions commit in any
 * order, so the sealer must never take a range while a smaller number can still commit. Intake holds the advisory
 * lock {@link #INTAKE} shared for its transaction, taken before its first number ({@link #enterIntake}). The sealer
 * never takes that lock (so intake never queues behind it): it reads the last number handed out, then waits for the
 * intake transactions that hold the lock at that moment to end ({@link #committedUpTo}). Any number up to the one it
 * read belongs to one of those or to a transaction already ended; later intakes get larger numbers. Nothing else
 * inserts documents.
 */
public final class DocumentSequence {

    /** The advisory lock key, "intake". */
    static final long INTAKE = 0x696e74616b65L;

    /** SQL for the highest number sealed into a batch (0 before the first batch). */
    public static final String SEALED_UP_TO = "(select coalesce(max(last_seq), 0) from batch)";

    /**
     * SQL to join the batch of document {@code d} as {@code b} (columns {@code id}, {@code status}); no row while
     * the document is pending.
     */
    public static final String JOIN_BATCH = "left join lateral (select id, status from batch where last_seq >= d.seq "
            + "order by last_seq limit 1) b on true";

    private DocumentSequence() {
    }

    /** Called by intake in its transaction, before it inserts documents. */
    public static void enterIntake(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock_shared(?)")) {
            lock.setLong(1, INTAKE);
            lock.execute();
        }
    }

    /**
     * A number below which (inclusive) every document is committed or rolled back for good: the last number handed
     * out, once the intake transactions running now have ended. Empty if they have not ended within
     * {@code patience}.
     */
    static java.util.OptionalLong committedUpTo(Connection connection, java.time.Duration patience)
            throws SQLException, InterruptedException {
        long last;
        try (PreparedStatement select = connection.prepareStatement(
                "select coalesce(pg_sequence_last_value('document_seq'), 0), " + SEALED_UP_TO);
                ResultSet row = select.executeQuery()) {
            row.next();
            last = row.getLong(1);
            if (last <= row.getLong(2)) {
                // Every number handed out is sealed already: nothing in flight can be overtaken.
                return java.util.OptionalLong.of(last);
            }
        }
        // A later statement: its lock table view is after the read above.
        java.sql.Array running;
        try (PreparedStatement select = connection.prepareStatement(HOLDERS.formatted("array_agg(virtualtransaction)",
                ""))) {
            select.setLong(1, INTAKE >>> 32);
            select.setLong(2, INTAKE & 0xffffffffL);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                running = row.getArray(1);
            }
        }
        if (running == null) {
            return java.util.OptionalLong.of(last);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        try (PreparedStatement stillRunning = connection.prepareStatement(HOLDERS.formatted("count(*)",
                " and virtualtransaction = any(?)"))) {
            stillRunning.setLong(1, INTAKE >>> 32);
            stillRunning.setLong(2, INTAKE & 0xffffffffL);
            stillRunning.setArray(3, running);
            for (long pause = 1; System.nanoTime() < deadline; pause = Math.min(2 * pause, 50)) {
                try (ResultSet row = stillRunning.executeQuery()) {
                    row.next();
                    if (row.getLong(1) == 0) {
                        return java.util.OptionalLong.of(last);
                    }
                }
                Thread.sleep(pause);
            }
        }
        return java.util.OptionalLong.empty();
    }

    /** The granted holds of the intake lock (key split into classid and objid, as pg_locks shows a bigint key). */
    private static final String HOLDERS = "select %s from pg_locks where locktype = 'advisory' and granted "
            + "and classid::bigint = ? and objid::bigint = ? and objsubid = 1%s";
}
