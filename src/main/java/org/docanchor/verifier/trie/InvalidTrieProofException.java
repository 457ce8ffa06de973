package org.docanchor.verifier.trie;

/** A Merkle-Patricia proof that does not lead from its root to a value or to a proof of absence. */
public class InvalidTrieProofException extends Exception {

    public InvalidTrieProofException(String message) {
        super(message);
    }
}
