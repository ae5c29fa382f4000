package io.twisted.internet.task;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An iterator being run by a {@link Cooperator}, as Twisted's {@code CooperativeTask}: it can be
 * paused, resumed and stopped, and tells when it is done through {@link #whenDone()}.
 */
public final class CooperativeTask {

    /** How a task finished. */
    enum Completion {
        DONE, FAILED, STOPPED, SCHEDULER_STOPPED;

        /** The exception that says why a task finished this way cannot be paused or stopped. */
        SchedulerError exception() {
            switch (this) {
                case DONE:
                    return new TaskDone();
                case FAILED:
                    return new TaskFailed();
                case STOPPED:
                    return new TaskStopped();
                default:
                    return new SchedulerStopped();
            }
        }
    }

    private final Iterator<?> iterator;
    private final Cooperator cooperator;
    private final List<Deferred<Iterator<?>>> waiting = new ArrayList<>(1);
    private int pauseCount;
    private Completion completion;
    /** The iterator when done, else the Failure. */
    private Object completionResult;
    /** Whether the cooperator currently runs this task (not paused, not finished). */
    boolean scheduled;

    CooperativeTask(Iterator<?> iterator, Cooperator cooperator) {
        this.iterator = Objects.requireNonNull(iterator, "iterator");
        this.cooperator = cooperator;
        cooperator.addTask(this);
    }

    /**
     * A new Deferred that fires with the iterator when it runs out, or fails with what the
     * iterator threw (or the failure of a Deferred it produced), or with {@link TaskStopped} or
     * {@link SchedulerStopped}. Each call returns a new Deferred; after completion it has fired.
     */
    public Deferred<Iterator<?>> whenDone() {
        Deferred<Iterator<?>> d = new Deferred<>();
        if (completion == null) {
            waiting.add(d);
        } else {
            fire(d);
        }
        return d;
    }

    /**
     * Pauses the task: no more units run until a matching {@link #resume()}. Pauses nest.
     *
     * @throws TaskFinished (or {@link SchedulerStopped}) if the task has finished
     */
    public void pause() {
        checkFinish();
        pauseCount++;
        if (pauseCount == 1) {
            cooperator.removeTask(this);
        }
    }

    /**
     * Undoes one {@link #pause()}.
     *
     * @throws NotPaused if the task is not paused
     */
    public void resume() {
        if (pauseCount == 0) {
            throw new NotPaused();
        }
        pauseCount--;
        if (pauseCount == 0 && completion == null) {
            cooperator.addTask(this);
        }
    }

    /**
     * Stops the task: no more units run and {@link #whenDone()} fails with {@link TaskStopped}.
     *
     * @throws TaskFinished (or {@link SchedulerStopped}) if the task has already finished
     */
    public void stop() {
        checkFinish();
        completeWith(Completion.STOPPED, null);
    }

    /** Whether the task has finished (done, failed or stopped). */
    public boolean isFinished() {
        return completion != null;
    }

    /** Whether the task is paused (explicitly, or waiting on a Deferred it produced). */
    public boolean isPaused() {
        return pauseCount > 0;
    }

    private void checkFinish() {
        if (completion != null) {
            throw completion.exception();
        }
    }

    /**
     * Finishes the task. {@code result} is the Failure for FAILED; the others make their own.
     * Ignored if already finished (a Deferred the task waited on may fail after a stop).
     */
    void completeWith(Completion how, Failure failure) {
        if (completion != null) {
            return;
        }
        completion = how;
        switch (how) {
            case DONE:
                completionResult = iterator;
                break;
            case FAILED:
                completionResult = failure;
                break;
            default:
                completionResult = new Failure(how.exception());
                break;
        }
        if (pauseCount == 0) {
            cooperator.removeTask(this);
        }
        // Fire after leaving the cooperator, so callbacks may use it freely.
        List<Deferred<Iterator<?>>> ds = new ArrayList<>(waiting);
        waiting.clear();
        for (Deferred<Iterator<?>> d : ds) {
            fire(d);
        }
    }

    private void fire(Deferred<Iterator<?>> d) {
        if (completionResult instanceof Failure) {
            d.errback((Failure) completionResult);
        } else {
            d.callback(iterator);
        }
    }

    /** Runs one unit of work: one {@code next()} of the iterator. */
    void oneWorkUnit() {
        Object result;
        try {
            if (!iterator.hasNext()) {
                completeWith(Completion.DONE, null);
                return;
            }
            result = iterator.next();
        } catch (Throwable t) {
            completeWith(Completion.FAILED, new Failure(t));
            return;
        }
        if (result instanceof Deferred) {
            pause();
            ((Deferred<?>) result).addCallbacks(r -> {
                if (completion == null) {
                    resume();
                } else {
                    pauseCount--;
                }
                return null;
            }, f -> {
                pauseCount--;
                completeWith(Completion.FAILED, f);
                return null;
            });
        }
    }
}
