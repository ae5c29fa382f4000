package io.twisted.internet.error;

/** The reactor is not running (Twisted's {@code ReactorNotRunning}). */
public class ReactorNotRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ReactorNotRunning() {
        super("Can't stop reactor that isn't running.");
    }

    public ReactorNotRunning(String message) {
        super(message);
    }

    public ReactorNotRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
