package org.docanchor.gateway.identity;

import io.quarkus.security.AuthenticationFailedException;
import java.util.Map;
import java.util.Optional;
import org.docanchor.gateway.web.Message;

/**
 * An API key refused, and why in words the caller may read: carried by Quarkus's (final)
 * {@link AuthenticationFailedException} as an attribute, answered 401 in the caller's language.
 */
public final class CredentialRefused {

    private static final String WHY = "anchor.why";

    private CredentialRefused() {
    }

    /** The exception refusing a key, for the bundle's text {@code key} with {@code args}. */
    public static AuthenticationFailedException because(String key, Object... args) {
        Message why = Message.of(key, args);
        return new AuthenticationFailedException(why.toString(), Map.of(WHY, why));
    }

    /** Why {@code e} refused the key, when it says. */
    public static Optional<Message> why(AuthenticationFailedException e) {
        return e.getAttributes() != null && e.getAttributes().get(WHY) instanceof Message why ? Optional.of(why)
                : Optional.empty();
    }
}
