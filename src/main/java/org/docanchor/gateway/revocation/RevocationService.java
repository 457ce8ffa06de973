package org.docanchor.gateway.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.intake.Document;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.gateway.web.Problem;
import org.docanchor.gateway.web.Problem.FieldError;
import org.docanchor.gateway.web.ProblemException;

/** Records revocations requested by the issuing department; {@link RevocationRecorder} puts them on chain. */
@ApplicationScoped
public class RevocationService {

    /** The revocation and whether this request created it (false: it existed, the request changed nothing). */
    public record Outcome(RevocationView revocation, boolean created) {
    }

    @Transactional
    public Outcome revoke(Hash32 digest, long departmentId, String keyPrefix, RevocationRequest request,
            AuditLog audit) {
        RevocationReason reason = validate(request);
        // A malformed request is refused even when the document is revoked already: validation comes first.
        Hash32 replacementDigest = request.replacement() == null ? null : parse(request.replacement());
        Document document = Document.<Document>find("digest = ?1 and department.id = ?2", digest.bytes(), departmentId)
                .firstResult();
        if (document == null) {
            if (Document.count("digest", digest.bytes()) > 0) {
                throw new ProblemException(Problem.of(403, "not-your-document", "not-your-document.revoke", digest));
            }
            throw ProblemException.notFound("unknown-digest", "unknown-digest.yours", digest);
        }
        Revocation existing = Revocation.findById(document.id);
        if (existing != null) {
            return new Outcome(RevocationView.of(existing), false);
        }
        Document replacement = null;
        if (replacementDigest != null) {
            replacement = Document.<Document>find("digest = ?1 and department.id = ?2", replacementDigest.bytes(),
                    departmentId).firstResult();
            if (replacement == null || replacement.id.equals(document.id)) {
                throw ProblemException.invalid(List.of(FieldError.of("/replacement", "revocation.replacement")));
            }
        }
        byte[] signature = checkSignature(request, document, reason, replacement);
        Revocation revocation = new Revocation();
        revocation.signature = signature;
        revocation.keyFingerprint = signature == null ? null : request.keyFingerprint();
        revocation.documentId = document.id;
        revocation.document = document;
        revocation.reason = reason.id();
        revocation.replacement = replacement;
        revocation.requestedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as PostgreSQL stores it
        revocation.requestedBy = keyPrefix;
        revocation.status = Revocation.Status.PENDING;
        revocation.persist();
        audit.record("document.revoke", digest.toHex(), reason.id()
                + (replacement == null ? "" : ", replaced by " + new Hash32(replacement.digest))
                + (signature == null ? ", unsigned" : ", signed by " + request.keyFingerprint()));
        return new Outcome(RevocationView.of(revocation), true);
    }

    /**
     * The department's signature over the revocation message, checked against the key the issuer registry records
     * for the department (valid now); null for an unsigned request. A signature without its key, or the reverse, a
     * key the chain does not tie to the department now, and a signature that does not verify are 400s.
     */
    private static byte[] checkSignature(RevocationRequest request, Document document, RevocationReason reason,
            Document replacement) {
        if (request.signature() == null && request.keyFingerprint() == null) {
            return null;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        if (request.keyFingerprint() == null || !request.keyFingerprint().matches("sha256:[0-9a-f]{64}")) {
            errors.add(FieldError.of("/keyFingerprint", "revocation.fingerprint"));
        }
        byte[] signature = null;
        if (request.signature() == null) {
            errors.add(FieldError.of("/signature", "revocation.signature"));
        } else {
            try {
                signature = java.util.Base64.getDecoder().decode(request.signature());
                if (signature.length == 0 || signature.length > 128) {
                    errors.add(FieldError.of("/signature", "signature.size"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("/signature", "signature.base64"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String code = document.department.code;
        org.docanchor.gateway.issuer.IssuerKey key = org.docanchor.gateway.issuer.IssuerKey.find(code,
                request.keyFingerprint());
        if (key == null || !key.validAt(Instant.now())) {
            throw ProblemException.invalid(List.of(FieldError.of("/keyFingerprint", "revocation.key-not-valid", code)));
        }
        Hash32 leaf = org.docanchor.verifier.merkle.LeafEncoding.leafHash(new Hash32(document.digest),
                document.algorithm, code);
        Hash32 replacementLeaf = replacement == null ? new Hash32(new byte[32])
                : org.docanchor.verifier.merkle.LeafEncoding.leafHash(new Hash32(replacement.digest),
                        replacement.algorithm, code);
        byte[] message = RevocationSignature.message(code, leaf, reason.code(), replacementLeaf);
        org.docanchor.verifier.signature.DepartmentKey publicKey = org.docanchor.verifier.signature.DepartmentKey
                .parse(pem(key.spki));
        if (!RevocationSignature.verify(publicKey, message, signature)) {
            throw ProblemException.invalid(List.of(FieldError.of("/signature", "revocation.signature-mismatch",
                    request.keyFingerprint(),
                    new String(message, java.nio.charset.StandardCharsets.US_ASCII).replace("\n", "\\n"))));
        }
        return signature;
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(spki) + "\n-----END PUBLIC KEY-----\n";
    }

    private static RevocationReason validate(RevocationRequest request) {
        if (request == null || request.reason() == null) {
            throw ProblemException.invalid(List.of(FieldError.of("/reason", "revocation.reason-required",
                    RevocationReason.names())));
        }
        return RevocationReason.fromId(request.reason()).orElseThrow(() -> ProblemException.invalid(List.of(
                FieldError.of("/reason", "revocation.reason-unknown", RevocationReason.names()))));
    }

    private static Hash32 parse(String digest) {
        try {
            return Hash32.fromHex(digest);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(FieldError.of("/replacement", "field.digest")));
        }
    }
}
