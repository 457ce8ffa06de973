package org.docanchor.gateway.testing;

import java.util.UUID;
import org.docanchor.gateway.identity.ApiKeys;

/** Creates a department with a fresh API key for one test class. */
public final class Departments {

    private Departments() {
    }

    /** A department with a random code and its key. */
    public record TestDepartment(String code, String key) {
    }

    public static TestDepartment create(ApiKeys apiKeys, String prefix) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        apiKeys.createDepartment(code, "Test department " + code);
        return new TestDepartment(code, apiKeys.issue(code, null));
    }
}
