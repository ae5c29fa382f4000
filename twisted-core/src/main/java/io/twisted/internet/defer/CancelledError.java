package io.twisted.internet.defer;

/** A {@link Deferred} was cancelled (Twisted's {@code CancelledError}). */
public class CancelledError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        super("Deferred was cancelled");
    }

    public CancelledError(String message) {
        super(message);
    }
}
