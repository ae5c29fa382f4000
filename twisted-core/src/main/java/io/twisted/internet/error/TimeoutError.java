package io.twisted.internet.error;

/** An operation timed out (Twisted's {@code TimeoutError}): a connection attempt, or a Deferred given {@code addTimeout}. */
public class TimeoutError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public TimeoutError() {
        super("User timeout caused connection failure.");
    }

    public TimeoutError(String message) {
        super(message);
    }

    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
