package org.thor.overlay.tls;

/** TLS files that cannot be used; the message names the file and what is wrong with it. */
public final class TlsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
