package io.twisted.internet.task;

/** {@link CooperativeTask#resume()} on a task that is not paused (Twisted's {@code NotPaused}). */
public class NotPaused extends SchedulerError {
    private static final long serialVersionUID = 1L;

    public NotPaused() {
        super("The task is not paused");
    }
}
