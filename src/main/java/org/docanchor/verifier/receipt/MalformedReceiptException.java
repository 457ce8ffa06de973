package org.docanchor.verifier.receipt;

/**
 * A signed receipt or a receipt key set that is not one: not a compact JWS, not JSON where JSON is due, or missing
 * a field the receipt format requires (docs/verification.md, "Receipts"). Not a verdict: {@code POST
 * /api/v1/receipts/verify} answers 400, the command-line verifiers exit 2.
 */
public class MalformedReceiptException extends Exception {

    public MalformedReceiptException(String message) {
        super(message, null, false, false);
    }
}
