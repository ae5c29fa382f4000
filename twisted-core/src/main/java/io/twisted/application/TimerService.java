package io.twisted.application;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Calls something every {@code step} seconds while running (Twisted's {@code TimerService}, on a
 * {@code LoopingCall}): once at start, then at {@code start + k*step}. Calls missed because the
 * previous one ran late are skipped, not bunched. If the work returns a {@link Deferred}, the next
 * call waits until it fires. If the work throws or its Deferred fails, the failure is logged and
 * calling stops (the service stays running, as in Twisted).
 *
 * <p>{@link #stopService()} cancels the next call and, when a call's Deferred is in flight, returns a
 * Deferred that fires once it completes.
 */
public class TimerService extends AbstractService {

    private static final System.Logger LOG = System.getLogger(TimerService.class.getName());

    private final ReactorTime clock;
    private final double step;
    private final Callable<?> work;

    private double startTime;
    private DelayedCall next;
    private boolean inFlight;
    private Deferred<Void> whenIdle;

    /**
     * @param clock where time comes from (the reactor)
     * @param step seconds between calls, positive
     * @param work what to call; may return a Deferred to wait for
     */
    public TimerService(ReactorTime clock, double step, Callable<?> work) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.work = Objects.requireNonNull(work, "work");
        if (!(step > 0)) {
            throw new IllegalArgumentException("step must be positive, not " + step);
        }
        this.step = step;
    }

    @Override
    public void startService() {
        super.startService();
        startTime = clock.seconds();
        runOnce();
    }

    @Override
    public Deferred<Void> stopService() {
        super.stopService();
        if (next != null && next.active()) {
            next.cancel();
        }
        next = null;
        if (inFlight) {
            whenIdle = new Deferred<>();
            return whenIdle;
        }
        return null;
    }

    private void runOnce() {
        next = null;
        Object r;
        try {
            r = work.call();
        } catch (Exception e) {
            failed(new Failure(e));
            return;
        }
        if (r instanceof Deferred) {
            inFlight = true;
            ((Deferred<?>) r).addCallbacks(this::workDone, this::workFailed);
        } else {
            scheduleNext();
        }
    }

    private Object workDone(Object result) {
        inFlight = false;
        scheduleNext();
        return null;
    }

    private Object workFailed(Failure f) {
        inFlight = false;
        failed(f);
        return null;
    }

    private void failed(Failure f) {
        LOG.log(System.Logger.Level.ERROR, "TimerService: the periodic call failed; no more calls", f.value());
        fireIdle();
    }

    private void scheduleNext() {
        if (!isRunning()) {
            fireIdle();
            return;
        }
        double runningFor = clock.seconds() - startTime;
        double untilNext = step - (runningFor % step);
        next = clock.callLater(untilNext, this::runOnce);
    }

    private void fireIdle() {
        Deferred<Void> d = whenIdle;
        whenIdle = null;
        if (d != null) {
            d.callback(null);
        }
    }
}
