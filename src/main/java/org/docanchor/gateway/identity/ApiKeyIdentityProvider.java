package org.docanchor.gateway.identity;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Turns a presented API key into an identity: the department code (or {@code operator:<prefix>}) as principal,
 * the key's roles, and its department id and prefix as attributes.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** Attribute of the security identity holding the department's database id. */
    public static final String DEPARTMENT_ID = "departmentId";
    /** Attribute of the security identity holding the key's public prefix. */
    public static final String KEY_PREFIX = "keyPrefix";

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
                .map(credential -> {
                    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(credential.departmentCode() != null
                                    ? credential.departmentCode() : "operator:" + credential.prefix()))
                            .addRoles(new java.util.HashSet<>(credential.roles()))
                            .addAttribute(KEY_PREFIX, credential.prefix());
                    if (credential.departmentId() != null) {
                        identity.addAttribute(DEPARTMENT_ID, credential.departmentId());
                    }
                    return (SecurityIdentity) identity.build();
                })
                .orElseThrow(() -> {
                    // The prefix names the key without exposing it.
                    LOG.debugf("rejected API key %s", ApiKeys.prefixOf(request.key()));
                    return CredentialRefused.because("unauthenticated.unknown-key");
                }));
    }
}
