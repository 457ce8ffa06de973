package org.docanchor.gateway.intake;

import org.docanchor.verifier.DigestAlgorithm;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;

/** Checks submissions field by field and reports every problem at once, with a JSON pointer to each. */
final class SubmissionValidator {

    static final int MAX_BULK = 10_000;
    static final int MAX_REFERENCE = 128;

    private SubmissionValidator() {
    }

    static ValidDocument validate(SubmitRequest request) {
        if (request == null) {
            throw ProblemException.invalid(List.of(FieldError.of("/", "submission.object")));
        }
        List<FieldError> errors = new ArrayList<>();
        ValidDocument document = validate(request, "", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return document;
    }

    static List<ValidDocument> validate(BulkSubmitRequest request) {
        if (request == null || request.documents() == null) {
            throw ProblemException.invalid(List.of(FieldError.of("/documents", "submission.bulk-required", MAX_BULK)));
        }
        int size = request.documents().size();
        if (size == 0 || size > MAX_BULK) {
            throw ProblemException.invalid(List.of(FieldError.of("/documents", "submission.bulk-size", MAX_BULK,
                    size)));
        }
        List<FieldError> errors = new ArrayList<>();
        List<ValidDocument> documents = new ArrayList<>(size);
        for (int i = 0; i < size && errors.size() < 100; i++) {
            SubmitRequest item = request.documents().get(i);
            if (item == null) {
                errors.add(FieldError.of("/documents/" + i, "submission.item"));
                continue;
            }
            documents.add(validate(item, "/documents/" + i, errors));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return documents;
    }

    private static ValidDocument validate(SubmitRequest request, String base, List<FieldError> errors) {
        Hash32 digest = null;
        if (request.digest() == null) {
            errors.add(FieldError.of(base + "/digest", "field.required"));
        } else {
            Message problem = digestProblem(request.digest());
            if (problem == null) {
                digest = Hash32.fromHex(request.digest());
            } else {
                errors.add(new FieldError(base + "/digest", problem));
            }
        }
        DigestAlgorithm algorithm = null;
        if (request.algorithm() == null) {
            errors.add(FieldError.of(base + "/algorithm", "submission.algorithm-required", DigestAlgorithm.names()));
        } else {
            algorithm = DigestAlgorithm.fromId(request.algorithm()).orElse(null);
            if (algorithm == null) {
                errors.add(FieldError.of(base + "/algorithm", "submission.algorithm-unknown",
                        quote(request.algorithm()), DigestAlgorithm.names()));
            }
        }
        String reference = request.reference();
        if (reference != null) {
            if (reference.length() > MAX_REFERENCE) {
                errors.add(FieldError.of(base + "/reference", "submission.reference-length", MAX_REFERENCE,
                        reference.length()));
            } else if (!org.docanchor.gateway.web.Text.clean(reference)) {
                errors.add(FieldError.of(base + "/reference", "submission.reference-text"));
            }
        }
        byte[] signature = null;
        if (request.signature() != null) {
            try {
                signature = java.util.Base64.getDecoder().decode(request.signature());
                if (signature.length == 0 || signature.length > 128) {
                    errors.add(FieldError.of(base + "/signature", "submission.signature-size", signature.length));
                }
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(base + "/signature", "signature.base64"));
            }
        }
        return new ValidDocument(digest, algorithm, reference, signature);
    }

    /** Null when {@code digest} is 0x and 64 hex digits, else what is wrong with it. */
    static Message digestProblem(String digest) {
        if (!digest.startsWith("0x")) {
            return Message.of("digest.prefix");
        }
        int hexDigits = digest.length() - 2;
        for (int i = 2; i < digest.length(); i++) {
            if (Character.digit(digest.charAt(i), 16) < 0 || digest.charAt(i) > 'f') {
                return Message.of("digest.not-hex", i);
            }
        }
        if (hexDigits != 64) {
            return Message.of("digest.length", hexDigits);
        }
        return null;
    }

    private static String quote(String value) {
        return value.length() <= 40 ? "'" + value + "'" : "'" + value.substring(0, 40) + "...'";
    }
}
