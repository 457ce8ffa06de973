package org.docanchor.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * The answer of verification (docs/verification.md, "The answer"): the verdict, its code, and the evidence. Jackson
 * writes it as exactly the documented JSON: absent parts are left out.
 *
 * @param reasons the details of the checks, in order
 * @param anchor what the proof states about its anchoring, when it claims one (which parts were confirmed, and
 *        where, is in {@code checks})
 * @param signature when the proof carries a signature
 * @param issuer what the issuer registry says of the department and the signing key, when check 15 read one
 * @param revocation the registry's record, with REVOKED
 * @param pending the gateway's statements, with PENDING
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"result", "code", "reasons", "checks", "document", "anchor", "signature", "issuer", "revocation",
    "pending"})
public record VerificationResult(
        Verdict result,
        String code,
        List<String> reasons,
        List<Check> checks,
        DocumentPart document,
        AnchorPart anchor,
        SignaturePart signature,
        IssuerPart issuer,
        RevocationPart revocation,
        PendingPart pending) {

    public VerificationResult {
        reasons = List.copyOf(reasons);
        checks = List.copyOf(checks);
    }

    /** The five answers. */
    public enum Verdict {
        VALID, INVALID, REVOKED, PENDING, UNDETERMINED
    }

    /** How a check ended. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED, UNAVAILABLE;

        @JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether a check needs the node or only the proof and the trust inputs. */
    public enum Where {
        OFFLINE, CHAIN;

        @JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One check of docs/verification.md, in the order they ran. */
    @JsonPropertyOrder({"name", "outcome", "where", "code", "detail"})
    public record Check(String name, Outcome outcome, Where where, String code, String detail) {
    }

    /** What the proof says was registered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"digest", "algorithm", "department", "leaf"})
    public record DocumentPart(String digest, String algorithm, String department, String leaf) {
    }

    /** Where the proof says the batch was anchored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"chainId", "registry", "batchId", "blockNumber", "blockHash", "blockTime", "txHash"})
    public record AnchorPart(Long chainId, String registry, Long batchId, Long blockNumber, String blockHash,
            String blockTime, String txHash) {
    }

    /** The department signature, and whether a trusted key list or the issuer registry ties its key to the department. */
    @JsonPropertyOrder({"algorithm", "publicKeyFingerprint", "tiedToDepartment"})
    public record SignaturePart(String algorithm, String publicKeyFingerprint, boolean tiedToDepartment) {
    }

    /**
     * What the issuer registry the trusted registry names says (check 15).
     *
     * @param registry the issuer registry's address, lower-case
     * @param key the signing key's record, for a signed proof whose key the issuer registry knows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"registry", "department", "key"})
    public record IssuerPart(String registry, IssuerDepartment department, IssuerKey key) {
    }

    /**
     * A department as the issuer registry records it.
     *
     * @param nameZh absent, as {@code nameEn} and {@code registeredAt}, when the code is not registered
     * @param active whether the department was registered and active at the time checked (the anchoring time, or
     *        the latest block's for a PENDING document)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"code", "nameZh", "nameEn", "registeredAt", "active"})
    public record IssuerDepartment(String code, String nameZh, String nameEn, String registeredAt, boolean active) {
    }

    /**
     * A department's signing key as the issuer registry records it.
     *
     * @param algorithm {@code ecdsa-p256}, {@code ed25519} or {@code sm2}
     * @param revokedAt the time from which the key no longer signs (the registry's {@code effectiveAt}), if revoked
     * @param revocationReason {@code superseded} or {@code compromised}, if revoked
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"fingerprint", "algorithm", "validFrom", "revokedAt", "revocationReason"})
    public record IssuerKey(String fingerprint, String algorithm, String validFrom, String revokedAt,
            String revocationReason) {
    }

    /**
     * The registry's record of a revocation, and who revoked.
     *
     * @param signed whether the department's key signed it (the registry names the key, the issuer registry held
     *        it valid at the revocation, and the logged signature verifies)
     * @param signedBy that key's fingerprint, when {@code signed}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"reason", "revokedAt", "blockNumber", "replacementLeaf", "signed", "signedBy"})
    public record RevocationPart(String reason, String revokedAt, long blockNumber, String replacementLeaf,
            boolean signed, String signedBy) {
    }

    /** A pending document: the gateway's statements, which nothing on chain backs yet. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"receivedAt", "expectedAnchoringBy"})
    public record PendingPart(String receivedAt, String expectedAnchoringBy) {
    }

    /** The check named {@code name}, if it ran. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
