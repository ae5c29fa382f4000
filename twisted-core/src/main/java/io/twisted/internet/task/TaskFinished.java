package io.twisted.internet.task;

/**
 * A {@link CooperativeTask} has finished, one way or another, and can no longer be paused or
 * stopped (Twisted's {@code TaskFinished}).
 */
public class TaskFinished extends SchedulerError {
    private static final long serialVersionUID = 1L;

    public TaskFinished(String message) {
        super(message);
    }
}
