package org.docanchor.verifier;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A proof document that is not a proof document: not JSON, not an object, or not valid under the schema of its
 * version. Not a verdict: {@code /verify} answers 400, the command-line verifiers exit 2.
 */
public class MalformedProofException extends Exception {

    /**
     * One offending place.
     *
     * @param pointer a JSON pointer (RFC 6901) to the offending value, {@code ""} for the document itself
     * @param message what is wrong there, in English
     */
    public record Problem(String pointer, String message) {

        @Override
        public String toString() {
            return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
        }
    }

    private final List<Problem> problems;

    public MalformedProofException(List<Problem> problems) {
        super("malformed proof: " + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a malformed proof has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, ordered by pointer. */
    public List<Problem> problems() {
        return problems;
    }
}
