package org.docanchor.gateway.batching;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.intake.Document;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Departments.TestDepartment;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch covers a range of document numbers, and numbers commit out of order: the sealer must not seal past a
 * number that is still in flight, or that document would fall below every later batch and never be anchored.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class BatchRangeTest {

    @Inject
    ApiKeys apiKeys;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BatchSealer sealer;

    TestDepartment department;

    @BeforeEach
    void createDepartment() {
        department = Departments.create(apiKeys, "RANGE");
    }

    /**
     * An intake transaction holds a smaller number uncommitted while a larger one commits through the API. No batch
     * may take the larger one until the smaller commits (the scheduled sealer runs every second with a max-delay of
     * 1 s here, so without the intake lock it would); then both are sealed, in the same batch or in order.
     */
    @Test
    void aNumberStillInFlight_holdsBackSealing_andIsSealedOnceCommitted() throws Exception {
        String slow = Digests.random();
        String fast = Digests.random();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection intake = dataSource.getConnection()) {
            intake.setAutoCommit(false);
            DocumentSequence.enterIntake(intake);
            long slowSeq;
            try (PreparedStatement insert = intake.prepareStatement("""
                    insert into document (id, department_id, digest, algorithm, received_at)
                    select ?, id, ?, 'sha256', ? from department where code = ? returning seq""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setBytes(2, HexFormat.of().parseHex(slow.substring(2)));
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.setString(4, department.code());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    slowSeq = row.getLong(1);
                }
            }
            given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                    .body(Map.of("digest", fast, "algorithm", "sha256")).post("/api/v1/documents").then()
                    .statusCode(202);
            long fastSeq = seqOf(fast);
            assertThat(fastSeq).isGreaterThan(slowSeq);
            Future<?> explicitSeal = pool.submit(() -> sealer.sealIfDue(Instant.now().plus(Duration.ofHours(1))));

            Thread.sleep(3_000);
            assertThat(batchOf(fastSeq)).as("a batch covering %s while %s is uncommitted", fastSeq, slowSeq).isNull();
            assertThat(explicitSeal).as("the sealer waits for the intake transaction").isNotDone();

            intake.commit();
        } finally {
            pool.shutdown();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while ((batchOf(seqOf(slow)) == null || batchOf(seqOf(fast)) == null) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        for (String digest : List.of(slow, fast)) {
            Batch batch = batchOf(seqOf(digest));
            assertThat(batch).as("the batch of %s", digest).isNotNull();
            assertThat(leavesOf(batch.id)).contains(QuarkusTransaction.requiringNew().call(() ->
                    Document.<Document>find("digest", HexFormat.of().parseHex(digest.substring(2))).firstResult()
                            .leaf()));
        }
    }

    private static long seqOf(String digest) {
        return QuarkusTransaction.requiringNew().call(() -> Document.<Document>find("digest",
                HexFormat.of().parseHex(digest.substring(2))).firstResult().seq);
    }

    private static Batch batchOf(long seq) {
        return QuarkusTransaction.requiringNew().call(() -> Batch.containing(seq));
    }

    /** The batch's stored leaves, which must give its root. */
    private List<Hash32> leavesOf(long batchId) throws Exception {
        try (Connection db = dataSource.getConnection();
                PreparedStatement select = db.prepareStatement("select leaves, root from batch where id = ?")) {
            select.setLong(1, batchId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                StandardMerkleTree tree = StandardMerkleTree.ofLeafHashes(row.getBytes(1), Parallelism.ONE_THREAD);
                assertThat(tree.root()).isEqualTo(new Hash32(row.getBytes(2)));
                return new ArrayList<>(tree.sortedLeaves());
            }
        }
    }
}
