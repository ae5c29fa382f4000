package io.twisted.internet.task;

/** The task was stopped with {@link CooperativeTask#stop()} (Twisted's {@code TaskStopped}). */
public class TaskStopped extends TaskFinished {
    private static final long serialVersionUID = 1L;

    public TaskStopped() {
        super("The task was stopped");
    }
}
