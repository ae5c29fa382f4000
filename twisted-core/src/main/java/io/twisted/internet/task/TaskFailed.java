package io.twisted.internet.task;

/** The task's iterator threw, or a Deferred it produced failed (Twisted's {@code TaskFailed}). */
public class TaskFailed extends TaskFinished {
    private static final long serialVersionUID = 1L;

    public TaskFailed() {
        super("The task failed");
    }
}
