package org.docanchor.verifier.receipt;

import org.docanchor.verifier.ProofDocument;
import org.docanchor.verifier.merkle.Hash32;

/**
 * What a verifier holds besides the receipt, for the receipt to match: a proof's fields, a document's bytes. Each
 * null part is not compared.
 *
 * @param receiptId the proof's {@code receiptId}
 * @param document the document's bytes, hashed under the receipt's algorithm
 */
public record ReceiptExpectations(String receiptId, Hash32 digest, String algorithm, String department, Hash32 leaf,
        Long chainId, String registry, byte[] document) {

    private static final ReceiptExpectations NONE = new ReceiptExpectations(null, null, null, null, null, null, null,
            null);

    public ReceiptExpectations {
        document = document == null ? null : document.clone();
    }

    @Override
    public byte[] document() {
        return document == null ? null : document.clone();
    }

    /** The receipt on its own. */
    public static ReceiptExpectations none() {
        return NONE;
    }

    /** The proof's statements: the receipt must be the one the proof names, of the same document and registry. */
    public static ReceiptExpectations of(ProofDocument proof) {
        return new ReceiptExpectations(proof.receiptId(), proof.digest(),
                proof.algorithm() == null ? null : proof.algorithm().id(), proof.department(), proof.leaf(),
                proof.chainId(), proof.registry(), null);
    }

    public ReceiptExpectations withDocument(byte[] bytes) {
        return new ReceiptExpectations(receiptId, digest, algorithm, department, leaf, chainId, registry, bytes);
    }
}
