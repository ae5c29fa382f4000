package io.twisted.internet.task;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs many long tasks a little at a time, as Twisted's {@code task.Cooperator}: each task is an
 * {@link Iterator} whose every {@code next()} does one small unit of work. In each tick the
 * cooperator runs units of its tasks in turn (round-robin) until its time slice is used up, then
 * schedules the next tick on the reactor, so long work never starves I/O.
 *
 * <pre>{@code
 * Cooperator cooperator = new Cooperator(reactor);
 * CooperativeTask task = cooperator.cooperate(rows.stream().map(this::writeRow).iterator());
 * task.whenDone().addCallback(it -> finish());
 * }</pre>
 *
 * <p>A unit that returns a {@link Deferred} pauses its task until that Deferred fires; if it
 * fails, the task fails with that failure. A unit that throws fails its task. Tasks can be paused,
 * resumed and stopped ({@link CooperativeTask}); stopping the cooperator stops them all with
 * {@link SchedulerStopped}.
 *
 * <p>The default time slice is 10 ms per tick, as Twisted's, measured with
 * {@link System#nanoTime()}: it is a CPU budget, not protocol time, so it is the one thing here
 * that does not read the {@link ReactorTime}. Tests pass a {@linkplain #steps(int) step count}
 * instead. The default scheduler asks the reactor for the next tick {@link #EPSILON} seconds
 * later, as Twisted does, so one {@code Clock.advance} of at least that runs one tick.
 */
public final class Cooperator {

    /** The delay of the default scheduler between ticks, in seconds (Twisted's {@code _EPSILON}). */
    public static final double EPSILON = 0.00000001;

    /** The default time slice per tick, in nanoseconds (Twisted's {@code _Timer.MAX_SLICE}). */
    public static final long DEFAULT_SLICE_NANOS = 10_000_000L;

    /** Schedules the next tick of a cooperator (Twisted's {@code scheduler} argument). */
    @FunctionalInterface
    public interface Scheduler {
        /** Arranges for {@code tick} to run soon, on the reactor thread. */
        DelayedCall schedule(Runnable tick);
    }

    private final Supplier<BooleanSupplier> terminationPredicateFactory;
    private final Scheduler scheduler;
    private final List<CooperativeTask> tasks = new ArrayList<>();
    private Iterator<CooperativeTask> metarator = Collections.emptyIterator();
    private DelayedCall delayedCall;
    private boolean stopped;
    private boolean started;
    private boolean mustScheduleOnStart;

    /** A started cooperator on {@code clock}, with the default time slice and scheduler. */
    public Cooperator(ReactorTime clock) {
        this(timeSlice(DEFAULT_SLICE_NANOS), defaultScheduler(clock), true);
    }

    /**
     * A cooperator with its own policy (Twisted's constructor arguments).
     *
     * @param terminationPredicateFactory called at the start of each tick; the predicate it
     *     returns is asked after each unit of work whether the tick should end
     * @param scheduler schedules each tick
     * @param started whether to run at once; otherwise ticks wait for {@link #start()}
     */
    public Cooperator(Supplier<BooleanSupplier> terminationPredicateFactory, Scheduler scheduler, boolean started) {
        this.terminationPredicateFactory = Objects.requireNonNull(terminationPredicateFactory, "terminationPredicateFactory");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.started = started;
    }

    /** The default scheduler: {@code clock.callLater(EPSILON, tick)}. */
    public static Scheduler defaultScheduler(ReactorTime clock) {
        Objects.requireNonNull(clock, "clock");
        return tick -> clock.callLater(EPSILON, tick);
    }

    /** A tick ends once {@code nanos} of CPU time have passed (measured with {@link System#nanoTime()}). */
    public static Supplier<BooleanSupplier> timeSlice(long nanos) {
        return () -> {
            long end = System.nanoTime() + nanos;
            return () -> System.nanoTime() - end >= 0;
        };
    }

    /** A tick ends after {@code units} units of work: deterministic, for tests. */
    public static Supplier<BooleanSupplier> steps(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, got " + units);
        }
        return () -> {
            int[] left = {units};
            return () -> --left[0] <= 0;
        };
    }

    /** Starts running {@code iterator} as a task of this cooperator. */
    public CooperativeTask cooperate(Iterator<?> iterator) {
        return new CooperativeTask(iterator, this);
    }

    /**
     * Runs {@code iterator} as a task and returns a Deferred that fires with it when it is done
     * (Twisted's {@code coiterate}), or fails as {@link CooperativeTask#whenDone()} does.
     */
    @SuppressWarnings("unchecked")
    public <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
        return (Deferred<I>) (Deferred<?>) cooperate(iterator).whenDone();
    }

    /** Starts a cooperator created not started, or restarts a stopped one. */
    public void start() {
        stopped = false;
        started = true;
        if (mustScheduleOnStart) {
            mustScheduleOnStart = false;
            reschedule();
        }
    }

    /**
     * Stops the cooperator: every scheduled task finishes with {@link SchedulerStopped}, and so
     * does any task added (or resumed) later, until {@link #start()}.
     */
    public void stop() {
        stopped = true;
        for (CooperativeTask t : new ArrayList<>(tasks)) {
            t.completeWith(CooperativeTask.Completion.SCHEDULER_STOPPED, null);
        }
        tasks.clear();
        metarator = Collections.emptyIterator();
        if (delayedCall != null) {
            delayedCall.cancel();
            delayedCall = null;
        }
    }

    /** Whether the cooperator is started and not stopped. */
    public boolean isRunning() {
        return started && !stopped;
    }

    void addTask(CooperativeTask task) {
        tasks.add(task);
        task.scheduled = true;
        if (stopped) {
            task.completeWith(CooperativeTask.Completion.SCHEDULER_STOPPED, null);
        } else {
            reschedule();
        }
    }

    void removeTask(CooperativeTask task) {
        if (task.scheduled) {
            task.scheduled = false;
            tasks.remove(task);
        }
        if (tasks.isEmpty() && delayedCall != null) {
            delayedCall.cancel();
            delayedCall = null;
        }
    }

    private void tick() {
        delayedCall = null;
        BooleanSupplier terminator = terminationPredicateFactory.get();
        outer:
        while (!tasks.isEmpty()) {
            while (metarator.hasNext()) {
                CooperativeTask t = metarator.next();
                if (!t.scheduled) {
                    continue; // paused or finished since this round began
                }
                t.oneWorkUnit();
                if (terminator.getAsBoolean()) {
                    break outer;
                }
            }
            metarator = new ArrayList<>(tasks).iterator();
        }
        reschedule();
    }

    private void reschedule() {
        if (!started) {
            mustScheduleOnStart = true;
            return;
        }
        if (delayedCall == null && !tasks.isEmpty()) {
            delayedCall = scheduler.schedule(this::tick);
        }
    }
}
