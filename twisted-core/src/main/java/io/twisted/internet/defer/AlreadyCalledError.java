package io.twisted.internet.defer;

/** A {@link Deferred} was fired twice (Twisted's {@code AlreadyCalledError}). */
public class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCalledError(String message) {
        super(message);
    }
}
