package io.twisted.spread.pb;

/** The object has no {@code remote_NAME} method for the message (Twisted's {@code NoSuchMethod}). */
public class NoSuchMethod extends PbError {

    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public NoSuchMethod(String message) {
        super(message);
    }
}
