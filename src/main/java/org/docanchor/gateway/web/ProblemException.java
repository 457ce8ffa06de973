package org.docanchor.gateway.web;

import java.util.List;

/** An error that the caller can act on, answered as the given problem document. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail().toString());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String slug, String detailKey, Object... args) {
        return new ProblemException(Problem.of(400, slug, detailKey, args));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        Problem problem = errors.size() == 1
                ? Problem.of(400, "invalid-request", "invalid-request.field", errors.get(0).pointer(),
                        errors.get(0).detail())
                : Problem.of(400, "invalid-request", "invalid-request.fields", errors.size());
        return new ProblemException(problem.withErrors(errors));
    }

    public static ProblemException notFound(String slug, String detailKey, Object... args) {
        return new ProblemException(Problem.of(404, slug, detailKey, args));
    }

    public static ProblemException conflict(String slug, String detailKey, Object... args) {
        return new ProblemException(Problem.of(409, slug, detailKey, args));
    }
}
