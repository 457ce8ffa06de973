package org.docanchor.gateway.chain;

/** A signed transaction ready to broadcast; {@code raw} is what {@code eth_sendRawTransaction} takes. */
public record SignedTransaction(String hash, byte[] raw, long nonce) {
}
