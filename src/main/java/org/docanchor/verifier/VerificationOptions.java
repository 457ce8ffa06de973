package org.docanchor.verifier;

import java.util.Objects;
import java.util.Optional;
import org.docanchor.verifier.chain.ChainReader;
import org.docanchor.verifier.receipt.ReceiptKeySet;

/**
 * What the verifier has besides the proof: each optional, each enabling some checks (docs/verification.md,
 * "Inputs"). Immutable; {@code with…} returns a copy.
 */
public final class VerificationOptions {

    private static final VerificationOptions NONE = new VerificationOptions(null, null, null, null, null, null, null);

    private final ChainReader chain;
    private final String trustedRegistry;
    private final TrustedValidators trustedValidators;
    private final DepartmentKeyList departmentKeys;
    private final byte[] document;
    private final String receipt;
    private final ReceiptKeySet receiptKeys;

    private VerificationOptions(ChainReader chain, String trustedRegistry, TrustedValidators trustedValidators,
            DepartmentKeyList departmentKeys, byte[] document, String receipt, ReceiptKeySet receiptKeys) {
        this.receipt = receipt;
        this.receiptKeys = receiptKeys;
        this.chain = chain;
        this.trustedRegistry = trustedRegistry;
        this.trustedValidators = trustedValidators;
        this.departmentKeys = departmentKeys;
        this.document = document;
    }

    /** No node, no trust inputs, no document: only the offline checks of the proof itself. */
    public static VerificationOptions none() {
        return NONE;
    }

    /** A node of the proof's chain. */
    public VerificationOptions withChain(ChainReader chain) {
        return new VerificationOptions(Objects.requireNonNull(chain, "chain"), trustedRegistry, trustedValidators,
                departmentKeys, document, receipt, receiptKeys);
    }

    /**
     * The registry address the verifier trusts.
     *
     * @throws IllegalArgumentException if it is not {@code 0x} and 40 hex digits
     */
    public VerificationOptions withTrustedRegistry(String registry) {
        if (registry == null || !registry.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("a registry address is 0x and 40 hex digits, got " + registry);
        }
        return new VerificationOptions(chain, registry, trustedValidators, departmentKeys, document, receipt,
                receiptKeys);
    }

    public VerificationOptions withTrustedValidators(TrustedValidators validators) {
        return new VerificationOptions(chain, trustedRegistry, Objects.requireNonNull(validators, "validators"),
                departmentKeys, document, receipt, receiptKeys);
    }

    public VerificationOptions withDepartmentKeys(DepartmentKeyList keys) {
        return new VerificationOptions(chain, trustedRegistry, trustedValidators, Objects.requireNonNull(keys, "keys"),
                document, receipt, receiptKeys);
    }

    /** The document's bytes, hashed locally under the proof's algorithm. */
    public VerificationOptions withDocument(byte[] bytes) {
        return new VerificationOptions(chain, trustedRegistry, trustedValidators, departmentKeys,
                Objects.requireNonNull(bytes, "bytes").clone(), receipt, receiptKeys);
    }

    /**
     * The signed receipt the gateway answered at acceptance (a compact JWS) and the receipt keys the verifier
     * trusts: the receipt must verify under them and be the one the proof names, for the same document.
     */
    public VerificationOptions withReceipt(String jws, ReceiptKeySet keys) {
        return new VerificationOptions(chain, trustedRegistry, trustedValidators, departmentKeys, document,
                Objects.requireNonNull(jws, "jws"), Objects.requireNonNull(keys, "keys"));
    }

    public Optional<String> receipt() {
        return Optional.ofNullable(receipt);
    }

    public Optional<ReceiptKeySet> receiptKeys() {
        return Optional.ofNullable(receiptKeys);
    }

    public Optional<ChainReader> chain() {
        return Optional.ofNullable(chain);
    }

    public Optional<String> trustedRegistry() {
        return Optional.ofNullable(trustedRegistry);
    }

    public Optional<TrustedValidators> trustedValidators() {
        return Optional.ofNullable(trustedValidators);
    }

    public Optional<DepartmentKeyList> departmentKeys() {
        return Optional.ofNullable(departmentKeys);
    }

    public Optional<byte[]> document() {
        return Optional.ofNullable(document).map(byte[]::clone);
    }
}
