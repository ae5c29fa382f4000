package io.twisted.internet.error;

/** A datagram is too long to send (Twisted's {@code MessageLengthError}). */
public class MessageLengthError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MessageLengthError(String message) {
        super(message);
    }

    public MessageLengthError(String message, Throwable cause) {
        super(message, cause);
    }
}
