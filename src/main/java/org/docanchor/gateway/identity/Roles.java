package org.docanchor.gateway.identity;

import java.util.List;

/** The roles a credential can hold. */
public final class Roles {

    /** Submits document digests for its department. */
    public static final String SUBMITTER = "submitter";
    /** Revokes documents its department registered. */
    public static final String REVOKER = "revoker";
    /** Reads the audit log. */
    public static final String AUDITOR = "auditor";
    /** Manages departments and credentials; reads the audit log. */
    public static final String ADMIN = "admin";

    /** Roles a department key may hold. */
    public static final List<String> DEPARTMENT = List.of(SUBMITTER, REVOKER);
    /** Roles an operator key (no department) may hold. */
    public static final List<String> OPERATOR = List.of(AUDITOR, ADMIN);

    private Roles() {
    }
}
