package io.twisted.amp.wire;

/**
 * A box that cannot be written or read: a key or value past its length limit (Twisted's
 * {@code TooLong}), a box past the decoder's size limit, or a malformed key.
 */
public class AmpWireException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message that says what was wrong and which limit was passed. */
    public AmpWireException(String message) {
        super(message);
    }
}
