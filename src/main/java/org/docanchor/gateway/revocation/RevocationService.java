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
                throw new ProblemException(Problem.of(403, "not-your-document", "Not your document",
                        "digest " + digest + " was registered by another department; only the issuing department "
                                + "may revoke it"));
            }
            throw ProblemException.notFound("unknown-digest", "Unknown digest",
                    "your department registered no document with digest " + digest);
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
                throw ProblemException.invalid(List.of(new FieldError("/replacement",
                        "must be the digest of another document registered by your department")));
            }
        }
        Revocation revocation = new Revocation();
        revocation.documentId = document.id;
        revocation.document = document;
        revocation.reason = reason.id();
        revocation.replacement = replacement;
        revocation.requestedAt = Instant.now();
        revocation.requestedBy = keyPrefix;
        revocation.status = Revocation.Status.PENDING;
        revocation.persist();
        audit.record("document.revoke", digest.toHex(), reason.id()
                + (replacement == null ? "" : ", replaced by " + new Hash32(replacement.digest)));
        return new Outcome(RevocationView.of(revocation), true);
    }

    private static RevocationReason validate(RevocationRequest request) {
        if (request == null || request.reason() == null) {
            throw ProblemException.invalid(List.of(new FieldError("/reason", "is required; one of "
                    + RevocationReason.names())));
        }
        return RevocationReason.fromId(request.reason()).orElseThrow(() -> ProblemException.invalid(List.of(
                new FieldError("/reason", "unknown reason; one of " + RevocationReason.names()))));
    }

    private static Hash32 parse(String digest) {
        try {
            return Hash32.fromHex(digest);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new FieldError("/replacement", "must be 0x and 64 hex digits")));
        }
    }
}
