package io.twisted.internet.task;

/**
 * A {@link Cooperator} or {@link CooperativeTask} was used in a way its state does not allow
 * (Twisted's {@code SchedulerError}); the base of the task completion errors.
 */
public class SchedulerError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SchedulerError(String message) {
        super(message);
    }
}
