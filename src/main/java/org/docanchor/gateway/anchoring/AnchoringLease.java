package org.docanchor.gateway.anchoring;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Chooses, through PostgreSQL, the one replica that anchors: a lease row that a replica takes when it is free or
 * expired and renews while it works. Each takeover increments a fencing token; {@link #assertHeld} inside a
 * transaction makes a write fail once another replica has taken over, so a replica that paused (GC, network)
 * cannot write over its successor.
 */
@ApplicationScoped
public class AnchoringLease {

    private static final String NAME = "anchorer";

    private final AgroalDataSource dataSource;
    private final String holder = hostName() + "/" + UUID.randomUUID();

    public AnchoringLease(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This replica's name in the lease row. */
    public String holder() {
        return holder;
    }

    /**
     * Takes or renews the lease for {@code ttl}; returns the fencing token while this replica holds it, empty
     * when another live replica does.
     */
    public OptionalLong acquire(Duration ttl) {
        // A new holder gets token + 1; a renewal keeps its token.
        String sql = """
                update anchoring_lease
                   set token = case when holder = ? then token else token + 1 end,
                       holder = ?,
                       expires_at = now() + ?::interval
                 where name = ? and (holder = ? or holder is null or expires_at < now())
                returning token""";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, holder);
            statement.setString(2, holder);
            statement.setString(3, ttl.toMillis() + " milliseconds");
            statement.setString(4, NAME);
            statement.setString(5, holder);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the anchoring lease: " + e.getMessage(), e);
        }
    }

    /**
     * Renews the lease this replica holds with {@code token} for another {@code ttl}; throws
     * {@link LeaseLostException} when another replica holds it now.
     */
    public void renew(long token, Duration ttl) {
        OptionalLong renewed = acquire(ttl);
        if (renewed.isEmpty() || renewed.getAsLong() != token) {
            throw new LeaseLostException("the anchoring lease (token " + token + ") passed to another replica");
        }
    }

    /** Gives the lease up at once (graceful shutdown), so another replica need not wait for it to expire. */
    public void release() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "update anchoring_lease set holder = null, expires_at = '-infinity' where name = ? and holder = ?")) {
            statement.setString(1, NAME);
            statement.setString(2, holder);
            statement.executeUpdate();
        } catch (SQLException e) {
            // Expiry frees it anyway.
        }
    }

    /**
     * Fails unless this replica still holds the lease with {@code token}; call it inside the transaction that
     * writes batch state. The row lock keeps a takeover from interleaving with that transaction.
     */
    public void assertHeld(long token) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select holder, token, expires_at > now() from anchoring_lease where name = ? for update")) {
            statement.setString(1, NAME);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next() || !holder.equals(row.getString(1)) || row.getLong(2) != token || !row.getBoolean(3)) {
                    throw new LeaseLostException("the anchoring lease (token " + token + ") passed to another replica");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the anchoring lease: " + e.getMessage(), e);
        }
    }

    /** This replica no longer holds the anchoring lease; whatever it was about to write is dropped. */
    public static class LeaseLostException extends RuntimeException {
        public LeaseLostException(String message) {
            super(message);
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "gateway" : host;
    }
}
