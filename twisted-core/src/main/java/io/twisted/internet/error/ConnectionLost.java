package io.twisted.internet.error;

/** The connection was lost in a non-clean fashion (Twisted's {@code ConnectionLost}). */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    public ConnectionLost() {
        super("Connection to the other side was lost in a non-clean fashion.");
    }

    public ConnectionLost(String message) {
        super(message);
    }

    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
