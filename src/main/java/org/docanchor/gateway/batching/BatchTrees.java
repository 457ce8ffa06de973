package org.docanchor.gateway.batching;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.jboss.logging.Logger;

/**
 * The trees of sealed batches, rebuilt from the sorted leaf level each batch stores and kept in memory, least
 * recently used dropped first, up to {@code anchor.batch.cached-leaves} leaves in all. A sealed batch's tree never
 * changes. Every tree is checked against the batch's root before it is used.
 *
 * <p>Batches sealed before the leaves were stored (schema V10) have none: their tree is rebuilt from their
 * documents, checked against the root, and stored.
 */
@ApplicationScoped
public class BatchTrees {

    private static final Logger LOG = Logger.getLogger(BatchTrees.class);

    private final DataSource dataSource;
    private final long capacity;
    private final LinkedHashMap<Long, StandardMerkleTree> trees = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, CompletableFuture<StandardMerkleTree>> loading = new ConcurrentHashMap<>();
    private long cachedLeaves;

    @Inject
    public BatchTrees(AgroalDataSource dataSource, BatchConfig config) {
        this(dataSource, config.cachedLeaves());
    }

    /** Trees of {@code dataSource}'s batches, at most {@code capacity} leaves in memory. */
    BatchTrees(DataSource dataSource, long capacity) {
        this.dataSource = dataSource;
        this.capacity = capacity;
    }

    /** The tree of sealed batch {@code batchId}; one load at a time per batch, however many ask. */
    public StandardMerkleTree tree(long batchId) {
        StandardMerkleTree cached = cached(batchId);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<StandardMerkleTree> mine = new CompletableFuture<>();
        CompletableFuture<StandardMerkleTree> theirs = loading.putIfAbsent(batchId, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            StandardMerkleTree tree = load(batchId);
            remember(batchId, tree);
            mine.complete(tree);
            return tree;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(batchId, mine);
        }
    }

    private synchronized StandardMerkleTree cached(long batchId) {
        return trees.get(batchId);
    }

    private synchronized void remember(long batchId, StandardMerkleTree tree) {
        if (tree.size() > capacity || trees.containsKey(batchId)) {
            return;
        }
        trees.put(batchId, tree);
        cachedLeaves += tree.size();
        for (Iterator<StandardMerkleTree> eldest = trees.values().iterator(); cachedLeaves > capacity;) {
            cachedLeaves -= eldest.next().size();
            eldest.remove();
        }
    }

    private StandardMerkleTree load(long batchId) {
        try (Connection connection = dataSource.getConnection()) {
            Hash32 root;
            byte[] leaves;
            long firstSeq;
            long lastSeq;
            try (PreparedStatement select = connection.prepareStatement(
                    "select root, leaves, first_seq, last_seq from batch where id = ?")) {
                select.setLong(1, batchId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("batch " + batchId + " does not exist");
                    }
                    root = new Hash32(row.getBytes(1));
                    leaves = row.getBytes(2);
                    firstSeq = row.getLong(3);
                    lastSeq = row.getLong(4);
                }
            }
            boolean stored = leaves != null;
            if (!stored) {
                leaves = leavesOfDocuments(connection, firstSeq, lastSeq);
            }
            Parallelism parallelism = Parallelism.forSize(leaves.length / 32);
            StandardMerkleTree tree = stored ? sortedTree(batchId, leaves, parallelism)
                    : StandardMerkleTree.ofLeafHashes(leaves, parallelism);
            if (!tree.root().equals(root)) {
                throw new IllegalStateException("batch " + batchId + ": its " + (stored ? "stored leaves" : "documents")
                        + " give root " + tree.root() + ", the batch says " + root);
            }
            if (!stored) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update batch set leaves = ? where id = ? and leaves is null")) {
                    update.setBytes(1, tree.sortedLeafBytes());
                    update.setLong(2, batchId);
                    update.executeUpdate();
                }
                LOG.infof("Stored the leaves of batch %d (%d), sealed before batches kept them", batchId, tree.size());
            }
            return tree;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tree of batch " + batchId + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    private static StandardMerkleTree sortedTree(long batchId, byte[] leaves, Parallelism parallelism) {
        try {
            return StandardMerkleTree.ofSortedLeafHashes(leaves, parallelism);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("batch " + batchId + ": stored leaves unusable: " + e.getMessage(), e);
        }
    }

    private static byte[] leavesOfDocuments(Connection connection, long firstSeq, long lastSeq) throws SQLException {
        List<LeafEncoding.Value> values = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select d.digest, d.algorithm, p.code
                  from document d join department p on p.id = d.department_id
                 where d.seq between ? and ?""")) {
            select.setLong(1, firstSeq);
            select.setLong(2, lastSeq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(new LeafEncoding.Value(new Hash32(rows.getBytes(1)), rows.getString(2),
                            rows.getString(3)));
                }
            }
        }
        return LeafEncoding.leafHashes(values, Parallelism.forSize(values.size()));
    }
}
