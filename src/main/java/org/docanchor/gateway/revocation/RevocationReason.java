package org.docanchor.gateway.revocation;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a department revoked a document; {@code code} is the registry's uint8 reason. */
public enum RevocationReason {
    SUPERSEDED("superseded", 1),
    ISSUED_IN_ERROR("issued-in-error", 2),
    WITHDRAWN("withdrawn", 3),
    FRAUD("fraud", 4),
    OTHER("other", 5);

    private final String id;
    private final int code;

    RevocationReason(String id, int code) {
        this.id = id;
        this.code = code;
    }

    public String id() {
        return id;
    }

    public int code() {
        return code;
    }

    public static Optional<RevocationReason> fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static Optional<RevocationReason> fromCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(RevocationReason::id).collect(Collectors.joining(", "));
    }
}
