package org.docanchor.gateway.webhook;

import java.util.List;

/** The event types a department can subscribe to. */
public final class WebhookEvents {

    /** Documents of the department are in a batch that is now anchored (one message per page of documents). */
    public static final String DOCUMENT_ANCHORED = "document.anchored";
    /** A revocation of one of the department's documents is recorded on chain. */
    public static final String DOCUMENT_REVOKED = "document.revoked";
    /** A batch holding documents of the department failed: the registry holds another root for its id. */
    public static final String BATCH_FAILED = "batch.failed";

    public static final List<String> ALL = List.of(DOCUMENT_ANCHORED, DOCUMENT_REVOKED, BATCH_FAILED);

    private WebhookEvents() {
    }
}
