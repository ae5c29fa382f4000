package io.twisted.internet.error;

/**
 * An operation (such as sending a signal) needs a running process, but the process has already
 * exited (Twisted's {@code ProcessExitedAlready}).
 */
public class ProcessExitedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessExitedAlready() {
        super("The process has already exited.");
    }

    public ProcessExitedAlready(String message) {
        super(message);
    }
}
