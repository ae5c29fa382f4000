package io.twisted.internet.error;

/** A port could not be bound (Twisted's {@code CannotListenError}). */
public class CannotListenError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotListenError() {
        super("Could not listen.");
    }

    public CannotListenError(String message) {
        super(message);
    }

    public CannotListenError(String message, Throwable cause) {
        super(message, cause);
    }
}
