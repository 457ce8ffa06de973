package org.docanchor.gateway.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer API key presented by a caller, on its way to {@link ApiKeyIdentityProvider}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
