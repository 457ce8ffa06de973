package org.docanchor.gateway.anchoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HexFormat;
import org.docanchor.gateway.batching.Batch;

/** A batch as operators and auditors see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchView(long id, String status, String root, int leafCount, Instant sealedAt, Instant submittedAt,
        Instant anchoredAt, Long chainId, String registry, String txHash, Long txNonce, Long blockNumber,
        String blockHash, Instant blockTime, int attempts, String lastError) {

    static BatchView of(Batch batch) {
        return new BatchView(batch.id, batch.status.name(), hex(batch.root), batch.leafCount, batch.sealedAt,
                batch.tx == null ? null : batch.tx.submittedAt, batch.anchoredAt, batch.chainId, batch.registry,
                batch.tx == null ? null : hex(batch.tx.hash), batch.tx == null ? null : batch.tx.nonce,
                batch.blockNumber, hex(batch.blockHash), batch.blockTime, batch.attempts,
                org.docanchor.gateway.web.Text.withoutUrls(batch.lastError));
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : "0x" + HexFormat.of().formatHex(bytes);
    }
}
