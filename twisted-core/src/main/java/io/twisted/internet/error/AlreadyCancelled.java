package io.twisted.internet.error;

/** The delayed call was already cancelled (Twisted's {@code AlreadyCancelled}). */
public class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCancelled() {
        super("Tried to cancel an already-cancelled event.");
    }

    public AlreadyCancelled(String message) {
        super(message);
    }

    public AlreadyCancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
