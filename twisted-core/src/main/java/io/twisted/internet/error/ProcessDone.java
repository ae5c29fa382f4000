package io.twisted.internet.error;

/** A process ended with exit code 0 (Twisted's {@code ProcessDone}). */
public class ProcessDone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessDone() {
        super("A process has ended without apparent errors.");
    }

    public ProcessDone(String message) {
        super(message);
    }

    public ProcessDone(String message, Throwable cause) {
        super(message, cause);
    }
}
