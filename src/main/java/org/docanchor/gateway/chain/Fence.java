package org.docanchor.gateway.chain;

/**
 * The right to send one key's transactions, held by one replica at a time (the anchoring lease): {@link #check}
 * goes inside every transaction that writes outbound state, so a replica that lost it writes nothing;
 * {@link #renew} keeps it while waiting for a receipt.
 */
public interface Fence {

    /** Fails unless this replica still holds the right; call it inside the writing database transaction. */
    void check();

    /** Extends the right; fails when another replica took it over. */
    void renew();
}
