package io.twisted.internet.error;

/** The connection was aborted locally with {@code abortConnection} (Twisted's {@code ConnectionAborted}). */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    public ConnectionAborted() {
        super("Connection was aborted locally.");
    }

    public ConnectionAborted(String message) {
        super(message);
    }

    public ConnectionAborted(String message, Throwable cause) {
        super(message, cause);
    }
}
