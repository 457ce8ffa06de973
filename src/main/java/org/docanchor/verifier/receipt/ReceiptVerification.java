package org.docanchor.verifier.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer of checking a signed receipt: VALID {@code receipt-valid}, or INVALID with the first failed check's
 * code (docs/verification.md, "Receipts").
 *
 * @param kid the key the receipt names, when its header was read
 * @param receipt what the receipt states, when its payload was read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"result", "code", "detail", "kid", "receipt"})
public record ReceiptVerification(String result, String code, String detail, String kid, SignedReceipt receipt) {

    public static final String VALID = "VALID";
    public static final String INVALID = "INVALID";

    public boolean valid() {
        return VALID.equals(result);
    }
}
