package org.docanchor.gateway.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <API key>}; a request without the header stays anonymous. Each failed
 * authentication spends a token of the client address's failed-authentication budget ({@link ClientLimiter}),
 * whatever the endpoint then answers (a public one answers as to an anonymous caller).
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final ClientLimiter limiter;

    public ApiKeyAuthenticationMechanism(ClientLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        Uni<SecurityIdentity> identity;
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() > 512) {
            identity = Uni.createFrom().failure(CredentialRefused.because("unauthenticated.bearer"));
        } else {
            identity = identityProviderManager.authenticate(
                    new ApiKeyAuthenticationRequest(header.substring(BEARER.length()).strip()));
        }
        String client = ClientLimiter.clientOf(context);
        return identity.onFailure(AuthenticationFailedException.class)
                .invoke(failure -> limiter.failedAuthentication(client));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }
}
