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
 * @param revocation the registry's record, with REVOKED
 * @param pending the gateway's statements, with PENDING
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"result", "code", "reasons", "checks", "document", "anchor", "signature", "revocation", "pending"})
public record VerificationResult(
        Verdict result,
        String code,
        List<String> reasons,
        List<Check> checks,
        DocumentPart document,
        AnchorPart anchor,
        SignaturePart signature,
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

    /** The department signature, and whether a trusted key list ties its key to the department. */
    @JsonPropertyOrder({"algorithm", "publicKeyFingerprint", "tiedToDepartment"})
    public record SignaturePart(String algorithm, String publicKeyFingerprint, boolean tiedToDepartment) {
    }

    /** The registry's record of a revocation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"reason", "revokedAt", "blockNumber", "replacementLeaf"})
    public record RevocationPart(String reason, String revokedAt, long blockNumber, String replacementLeaf) {
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
