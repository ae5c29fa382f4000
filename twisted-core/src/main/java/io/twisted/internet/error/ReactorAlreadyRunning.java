package io.twisted.internet.error;

/** The reactor is already running (Twisted's {@code ReactorAlreadyRunning}). */
public class ReactorAlreadyRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ReactorAlreadyRunning() {
        super("Reactor already running.");
    }

    public ReactorAlreadyRunning(String message) {
        super(message);
    }

    public ReactorAlreadyRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
