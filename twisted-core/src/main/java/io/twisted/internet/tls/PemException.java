package io.twisted.internet.tls;

/**
 * PEM input that cannot be used: not PEM, the wrong kind of block, an unsupported key format, or a
 * key that does not match its certificate. The message names the source (usually a file) and the
 * problem.
 */
public class PemException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
