package io.twisted.internet.error;

/** A connection attempt failed (Twisted's {@code ConnectError}); the base of the specific reasons. */
public class ConnectError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectError() {
        super("An error occurred while connecting.");
    }

    public ConnectError(String message) {
        super(message);
    }

    public ConnectError(String message, Throwable cause) {
        super(message, cause);
    }
}
