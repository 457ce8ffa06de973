package org.docanchor.gateway.testing;

import io.quarkus.arc.Arc;
import java.util.UUID;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.issuer.IssuerAdmin;

/** Creates a department with a fresh API key for one test class. */
public final class Departments {

    private Departments() {
    }

    /** A department with a random code and its key. */
    public record TestDepartment(String code, String key) {
    }

    /**
     * A department with a random code, registered on the issuer registry when the gateway has one and holds its
     * issuer-admin key (so that its proofs pass the issuer check), and a submitter key.
     */
    public static TestDepartment create(ApiKeys apiKeys, String prefix) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        register(code, "Test department " + code);
        return new TestDepartment(code, apiKeys.issue(code, null));
    }

    /** Registers {@code code} on the issuer registry and waits until the follower applied it; else creates it locally. */
    public static void register(String code, String name) {
        IssuerAdmin issuer = Arc.container().instance(IssuerAdmin.class).get();
        if (issuer.holdsKey() && hasRegistry(issuer)) {
            IssuerAdmin.Outcome outcome = issuer.submit(chain -> chain.registerDepartment(code, "测试部门 " + code, name));
            if (!(outcome instanceof IssuerAdmin.Applied)) {
                throw new IllegalStateException("department " + code + " not applied: " + outcome);
            }
            return;
        }
        Arc.container().instance(ApiKeys.class).get().createDepartment(code, name);
    }

    private static boolean hasRegistry(IssuerAdmin issuer) {
        try {
            issuer.registry();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
