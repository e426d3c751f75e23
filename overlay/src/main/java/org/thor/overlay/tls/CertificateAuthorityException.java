package org.thor.overlay.tls;

/** A CA operation that cannot be done; the message names the directory or file and the reason. */
public final class CertificateAuthorityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CertificateAuthorityException(String message) {
        super(message);
    }

    public CertificateAuthorityException(String message, Throwable cause) {
        super(message, cause);
    }
}
