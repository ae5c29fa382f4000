package io.twisted.amp;

/**
 * The peer's responder failed with an error the command does not declare ({@code _error_code:
 * UNKNOWN}). Python Twisted closes the connection after sending it, and so do we.
 */
public class UnknownRemoteError extends RemoteAmpError {

    private static final long serialVersionUID = 1L;

    /** The error as the peer described it. */
    public UnknownRemoteError(String description) {
        super(Command.UNKNOWN_ERROR_CODE, description);
    }
}
