package org.docanchor.gateway.chain;

import java.time.Instant;
import org.docanchor.verifier.merkle.Hash32;

/** An event of the issuer registry, decoded; times are the contract's Unix seconds. */
public sealed interface IssuerEvent {

    /** The department code every event carries. */
    String code();

    /** {@code DepartmentRegistered}: active from {@code registeredAt}. */
    record DepartmentRegistered(String code, String nameZh, String nameEn, Instant registeredAt) implements IssuerEvent {
    }

    /** {@code DepartmentRenamed}. */
    record DepartmentRenamed(String code, String nameZh, String nameEn) implements IssuerEvent {
    }

    /** {@code DepartmentSuspended} ({@code active} false) or {@code DepartmentReinstated} (true). */
    record DepartmentStatus(String code, boolean active, Instant from) implements IssuerEvent {
    }

    /** {@code KeyRegistered}; algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2. */
    record KeyRegistered(String code, Hash32 fingerprint, int algorithm, byte[] spki, Instant validFrom,
            Instant registeredAt) implements IssuerEvent {
    }

    /** {@code KeyRevoked}; reason 1 superseded, 2 compromised. */
    record KeyRevoked(String code, Hash32 fingerprint, int reason, Instant effectiveAt, Instant revokedAt)
            implements IssuerEvent {
    }

    /** {@code DocumentTypeAllowed} ({@code allowed} true) or {@code DocumentTypeWithdrawn}. */
    record DocumentType(String code, String docType, boolean allowed) implements IssuerEvent {
    }

    /** An event with where it sits in the chain. */
    record Logged(long blockNumber, Hash32 blockHash, long logIndex, IssuerEvent event) {
    }
}
