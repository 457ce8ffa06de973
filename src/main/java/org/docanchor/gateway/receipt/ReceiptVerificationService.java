package org.docanchor.gateway.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;
import org.docanchor.verifier.MalformedProofException;
import org.docanchor.verifier.ProofParser;
import org.docanchor.verifier.receipt.MalformedReceiptException;
import org.docanchor.verifier.receipt.ReceiptExpectations;
import org.docanchor.verifier.receipt.ReceiptJws;
import org.docanchor.verifier.receipt.ReceiptVerification;

/**
 * {@code POST /api/v1/receipts/verify}: the pure receipt check ({@link ReceiptJws}) under this gateway's own receipt
 * keys. Anything that is not a receipt, or not a proof document, is a 400 naming the field.
 */
@ApplicationScoped
public class ReceiptVerificationService {

    private final ReceiptService receipts;
    private final ObjectMapper json;

    public ReceiptVerificationService(ReceiptService receipts, ObjectMapper json) {
        this.receipts = receipts;
        this.json = json;
    }

    public ReceiptVerification verify(byte[] body) {
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            // The JSON reader's words about where the body breaks, quoted as they are.
            throw ProblemException.badRequest("malformed-json", "malformed-json.receipt-request",
                    Message.verbatim(ReceiptJws.jsonProblem(e)));
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "malformed-json.unreadable");
        }
        if (request == null || !request.isObject()) {
            throw field(FieldError.of("", "receipt-request.object"));
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("receipt") && !name.equals("proof")) {
                throw field(FieldError.of("/" + name.replace("~", "~0").replace("/", "~1"),
                        "receipt-request.unknown-field"));
            }
        }
        if (!request.path("receipt").isTextual()) {
            throw field(FieldError.of("/receipt", "receipt-request.receipt-required"));
        }
        ReceiptExpectations expected = ReceiptExpectations.none();
        if (request.has("proof")) {
            try {
                expected = ReceiptExpectations.of(ProofParser.parse(json.writeValueAsString(request.get("proof"))));
            } catch (MalformedProofException e) {
                List<FieldError> errors = new ArrayList<>();
                // The offline verifier's words, as for POST /api/v1/verify.
                e.problems().forEach(p -> errors.add(new FieldError("/proof" + p.pointer(),
                        Message.verbatim(p.message()))));
                throw ProblemException.invalid(errors);
            } catch (JsonProcessingException e) {
                throw field(FieldError.of("/proof", "receipt-request.not-a-proof"));
            }
        }
        try {
            return ReceiptJws.verify(request.get("receipt").textValue(), receipts.keys(), expected);
        } catch (MalformedReceiptException e) {
            throw field(FieldError.of("/receipt", "receipt-request.not-a-receipt", Message.verbatim(e.getMessage())));
        }
    }

    private static ProblemException field(FieldError error) {
        return ProblemException.invalid(List.of(error));
    }
}
