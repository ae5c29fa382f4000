package io.twisted.internet.error;

/** A connection ended (Twisted's {@code ConnectionClosed}); the base of the ways it can end. */
public class ConnectionClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosed() {
        super("Connection was closed.");
    }

    public ConnectionClosed(String message) {
        super(message);
    }

    public ConnectionClosed(String message, Throwable cause) {
        super(message, cause);
    }
}
