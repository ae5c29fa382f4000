package io.twisted.internet.task;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Calls a function repeatedly, every {@code interval} seconds of a {@link ReactorTime}, as
 * Twisted's {@code task.LoopingCall}.
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(reactor, this::sendPing);
 * heartbeat.start(30)                     // first call now, then every 30 s
 *          .addErrback(this::onPingFailed);
 * ...
 * heartbeat.stop();                       // the Deferred fires with the LoopingCall
 * }</pre>
 *
 * <p>Calls are scheduled on a grid anchored at the start time, so they do not drift: a call that
 * runs late (or a slow function) does not push the later ones back, and when intervals are missed
 * the next call is at the next point of the grid (see {@link #withCount} to learn how many were
 * missed). If the function returns a {@link Deferred}, the next call waits for it to fire. If it
 * throws or its Deferred fails, the loop stops and the Deferred returned by {@link #start} fails
 * with that failure. An interval of 0 calls the function again as soon as possible (once per
 * reactor iteration).
 *
 * <p>Belongs to the reactor thread, like everything that the reactor calls.
 */
public final class LoopingCall {

    /** The function of a {@link #withCount} loop. */
    @FunctionalInterface
    public interface CountedFunction {
        /**
         * Runs for {@code count} intervals elapsed since the previous call (1 when on time, more
         * when calls were missed). May return a {@link Deferred} to make the loop wait for it.
         */
        Object call(int count) throws Exception;
    }

    private final Callable<?> function;
    private ReactorTime clock;
    private boolean running;
    private Deferred<LoopingCall> deferred;
    private DelayedCall call;
    private double interval = Double.NaN;
    private double startTime = Double.NaN;
    private boolean runAtStart;
    /** For {@link #withCount}: the time of the last call, or NaN before the first. */
    private double realLastTime = Double.NaN;

    /**
     * A loop calling {@code function}, which may return a value (ignored) or a {@link Deferred} to
     * wait for.
     */
    public LoopingCall(ReactorTime clock, Callable<?> function) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.function = Objects.requireNonNull(function, "function");
    }

    /** A loop calling {@code function}. */
    public LoopingCall(ReactorTime clock, Runnable function) {
        this(clock, callableOf(Objects.requireNonNull(function, "function")));
    }

    private static Callable<Object> callableOf(Runnable r) {
        return () -> {
            r.run();
            return null;
        };
    }

    /**
     * A loop whose function receives the number of intervals elapsed since it was last called, as
     * Twisted's {@code LoopingCall.withCount}: 1 when the loop keeps up; more when the reactor was
     * too busy (or the function's Deferred too slow) and calls were skipped. With an interval of
     * 0 it is always 1. When a call falls in the same interval as the previous one (after
     * {@link #reset}, say), the function is not called.
     */
    public static LoopingCall withCount(ReactorTime clock, CountedFunction function) {
        Objects.requireNonNull(function, "function");
        LoopingCall[] self = new LoopingCall[1];
        self[0] = new LoopingCall(clock, (Callable<Object>) () -> self[0].countAndCall(function));
        return self[0];
    }

    private Object countAndCall(CountedFunction f) throws Exception {
        double now = clock.seconds();
        if (interval == 0) {
            realLastTime = now;
            return f.call(1);
        }
        double lastTime = realLastTime;
        if (Double.isNaN(lastTime)) {
            lastTime = startTime;
            if (runAtStart) {
                lastTime -= interval;
            }
        }
        long count = intervalOf(now) - intervalOf(lastTime);
        if (count > 0) {
            realLastTime = now;
            return f.call((int) Math.min(count, Integer.MAX_VALUE));
        }
        return null;
    }

    /** The number of the interval {@code t} falls in, truncated toward zero as Twisted's {@code int()}. */
    private long intervalOf(double t) {
        return (long) ((t - startTime) / interval);
    }

    /** The clock this loop schedules on. */
    public ReactorTime getClock() {
        return clock;
    }

    /** Replaces the clock (Twisted's {@code LoopingCall.clock}), for instance with a test {@link Clock}; not while running. */
    public void setClock(ReactorTime clock) {
        if (running) {
            throw new IllegalStateException("cannot change the clock of a running LoopingCall");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the loop is running (started and not stopped). */
    public boolean isRunning() {
        return running;
    }

    /** The interval of the current or last run, or NaN if never started. */
    public double getInterval() {
        return interval;
    }

    /** The Deferred {@link #start} returned, while the loop runs; {@code null} otherwise. */
    public Deferred<LoopingCall> deferred() {
        return deferred;
    }

    /** {@link #start(double, boolean) start(interval, true)}: the first call happens now. */
    public Deferred<LoopingCall> start(double interval) {
        return start(interval, true);
    }

    /**
     * Starts calling the function every {@code interval} seconds.
     *
     * @param now whether to call it at once (otherwise the first call is one interval from now)
     * @return a Deferred that fires with this LoopingCall when {@link #stop} is called, or fails
     *     with the failure of the function
     * @throws IllegalStateException if already running
     * @throws IllegalArgumentException if {@code interval} is negative or not a number
     */
    public Deferred<LoopingCall> start(double interval, boolean now) {
        if (running) {
            throw new IllegalStateException("Tried to start an already running LoopingCall.");
        }
        if (!(interval >= 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("interval must be a finite number >= 0, got " + interval);
        }
        running = true;
        Deferred<LoopingCall> d = new Deferred<>();
        deferred = d;
        startTime = clock.seconds();
        this.interval = interval;
        runAtStart = now;
        realLastTime = Double.NaN;
        if (now) {
            runOnce();
        } else {
            scheduleFrom(startTime);
        }
        return d;
    }

    /**
     * Stops the loop. Its Deferred fires with this LoopingCall now, or, if the function's Deferred
     * is pending, when that fires.
     *
     * @throws IllegalStateException if not running
     */
    public void stop() {
        if (!running) {
            throw new IllegalStateException("Tried to stop a LoopingCall that was not running.");
        }
        running = false;
        if (call != null) {
            call.cancel();
            call = null;
            fire();
        }
    }

    /**
     * Restarts the interval grid from now: the next call is one interval from now. Has no effect
     * while the function's Deferred is pending.
     *
     * @throws IllegalStateException if not running
     */
    public void reset() {
        if (!running) {
            throw new IllegalStateException("Tried to reset a LoopingCall that was not running.");
        }
        if (call != null) {
            call.cancel();
            call = null;
            startTime = clock.seconds();
            scheduleFrom(startTime);
        }
    }

    private void runOnce() {
        call = null;
        Deferred<Object> d = Deferred.maybeDeferred(function::call);
        d.addCallbacks(this::calledBack, this::failed);
    }

    private Object calledBack(Object ignored) {
        if (running) {
            scheduleFrom(clock.seconds());
        } else {
            fire();
        }
        return null;
    }

    private Object failed(Failure failure) {
        running = false;
        Deferred<LoopingCall> d = deferred;
        deferred = null;
        d.errback(failure);
        return null;
    }

    private void fire() {
        Deferred<LoopingCall> d = deferred;
        deferred = null;
        d.callback(this);
    }

    /** Schedules the next call at the next point of the grid after {@code when}. */
    private void scheduleFrom(double when) {
        call = clock.callLater(delayUntilNext(when), this::runOnce);
    }

    private double delayUntilNext(double when) {
        if (interval == 0) {
            return 0;
        }
        double runningFor = when - startTime;
        double untilNextInterval = interval - (runningFor % interval);
        // A delay too small to change 'when' (float precision) means we are on the grid point.
        if (when == when + untilNextInterval) {
            return interval;
        }
        return untilNextInterval;
    }

    @Override
    public String toString() {
        return "LoopingCall<" + interval + ">(" + function + ")";
    }
}
