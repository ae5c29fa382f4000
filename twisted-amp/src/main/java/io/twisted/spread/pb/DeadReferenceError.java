package io.twisted.spread.pb;

/** A call through a reference whose broker is disconnected (Twisted's {@code DeadReferenceError}). */
public class DeadReferenceError extends PbError {

    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public DeadReferenceError(String message) {
        super(message);
    }
}
