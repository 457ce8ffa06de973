package org.docanchor.gateway.batching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A sealed Merkle tree of documents; its id is the batch id anchored on chain. */
@Entity
@Table(name = "batch")
public class Batch extends PanacheEntityBase {

    /** Life cycle of a batch. */
    public enum Status {
        /** The root is fixed; no transaction yet. */
        SEALED,
        /** The anchoring transaction is signed, stored and broadcast. */
        SUBMITTED,
        /** The transaction is in a block with a successful receipt, deep enough to be final. */
        ANCHORED,
        /** The registry rejected the batch; {@code lastError} says why. */
        FAILED
    }

    @Id
    public Long id;

    @Column(nullable = false)
    public byte[] root;

    @Column(name = "leaf_count", nullable = false)
    public int leafCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** The first and last document numbers it covers ({@link DocumentSequence}); its leaves are not mapped here. */
    @Column(name = "first_seq", nullable = false)
    public long firstSeq;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "sealed_at", nullable = false)
    public Instant sealedAt;

    @Column(name = "chain_id")
    public Long chainId;

    public String registry;

    /** The transaction that anchors it (recorded ones) or is meant to (SUBMITTED); null before the first. */
    @jakarta.persistence.Embedded
    public org.docanchor.gateway.chain.StoredTransaction tx;

    @Column(name = "block_number")
    public Long blockNumber;

    @Column(name = "block_hash")
    public byte[] blockHash;

    @Column(name = "block_time")
    public Instant blockTime;

    @Column(name = "anchored_at")
    public Instant anchoredAt;

    public int attempts;

    /** The anchoring block's header as RLP (for IBFT 2.0 and QBFT with its committed seals); null until collected. */
    @Column(name = "block_header")
    public byte[] blockHeader;

    /** JSON {@code {"accountProof": [...], "storageProof": [...]}} of the registry's anchors[root] slot. */
    @Column(name = "anchor_proof")
    public String anchorProof;

    @Column(name = "evidence_attempts")
    public int evidenceAttempts;

    @Column(name = "last_error")
    public String lastError;

    /** The batch that holds document number {@code seq}, or null while the document is pending. */
    public static Batch containing(long seq) {
        return find("lastSeq >= ?1 order by lastSeq", seq).firstResult();
    }
}
