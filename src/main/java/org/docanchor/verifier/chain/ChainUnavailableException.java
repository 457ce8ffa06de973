package org.docanchor.verifier.chain;

/**
 * The node gave no straight answer: refused, timed out, an HTTP or JSON-RPC error, or an answer that is not what
 * the method returns. Verification turns it into UNDETERMINED, never INVALID: a flaky node must not make a
 * genuine proof look forged.
 */
public class ChainUnavailableException extends Exception {

    public ChainUnavailableException(String message) {
        super(message);
    }

    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
