package org.docanchor.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The runtime role (anchor.database.runtime-role, here the default anchor_app) gets rows and nothing more from the
 * migrations: it reads and writes the gateway's tables, may only insert into and read the audit log, and cannot drop
 * the append-only trigger, change a table or touch the migration history. The test creates the role on the
 * embedded PostgreSQL, migrates again (the grants are re-applied at every migration) and connects as it.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DatabaseRolesTest {

    private static final String PASSWORD = "runtime-role-test-password";

    @Inject
    AgroalDataSource owner;

    @Inject
    Flyway flyway;

    @Test
    void theRuntimeRoleWritesRowsOnly_andTheAuditLogStaysAppendOnly() throws Exception {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = 'anchor_app') then "
                    + "create role anchor_app login password '" + PASSWORD + "'; end if; end $$");
        }
        flyway.migrate();

        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection runtime = DriverManager.getConnection(url, "anchor_app", PASSWORD);
                Statement statement = runtime.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select count(*) from document")) {
                assertThat(rows.next()).isTrue();
            }
            statement.executeUpdate("insert into audit_event (at, actor, action, target) values (now(), "
                    + "'database-roles-test', 'test.insert', 'audit_event')");
            try (ResultSet rows = statement.executeQuery(
                    "select count(*) from audit_event where actor = 'database-roles-test'")) {
                rows.next();
                assertThat(rows.getLong(1)).isPositive();
            }
            statement.executeUpdate("update department set name = name where false");
            // What intake and the sealer need of the document numbering (DocumentSequence).
            try (ResultSet rows = statement.executeQuery("select pg_advisory_xact_lock_shared(1), "
                    + "pg_sequence_last_value('document_seq'), (select count(*) from pg_locks)")) {
                assertThat(rows.next()).isTrue();
            }

            assertRefused(statement, "update audit_event set action = 'rewritten'", "permission denied");
            assertRefused(statement, "delete from audit_event", "permission denied");
            assertRefused(statement, "truncate audit_event", "permission denied");
            assertRefused(statement, "drop trigger audit_event_append_only on audit_event", "must be owner");
            assertRefused(statement, "alter table document add column smuggled int", "must be owner");
            assertRefused(statement, "delete from flyway_schema_history", "permission denied");
            assertRefused(statement, "create table smuggled (id int)", "permission denied");
        }
    }

    private static void assertRefused(Statement statement, String sql, String reason) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .hasMessageContaining(reason);
    }
}
