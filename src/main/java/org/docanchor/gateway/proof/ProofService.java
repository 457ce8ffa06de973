package org.docanchor.gateway.proof;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.docanchor.gateway.anchoring.Anchorer;
import org.docanchor.gateway.batching.Batch;
import org.docanchor.gateway.batching.BatchConfig;
import org.docanchor.gateway.batching.BatchTrees;
import org.docanchor.gateway.batching.DocumentSequence;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.web.LruMap;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.verifier.signature.SignedMessage;

/**
 * Assembles proof documents (format version 2) from the database. A proof costs one indexed query (the document,
 * the batch that covers it, its department, signing key and recorded revocation); the path is read off the batch's
 * tree ({@link BatchTrees}, kept in memory), found by the document's leaf. The anchored batch it names is immutable
 * once its header and state proof are settled, so it comes from a bounded cache.
 */
@ApplicationScoped
public class ProofService {

    static final int MAX_PATH = 64;
    /** Anchored batches kept in memory: a few hundred bytes to a few KB each. */
    static final int CACHED_BATCHES = 4096;

    private final ChainClient chain;
    private final ChainConfig chainConfig;
    private final BatchConfig batchConfig;
    private final AgroalDataSource dataSource;
    private final LruMap<Long, AnchoredBatch> batches = new LruMap<>(CACHED_BATCHES);
    private final BatchTrees trees;

    public ProofService(ChainClient chain, ChainConfig chainConfig, BatchConfig batchConfig, AgroalDataSource dataSource,
            BatchTrees trees) {
        this.trees = trees;
        this.chain = chain;
        this.chainConfig = chainConfig;
        this.batchConfig = batchConfig;
        this.dataSource = dataSource;
    }

    public ProofDocument proofFor(String digestHex, Optional<String> department) {
        return proofOf(find(digestHex, department));
    }

    /**
     * The proofs of {@code digests}, all registered by {@code department}, in their order, from one query (an
     * export's page); a digest the department has not registered is an error.
     */
    public List<ProofDocument> proofsFor(String department, List<String> digests) {
        java.util.Map<Hash32, Row> rows = new java.util.HashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                LOOKUP + " where d.digest = any(?) and p.code = ?")) {
            select.setArray(1, connection.createArrayOf("bytea",
                    digests.stream().map(d -> Hash32.fromHex(d).bytes()).toArray(byte[][]::new)));
            select.setString(2, department);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Row document = row(row);
                    rows.put(new Hash32(document.digest), document);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the proofs of " + digests.size() + " documents: "
                    + e.getMessage(), e);
        }
        List<ProofDocument> proofs = new ArrayList<>(digests.size());
        for (String digest : digests) {
            Row document = rows.get(Hash32.fromHex(digest));
            if (document == null) {
                throw new IllegalStateException(department + " has no document " + digest);
            }
            proofs.add(proofOf(document));
        }
        return proofs;
    }

    /** A page of the documents a department registered in a batch: their digests, and the last number read. */
    public record BatchPage(List<String> digests, long lastSeq) {
    }

    /**
     * Up to {@code limit} documents that department {@code departmentId} registered in {@code batch}, numbered after
     * {@code afterSeq}, in number order (an index range scan within the batch's range).
     */
    public BatchPage documentsIn(Batch batch, long departmentId, long afterSeq, int limit) {
        List<String> digests = new ArrayList<>(Math.min(limit, batch.leafCount));
        long last = afterSeq;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                select seq, digest from document
                 where seq > ? and seq <= ? and department_id = ?
                 order by seq limit ?""")) {
            select.setLong(1, Math.max(afterSeq, batch.firstSeq - 1));
            select.setLong(2, batch.lastSeq);
            select.setLong(3, departmentId);
            select.setInt(4, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    last = row.getLong(1);
                    digests.add(new Hash32(row.getBytes(2)).toHex());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the documents of batch " + batch.id + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
        return new BatchPage(digests, last);
    }

    private ProofDocument proofOf(Row document) {
        Hash32 digest = new Hash32(document.digest);
        Hash32 leaf = LeafEncoding.leafHash(digest, document.algorithm, document.department);
        AnchoredBatch batch = document.batchId == null ? null : anchoredBatch(document.batchId);
        if (batch == null) {
            Instant expected = document.receivedAt.plus(batchConfig.maxDelay())
                    .plus(chainConfig.blockPeriod().multipliedBy(2));
            return new ProofDocument(ProofDocument.VERSION, "PENDING", digest.toHex(), document.algorithm,
                    document.department, null, leaf.toHex(), null, null, null, chain.chainId(),
                    chain.registryAddress(), null, null, null, null, null, null, null, document.receivedAt, expected,
                    document.receiptId, document.signature, null);
        }
        StandardMerkleTree tree = trees.tree(batch.id);
        int index = tree.sortedIndexOfLeaf(leaf);
        if (index < 0) {
            throw new IllegalStateException("batch " + batch.id + " covers the document with digest " + digest
                    + " but its tree has no leaf " + leaf);
        }
        byte[] proof = tree.proofBytes(index);
        List<String> path = new ArrayList<>(proof.length / 32);
        for (int i = 0; i < proof.length; i += 32) {
            path.add("0x" + HexFormat.of().formatHex(proof, i, i + 32));
        }
        return new ProofDocument(ProofDocument.VERSION, document.revocation == null ? "ANCHORED" : "REVOKED",
                digest.toHex(), document.algorithm, document.department, LeafEncoding.TYPES, leaf.toHex(), path,
                batch.root, batch.id, batch.chainId, batch.registry, batch.txHash, batch.blockNumber, batch.blockHash,
                batch.blockTime, batch.consensus, batch.header, batch.anchorProof, null, null, document.receiptId,
                document.signature, document.revocation);
    }

    /** A registered document's digest and department, for links to it. */
    public record Registration(String digest, String department) {
    }

    /** The digest and department of a registered document (404 unknown, 409 ambiguous, as for proofs). */
    public Registration registration(String digestHex, Optional<String> department) {
        Row document = find(digestHex, department);
        return new Registration(new Hash32(document.digest).toHex(), document.department);
    }

    /** What a proof needs of a document row, read in one query. */
    private record Row(byte[] digest, String algorithm, String department, Instant receivedAt, Long batchId,
            ProofDocument.Signature signature, ProofDocument.Revocation revocation, String receiptId) {
    }

    /** The document, its department, signing key and recorded revocation (with its replacement), by digest. */
    private static final String LOOKUP = """
            select d.digest, d.algorithm, p.code, d.received_at, b.id, d.signature,
                   k.algorithm, k.fingerprint, k.pem,
                   r.reason, r.recorded_at, r.block_number, rd.digest, rd.algorithm, rp.code, d.id
              from document d
              join department p on p.id = d.department_id
              """ + DocumentSequence.JOIN_BATCH + """

              left join department_key k on k.id = d.signature_key_id
              left join revocation r on r.document_id = d.id and r.status = 'RECORDED'
              left join document rd on rd.id = r.replacement_id
              left join department rp on rp.id = rd.department_id""";

    private Row find(String digestHex, Optional<String> department) {
        Hash32 digest = org.docanchor.gateway.web.DigestParam.parse(digestHex);
        if (department.isPresent() && !SignedMessage.isDepartmentCode(department.get())) {
            // Nothing the database could match, and nothing to echo back.
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.department");
        }
        List<Row> matches = new ArrayList<>(1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        LOOKUP + " where d.digest = ?" + (department.isPresent() ? " and p.code = ?" : ""))) {
            select.setBytes(1, digest.bytes());
            if (department.isPresent()) {
                select.setString(2, department.get());
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    matches.add(row(row));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the proof of " + digest + ": " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw department.isPresent()
                    ? ProblemException.notFound("unknown-digest", "unknown-digest.of-department", digest,
                            department.get())
                    : ProblemException.notFound("unknown-digest", "unknown-digest.any", digest);
        }
        if (matches.size() > 1) {
            throw ProblemException.conflict("ambiguous-digest", "ambiguous-digest.departments", digest,
                    matches.stream().map(Row::department).sorted().toList());
        }
        return matches.get(0);
    }

    private static Row row(ResultSet row) throws SQLException {
        ProofDocument.Signature signature = row.getBytes(6) == null || row.getString(8) == null ? null
                : new ProofDocument.Signature(row.getString(7), row.getString(8), row.getString(9),
                        java.util.Base64.getEncoder().encodeToString(row.getBytes(6)));
        ProofDocument.Revocation revocation = null;
        if (row.getString(10) != null) {
            // Recorded on chain (the chain decides, not we): while on its way, the proof says nothing of it.
            byte[] replacement = row.getBytes(13);
            revocation = new ProofDocument.Revocation(row.getString(10), row.getTimestamp(11).toInstant(),
                    row.getObject(12, Long.class),
                    replacement == null ? null : LeafEncoding.leafHash(new Hash32(replacement), row.getString(14),
                            row.getString(15)).toHex(),
                    replacement == null ? null : new ProofDocument.Replacement(new Hash32(replacement).toHex(),
                            row.getString(14)));
        }
        return new Row(row.getBytes(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                row.getObject(5, Long.class), signature, revocation,
                row.getObject(16, java.util.UUID.class).toString());
    }

    /** An ANCHORED batch as proofs show it. */
    private record AnchoredBatch(long id, String root, Long chainId, String registry, String txHash, Long blockNumber,
            String blockHash, Instant blockTime, String consensus, String header, ProofDocument.AnchorProof anchorProof) {
    }

    /**
     * The batch if it is ANCHORED, else null. An anchored batch changes once more at most, when the anchorer
     * collects its header and state proof: cached only after that (or after the anchorer gave up on them).
     */
    private AnchoredBatch anchoredBatch(long id) {
        AnchoredBatch cached = batches.get(id);
        if (cached != null) {
            return cached;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Batch batch = Batch.findById(id);
            if (batch == null || batch.status != Batch.Status.ANCHORED) {
                return null;
            }
            boolean evidence = batch.blockHeader != null;
            AnchoredBatch anchored = new AnchoredBatch(batch.id, new Hash32(batch.root).toHex(), batch.chainId,
                    batch.registry, batch.tx == null ? null : batch.tx.hashHex(), batch.blockNumber,
                    new Hash32(batch.blockHash).toHex(), batch.blockTime,
                    evidence ? chainConfig.consensus() : null,
                    evidence ? "0x" + HexFormat.of().formatHex(batch.blockHeader) : null,
                    evidence && batch.anchorProof != null ? anchorProof(batch.anchorProof) : null);
            if (evidence || batch.evidenceAttempts >= Anchorer.MAX_EVIDENCE_ATTEMPTS) {
                batches.put(id, anchored);
            }
            return anchored;
        });
    }

    private static ProofDocument.AnchorProof anchorProof(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = EVIDENCE.readTree(json);
            List<String> account = new ArrayList<>();
            List<String> storage = new ArrayList<>();
            node.path("accountProof").forEach(n -> account.add(n.asText()));
            node.path("storageProof").forEach(n -> storage.add(n.asText()));
            return new ProofDocument.AnchorProof(account, storage);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored anchor proof is not JSON", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVIDENCE =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
