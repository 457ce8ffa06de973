package org.docanchor.gateway.chain;

/** The node has no code at the registry's address: nothing may be signed for it (see ChainClient#signCall). */
public class RegistryMissingException extends IllegalStateException {

    public RegistryMissingException(String message) {
        super(message);
    }
}
