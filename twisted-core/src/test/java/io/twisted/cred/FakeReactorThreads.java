package io.twisted.cred;

import io.twisted.internet.ReactorThreads;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A {@link ReactorThreads} for tests: {@link #inline()} runs {@code callFromThread} calls at once;
 * {@link #queueing()} keeps them until {@link #runPending()}, so a test can see that a result
 * arrives only through {@code callFromThread}.
 */
public final class FakeReactorThreads implements ReactorThreads {

    private final boolean inline;
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private int calls;

    private FakeReactorThreads(boolean inline) {
        this.inline = inline;
    }

    public static FakeReactorThreads inline() {
        return new FakeReactorThreads(true);
    }

    public static FakeReactorThreads queueing() {
        return new FakeReactorThreads(false);
    }

    @Override
    public synchronized void callFromThread(Runnable call) {
        calls++;
        if (inline) {
            call.run();
        } else {
            pending.add(call);
        }
    }

    @Override
    public boolean isInReactorThread() {
        return true;
    }

    /** Runs the queued calls; returns how many ran. */
    public synchronized int runPending() {
        int n = 0;
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** How many times {@code callFromThread} was called. */
    public synchronized int calls() {
        return calls;
    }
}
