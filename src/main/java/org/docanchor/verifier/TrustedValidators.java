package org.docanchor.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.bft.BftExtraData;

/**
 * A validator set the verifier trusts, and the consensus it seals blocks with: a trust input, never read from a
 * proof. Its consensus overrides the proof's for the header and seal checks.
 *
 * @param validators lower-case {@code 0x} addresses, distinct, at least one
 */
public record TrustedValidators(BftConsensus consensus, List<String> validators) {

    public TrustedValidators {
        if (consensus == null) {
            throw new IllegalArgumentException("consensus is required: ibft2 or qbft");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String validator : validators) {
            if (!distinct.add(BftExtraData.normalizeAddress(validator))) {
                throw new IllegalArgumentException("validator " + validator + " is listed twice");
            }
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("a validator set has at least one validator");
        }
        validators = List.copyOf(distinct);
    }

    /**
     * Reads {@code {"consensus": "ibft2"|"qbft", "validators": ["0x…", …]}}, nothing else.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static TrustedValidators parse(String json) {
        JsonNode tree = StrictJson.read(json, "the validator set");
        if (!tree.isObject()) {
            throw new IllegalArgumentException("the validator set is a JSON object"
                    + " {\"consensus\": \"ibft2\", \"validators\": [\"0x…\"]}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("consensus") && !name.equals("validators")) {
                throw new IllegalArgumentException("the validator set has an unknown field \"" + name
                        + "\"; it has consensus and validators");
            }
        }
        JsonNode consensus = tree.get("consensus");
        BftConsensus parsed;
        if (consensus != null && consensus.isTextual() && consensus.textValue().equals("ibft2")) {
            parsed = BftConsensus.IBFT2;
        } else if (consensus != null && consensus.isTextual() && consensus.textValue().equals("qbft")) {
            parsed = BftConsensus.QBFT;
        } else {
            throw new IllegalArgumentException("the validator set's consensus must be \"ibft2\" or \"qbft\", got "
                    + (consensus == null ? "none" : consensus.toString()));
        }
        JsonNode list = tree.get("validators");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("the validator set's validators must be an array of addresses");
        }
        List<String> validators = new ArrayList<>();
        for (JsonNode validator : list) {
            if (!validator.isTextual() || !validator.textValue().matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("validator " + validator + " is not 0x and 40 hex digits");
            }
            validators.add(validator.textValue());
        }
        return new TrustedValidators(parsed, validators);
    }

    /** The name of the consensus as proofs write it. */
    public String consensusId() {
        return consensus == BftConsensus.IBFT2 ? "ibft2" : "qbft";
    }
}
