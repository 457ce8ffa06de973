package org.docanchor.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.docanchor.verifier.VerificationResult.Verdict;
import org.docanchor.verifier.testing.SyntheticAnchoring;

/**
 * "Every field a proof states is checked" (docs/proof-format.md), as a property: one changed character (or one
 * changed integer, or one second) anywhere in a VALID proof, the result still schema-valid, never verifies as VALID
 * against the same chain and trust inputs, and never makes the verifier throw.
 */
class EveryFieldIsCheckedPropertiesTest {

    private static final SyntheticAnchoring ANCHORING = SyntheticAnchoring.build("ibft2", 3);
    private static final VerificationOptions OPTIONS = VerificationOptions.none()
            .withTrustedValidators(ANCHORING.validators());

    /** The paths of every string of hex digits and every integer in the proof: "digest", "path/1", "anchorProof/accountProof/0". */
    private static List<String> places() {
        List<String> places = new ArrayList<>();
        collect(ANCHORING.proof(0), "", places);
        return places;
    }

    private static void collect(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), path.isEmpty() ? e.getKey()
                    : path + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, out);
            }
        } else if (node.isIntegralNumber() && !path.equals("version")
                || node.isTextual() && node.textValue().startsWith("0x")
                || path.equals("blockTime")) {
            out.add(path);
        }
    }

    @Provide
    Arbitrary<String> place() {
        return Arbitraries.of(places());
    }

    @Property(tries = 400)
    void oneChangeAnywhere_isNeverValid(@ForAll("place") String place, @ForAll("positions") int position) throws Exception {
        ObjectNode proof = ANCHORING.proof(0);
        String[] steps = place.split("/");
        JsonNode parent = proof;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        JsonNode value = parent.isArray() ? parent.get(Integer.parseInt(last)) : parent.get(last);
        JsonNode changed;
        if (value.isIntegralNumber()) {
            changed = proof.numberNode(value.longValue() + 1);
        } else if (place.equals("blockTime")) {
            changed = TextNode.valueOf(Instant.parse(value.textValue()).plusSeconds(1).toString());
        } else {
            String hex = value.textValue();
            int at = 2 + position % (hex.length() - 2);
            // Every hex string of the synthetic proof is lower-case; the changed one stays valid hex.
            char other = hex.charAt(at) == '0' ? '1' : '0';
            changed = TextNode.valueOf(hex.substring(0, at) + other + hex.substring(at + 1));
        }
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), changed);
        } else {
            ((ObjectNode) parent).set(last, changed);
        }

        ProofDocument parsed;
        try {
            parsed = ProofParser.parse(proof.toString());
        } catch (MalformedProofException e) {
            return; // the change made it malformed: refused before any verdict, which is fine too
        }
        VerificationResult result = ProofVerifier.verify(parsed, OPTIONS.withChain(ANCHORING.chain()));

        assertThat(result.result()).as("%s changed to %s: %s %s", place, changed, result.code(), result.reasons())
                .isNotEqualTo(Verdict.VALID);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Example
    void unchangedProof_isValid() {
        // The property above means something only if the unchanged proof is VALID with these inputs.
        VerificationResult result = ProofVerifier.verify(parse(ANCHORING.proof(0)), OPTIONS.withChain(ANCHORING.chain()));

        assertThat(result.result()).as("%s", result.reasons()).isEqualTo(Verdict.VALID);
    }

    private static ProofDocument parse(ObjectNode proof) {
        try {
            return ProofParser.parse(proof.toString());
        } catch (MalformedProofException e) {
            throw new AssertionError(e);
        }
    }
}
