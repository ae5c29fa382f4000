package io.twisted.internet.error;

/** The peer refused the connection (Twisted's {@code ConnectionRefusedError}). */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public ConnectionRefusedError() {
        super("Connection was refused by other side.");
    }

    public ConnectionRefusedError(String message) {
        super(message);
    }

    public ConnectionRefusedError(String message, Throwable cause) {
        super(message, cause);
    }
}
