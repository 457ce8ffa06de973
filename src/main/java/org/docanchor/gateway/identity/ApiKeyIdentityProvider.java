package org.docanchor.gateway.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Turns a presented API key into the identity of its department, with the {@code submitter} role. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** Attribute of the security identity holding the department's database id. */
    public static final String DEPARTMENT_ID = "departmentId";

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    private final ApiKeys apiKeys;

    public ApiKeyIdentityProvider(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> apiKeys.authenticate(request.key())
                .map(department -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(department.code))
                        .addRole(Roles.SUBMITTER)
                        .addAttribute(DEPARTMENT_ID, department.id)
                        .build())
                .orElseThrow(() -> {
                    // The prefix names the key without exposing it.
                    LOG.debugf("rejected API key %s", ApiKeys.prefixOf(request.key()));
                    return new AuthenticationFailedException("unknown, expired or revoked API key");
                }));
    }
}
