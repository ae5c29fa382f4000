package io.twisted.internet.error;

/** The delayed call has already run (Twisted's {@code AlreadyCalled}). */
public class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCalled() {
        super("Tried to cancel an already-called event.");
    }

    public AlreadyCalled(String message) {
        super(message);
    }

    public AlreadyCalled(String message, Throwable cause) {
        super(message, cause);
    }
}
