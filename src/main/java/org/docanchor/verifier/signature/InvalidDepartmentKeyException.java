package org.docanchor.verifier.signature;

/** A department public key or certificate that cannot be used; the message says what is wrong with it. */
public class InvalidDepartmentKeyException extends RuntimeException {

    public InvalidDepartmentKeyException(String message) {
        super(message);
    }

    public InvalidDepartmentKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
