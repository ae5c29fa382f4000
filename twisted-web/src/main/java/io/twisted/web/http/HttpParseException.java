package io.twisted.web.http;

/**
 * A message the {@link HttpParser} refuses: the message says why, {@link #status()} is the status a
 * server sends before it closes the connection (400, 413, 414, 431, 501 or 505).
 */
public final class HttpParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status to answer. */
    private final int status;

    /** A rejection with the status to answer and the reason. */
    public HttpParseException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The status code to answer with. */
    public int status() {
        return status;
    }

    /** The reason, for the error page and the log. */
    public String reason() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "HttpParseException[" + status + ": " + getMessage() + "]";
    }
}
