package org.docanchor.gateway.chain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.security.SignatureException;
import java.time.Instant;
import java.util.HexFormat;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * The signed transaction of one piece of outbound work (a batch, a group of revocations), stored before it is
 * broadcast: the same columns in the {@code batch} and {@code revocation} tables. Null while nothing is signed.
 */
@Embeddable
public class StoredTransaction {

    @Column(name = "tx_hash")
    public byte[] hash;

    /** What {@code eth_sendRawTransaction} takes; null for a transaction found on chain rather than signed here. */
    @Column(name = "raw_tx")
    public byte[] raw;

    @Column(name = "tx_nonce")
    public Long nonce;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    public static StoredTransaction of(SignedTransaction tx, Instant submittedAt) {
        StoredTransaction stored = new StoredTransaction();
        stored.hash = HexFormat.of().parseHex(tx.hash().substring(2));
        stored.raw = tx.raw();
        stored.nonce = tx.nonce();
        stored.submittedAt = submittedAt;
        return stored;
    }

    /** Only the hash: a transaction the registry's log names (adopted work), with nothing to broadcast. */
    public static StoredTransaction found(String txHash) {
        StoredTransaction stored = new StoredTransaction();
        stored.hash = HexFormat.of().parseHex(txHash.substring(2));
        return stored;
    }

    public String hashHex() {
        return "0x" + HexFormat.of().formatHex(hash);
    }

    public SignedTransaction signed() {
        return new SignedTransaction(hashHex(), raw, nonce);
    }

    /**
     * The address that signed it, recovered from the stored bytes: the nonce space to reconcile against, whichever
     * key this replica is configured with now (a key split or rotation leaves transactions of the old key behind).
     */
    public String sender() {
        try {
            return ((SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(raw))).getFrom();
        } catch (SignatureException | RuntimeException e) {
            throw new IllegalStateException("stored transaction " + hashHex() + " cannot be decoded: " + e.getMessage(), e);
        }
    }
}
