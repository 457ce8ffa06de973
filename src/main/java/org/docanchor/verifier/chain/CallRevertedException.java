package org.docanchor.verifier.chain;

/**
 * The node ran an {@code eth_call} and the contract reverted ("execution reverted"). Still no straight answer for
 * most questions; a caller that knows what a revert with no data means there (a function the contract predates)
 * may read it as an answer.
 */
public class CallRevertedException extends ChainUnavailableException {

    private final boolean withoutData;

    public CallRevertedException(String message, boolean withoutData) {
        super(message);
        this.withoutData = withoutData;
    }

    /** Whether the revert carried no data: what a contract without the function (and without fallback) gives. */
    public boolean withoutData() {
        return withoutData;
    }
}
