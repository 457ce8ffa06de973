package org.docanchor.gateway.identity;

/** The roles a credential can hold. */
public final class Roles {

    /** Submits document digests for its department. */
    public static final String SUBMITTER = "submitter";

    private Roles() {
    }
}
