package io.twisted.internet.task;

/** The task's iterator ran out (Twisted's {@code TaskDone}). */
public class TaskDone extends TaskFinished {
    private static final long serialVersionUID = 1L;

    public TaskDone() {
        super("The task is done");
    }
}
