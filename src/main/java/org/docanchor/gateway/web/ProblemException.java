package org.docanchor.gateway.web;

import java.util.List;

/** An error that the caller can act on, answered as the given problem document. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(Problem.of(400, slug, title, detail));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).pointer() + ": " + errors.get(0).detail()
                : errors.size() + " fields are invalid; see errors";
        return new ProblemException(Problem.of(400, "invalid-request", "The request is invalid", detail)
                .withErrors(errors));
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(Problem.of(404, slug, title, detail));
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(Problem.of(409, slug, title, detail));
    }
}
