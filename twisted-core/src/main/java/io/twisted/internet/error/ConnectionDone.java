package io.twisted.internet.error;

/** The connection was closed cleanly (Twisted's {@code ConnectionDone}). */
public class ConnectionDone extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    public ConnectionDone() {
        super("Connection was closed cleanly.");
    }

    public ConnectionDone(String message) {
        super(message);
    }

    public ConnectionDone(String message, Throwable cause) {
        super(message, cause);
    }
}
