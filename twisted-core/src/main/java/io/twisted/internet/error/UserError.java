package io.twisted.internet.error;

/** The connection attempt was stopped by the user (Twisted's {@code UserError}). */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public UserError() {
        super("User aborted connection.");
    }

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
