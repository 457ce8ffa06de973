package org.docanchor.gateway.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.docanchor.gateway.devstack.LocalPostgres;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database sealed under schema V9 (every document row holding its batch, leaf and path) migrated to V10 (batches
 * cover ranges of document numbers and store their leaves): the ranges cover exactly the old batches' documents, the
 * pending documents come after them, and the tree rebuilt from a legacy batch's documents gives every document the
 * path V9 stored, and is checked against the root.
 */
class BatchRangesMigrationTest {

    private static Path dir;
    private static LocalPostgres postgres;
    private static PGSimpleDataSource dataSource;
    /** digest hex to the path V9 stored, for the sealed documents. */
    private static final Map<String, byte[]> storedPaths = new HashMap<>();
    private static final Map<String, Long> batchOf = new HashMap<>();
    private static final List<String> pending = new ArrayList<>();

    @BeforeAll
    static void sealUnderV9ThenMigrate() throws Exception {
        dir = Files.createTempDirectory("batch-ranges-migration");
        postgres = LocalPostgres.start(dir.resolve("postgres"), 0);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        flyway("9").migrate();
        Random random = new Random(10);
        try (Connection db = dataSource.getConnection()) {
            long civil = department(db, "CIVIL");
            long lands = department(db, "LANDS");
            // Batch 1: 7 documents of two departments; batch 2: 1 document; then 3 pending. Inserted interleaved,
            // so that V10's numbering must follow the batches, not the insertion order.
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                long batch = i % 3 == 0 && i < 9 ? 1 : i == 4 ? 2 : i >= 8 ? 0 : 1;
                rows.add(new Object[] {digest, i % 2 == 0 ? civil : lands, i % 2 == 0 ? "CIVIL" : "LANDS", batch});
            }
            for (long batch = 1; batch <= 2; batch++) {
                List<Object[]> members = new ArrayList<>();
                for (Object[] row : rows) {
                    if (row[3] instanceof Long member && member == batch) {
                        members.add(row);
                    }
                }
                List<Hash32> leaves = members.stream().map(r -> LeafEncoding.leafHash(new Hash32((byte[]) r[0]),
                        "sha256", (String) r[2])).toList();
                StandardMerkleTree tree = StandardMerkleTree.of(leaves);
                try (PreparedStatement insert = db.prepareStatement("insert into batch (id, root, leaf_count, "
                        + "status, sealed_at) values (?, ?, ?, 'ANCHORED', now())")) {
                    insert.setLong(1, batch);
                    insert.setBytes(2, tree.root().bytes());
                    insert.setInt(3, members.size());
                    insert.executeUpdate();
                }
                for (int i = 0; i < members.size(); i++) {
                    String hex = new Hash32((byte[]) members.get(i)[0]).toHex();
                    storedPaths.put(hex, tree.proofBytes(tree.sortedIndexOf(i)));
                    batchOf.put(hex, batch);
                    members.get(i)[3] = new Object[] {batch, leaves.get(i).bytes(), storedPaths.get(hex)};
                }
            }
            Instant at = Instant.parse("2026-11-30T10:00:00Z");
            for (Object[] row : rows) {
                try (PreparedStatement insert = db.prepareStatement("insert into document (id, department_id, digest, "
                        + "algorithm, received_at, batch_id, leaf, proof) values (?, ?, ?, 'sha256', ?, ?, ?, ?)")) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setLong(2, (long) row[1]);
                    insert.setBytes(3, (byte[]) row[0]);
                    insert.setTimestamp(4, Timestamp.from(at = at.plusSeconds(1)));
                    if (row[3] instanceof Object[] sealed) {
                        insert.setObject(5, sealed[0]);
                        insert.setBytes(6, (byte[]) sealed[1]);
                        insert.setBytes(7, (byte[]) sealed[2]);
                    } else {
                        insert.setObject(5, null);
                        insert.setBytes(6, null);
                        insert.setBytes(7, null);
                        pending.add(new Hash32((byte[]) row[0]).toHex());
                    }
                    insert.executeUpdate();
                }
            }
        }
        flyway(null).migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void rangesCoverExactlyTheOldBatches_andPendingDocumentsComeAfter() throws Exception {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("""
                        select d.digest, b.id, (select max(last_seq) from batch where id <= 2) < d.seq
                          from document d left join batch b on b.id <= 2 and d.seq between b.first_seq and b.last_seq
                         where d.received_at < '2026-12-01'""")) {
            int seen = 0;
            while (rows.next()) {
                String digest = new Hash32(rows.getBytes(1)).toHex();
                Long batch = rows.getObject(2, Long.class);
                assertThat(batch).as(digest).isEqualTo(batchOf.get(digest));
                assertThat(rows.getBoolean(3)).as("%s after every batch", digest).isEqualTo(pending.contains(digest));
                seen++;
            }
            assertThat(seen).isEqualTo(11);
        }
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(
                        "select count(*) from batch where id <= 2 and last_seq - first_seq + 1 = leaf_count")) {
            row.next();
            assertThat(row.getLong(1)).as("both legacy batches, contiguous").isEqualTo(2);
        }
    }

    @Test
    void legacyTrees_areRebuiltFromTheirDocuments_givingThePathsV9Stored_andTheirLeavesAreStored() throws Exception {
        BatchTrees trees = new BatchTrees(dataSource, 1_000);
        for (Map.Entry<String, byte[]> stored : storedPaths.entrySet()) {
            StandardMerkleTree tree = trees.tree(batchOf.get(stored.getKey()));
            Hash32 leaf;
            try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(
                    "select p.code from document d join department p on p.id = d.department_id where d.digest = ?")) {
                select.setBytes(1, Hash32.fromHex(stored.getKey()).bytes());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    leaf = LeafEncoding.leafHash(Hash32.fromHex(stored.getKey()), "sha256", row.getString(1));
                }
            }
            assertThat(tree.proofBytes(tree.sortedIndexOfLeaf(leaf))).as(stored.getKey()).isEqualTo(stored.getValue());
        }
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("select id, leaves from batch where id <= 2 order by id")) {
            while (rows.next()) {
                assertThat(rows.getBytes(2)).as("batch %s stored", rows.getLong(1))
                        .isEqualTo(new BatchTrees(dataSource, 1_000).tree(rows.getLong(1)).sortedLeafBytes());
            }
        }
    }

    @Test
    void aLegacyBatchWhoseDocumentsDoNotGiveItsRoot_isAnError_notAProof() throws Exception {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement()) {
            statement.executeUpdate("insert into batch (id, root, leaf_count, status, sealed_at, first_seq, last_seq) "
                    + "select 3, decode(repeat('ab', 32), 'hex'), 1, 'SEALED', now(), seq, seq from document "
                    + "where seq = (select max(seq) from document)");
        }
        assertThatThrownBy(() -> new BatchTrees(dataSource, 1_000).tree(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch 3: its documents give root").hasMessageContaining("the batch says 0xabab");
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("select leaves is null from batch where id = 3")) {
            row.next();
            assertThat(row.getBoolean(1)).as("nothing stored").isTrue();
        }
    }

    @Test
    void newDocumentsAreNumberedAfterTheMigratedOnes() throws Exception {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement()) {
            statement.executeUpdate("insert into document (id, department_id, digest, algorithm, received_at) "
                    + "select gen_random_uuid(), id, decode(repeat('cd', 32), 'hex'), 'sha256', now() from department "
                    + "where code = 'CIVIL'");
            try (ResultSet row = statement.executeQuery("select seq = (select max(seq) from document) and seq > 11 "
                    + "from document where digest = decode(repeat('cd', 32), 'hex')")) {
                row.next();
                assertThat(row.getBoolean(1)).isTrue();
            }
        }
    }

    private static long department(Connection db, String code) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(
                "insert into department (code, name) values (?, ?) returning id")) {
            insert.setString(1, code);
            insert.setString(2, code);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .placeholders(Map.of("runtimeRole", ""));
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }
}
