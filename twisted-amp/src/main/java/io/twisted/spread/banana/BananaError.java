package io.twisted.spread.banana;

/** A Banana stream or value that breaks the format or a limit (Twisted's {@code BananaError}). */
public class BananaError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error saying what was wrong. */
    public BananaError(String message) {
        super(message);
    }
}
