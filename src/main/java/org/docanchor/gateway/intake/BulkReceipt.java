package org.docanchor.gateway.intake;

import java.util.List;

/** Receipts of a bulk submission, in the order of the request; {@code created} counts new registrations. */
public record BulkReceipt(int created, List<Receipt> receipts) {
}
