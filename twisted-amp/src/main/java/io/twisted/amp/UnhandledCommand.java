package io.twisted.amp;

/** The peer has no responder for the command ({@code _error_code: UNHANDLED}); Twisted's {@code amp.UnhandledCommand}. */
public class UnhandledCommand extends RemoteAmpError {

    private static final long serialVersionUID = 1L;

    /** The error as the peer described it. */
    public UnhandledCommand(String description) {
        super(Command.UNHANDLED_ERROR_CODE, description);
    }
}
