package org.docanchor.gateway.revocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A revocation as departments and the public see it: PENDING or SUBMITTED until the registry records it, then
 * RECORDED with the block and the chain's time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationView(String digest, String department, String reason, String replacement,
        Instant requestedAt, String status, String txHash, Long blockNumber, Instant revokedAt, boolean signed,
        String signedBy) {

    static RevocationView of(Revocation r) {
        return new RevocationView(hex(r.document.digest), r.document.department.code, r.reason,
                r.replacement == null ? null : hex(r.replacement.digest), r.requestedAt, r.status.name(),
                r.tx == null ? null : r.tx.hashHex(), r.blockNumber, r.recordedAt, r.signed(), r.keyFingerprint);
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
