package org.docanchor.gateway.chain;

/** The node answered with an error (a revert, an invalid transaction); retrying the same request will not help. */
public class ChainRejectedException extends RuntimeException {

    public ChainRejectedException(String message) {
        super(message);
    }

    public ChainRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
