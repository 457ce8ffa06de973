package org.docanchor.gateway.chain;

/** The node could not be reached or did not answer in time; the question is still open. */
public class ChainUnavailableException extends RuntimeException {

    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
