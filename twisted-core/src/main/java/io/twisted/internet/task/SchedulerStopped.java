package io.twisted.internet.task;

/** The {@link Cooperator} running a task was stopped (Twisted's {@code SchedulerStopped}). */
public class SchedulerStopped extends SchedulerError {
    private static final long serialVersionUID = 1L;

    public SchedulerStopped() {
        super("The Cooperator was stopped");
    }
}
