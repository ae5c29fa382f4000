package io.twisted.protocols.basic;

/** A string is too long for its framing (Twisted's {@code StringTooLongError}). */
public class StringTooLongException extends IllegalArgumentException {

    /** An exception with a message saying what did not fit. */
    public StringTooLongException(String message) {
        super(message);
    }
}
