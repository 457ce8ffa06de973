package org.docanchor.gateway.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "the body is not " + ReceiptJws.jsonProblem(e));
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON", "the body could not be read");
        }
        if (request == null || !request.isObject()) {
            throw field("", "the body is a JSON object: {\"receipt\": \"<compact JWS>\", \"proof\": {…}}");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("receipt") && !name.equals("proof")) {
                throw field("/" + name.replace("~", "~0").replace("/", "~1"), "is not a field of this request "
                        + "(receipt, proof)");
            }
        }
        if (!request.path("receipt").isTextual()) {
            throw field("/receipt", "is required: the receipt's compact JWS, a string");
        }
        ReceiptExpectations expected = ReceiptExpectations.none();
        if (request.has("proof")) {
            try {
                expected = ReceiptExpectations.of(ProofParser.parse(json.writeValueAsString(request.get("proof"))));
            } catch (MalformedProofException e) {
                List<FieldError> errors = new ArrayList<>();
                e.problems().forEach(p -> errors.add(new FieldError("/proof" + p.pointer(), p.message())));
                throw ProblemException.invalid(errors);
            } catch (JsonProcessingException e) {
                throw field("/proof", "is not a proof document");
            }
        }
        try {
            return ReceiptJws.verify(request.get("receipt").textValue(), receipts.keys(), expected);
        } catch (MalformedReceiptException e) {
            throw field("/receipt", "is not a signed receipt: " + e.getMessage());
        }
    }

    private static ProblemException field(String pointer, String detail) {
        return ProblemException.invalid(List.of(new FieldError(pointer, detail)));
    }
}
