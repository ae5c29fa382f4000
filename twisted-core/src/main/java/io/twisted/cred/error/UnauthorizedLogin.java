package io.twisted.cred.error;

/**
 * The credentials were refused: unknown user, wrong password, key not authorized, bad signature
 * (Twisted's {@code UnauthorizedLogin}). Checkers use one message for "unknown user" and
 * "wrong password" so that neither the message nor the time taken tells them apart.
 */
public class UnauthorizedLogin extends LoginFailed {
    private static final long serialVersionUID = 1L;

    /** The message checkers give for both an unknown user and a wrong password. */
    public static final String INVALID_CREDENTIALS = "Invalid username or password";

    /** An error with {@link #INVALID_CREDENTIALS} as message. */
    public UnauthorizedLogin() {
        super(INVALID_CREDENTIALS);
    }

    /** An error with {@code message} (for refusals other than a bad user name or password). */
    public UnauthorizedLogin(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public UnauthorizedLogin(String message, Throwable cause) {
        super(message, cause);
    }
}
