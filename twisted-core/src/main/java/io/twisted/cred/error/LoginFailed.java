package io.twisted.cred.error;

/**
 * The user's request to log in failed (Twisted's {@code LoginFailed}), the base of every cred
 * error. Protocols trap this type to send their "authentication failed" reply; the message is meant
 * for logs, never for the remote peer.
 */
public class LoginFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public LoginFailed(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public LoginFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
