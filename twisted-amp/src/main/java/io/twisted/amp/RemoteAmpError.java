package io.twisted.amp;

/**
 * An error the peer answered with ({@code _error_code} and {@code _error_description}) that is not
 * one of the command's declared errors; also what a responder may throw to answer with a code of its
 * choosing. Twisted's {@code amp.RemoteAmpError}.
 */
public class RemoteAmpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String description;
    private final boolean fatal;

    /** An error with {@code errorCode} and {@code description}, not fatal. */
    public RemoteAmpError(String errorCode, String description) {
        this(errorCode, description, false);
    }

    /**
     * An error with {@code errorCode} and {@code description}; when a responder throws a
     * {@code fatal} one the connection is closed after the error box is sent.
     */
    public RemoteAmpError(String errorCode, String description, boolean fatal) {
        super("Code<" + errorCode + ">: " + description);
        this.errorCode = errorCode;
        this.description = description;
        this.fatal = fatal;
    }

    /** The {@code _error_code}, e.g. {@code UNHANDLED}. */
    public String errorCode() {
        return errorCode;
    }

    /** The {@code _error_description}. */
    public String description() {
        return description;
    }

    /** Whether the connection closes after this error is sent. */
    public boolean isFatal() {
        return fatal;
    }
}
