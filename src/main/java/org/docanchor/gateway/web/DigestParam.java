package org.docanchor.gateway.web;

import org.docanchor.verifier.merkle.Hash32;

/** A document digest given in a URL path: {@code 0x} and 64 hex digits of either case, else a 400 problem. */
public final class DigestParam {

    private DigestParam() {
    }

    public static Hash32 parse(String value) {
        try {
            return Hash32.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-digest", "invalid-digest.hex");
        }
    }
}
