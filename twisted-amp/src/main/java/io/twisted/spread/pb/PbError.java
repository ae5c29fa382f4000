package io.twisted.spread.pb;

/**
 * An error a remote method throws on purpose (Twisted's {@code pb.Error}): the caller gets its
 * message; a Python caller sees {@code twisted.spread.pb.Error}.
 */
public class PbError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public PbError(String message) {
        super(message);
    }
}
