package io.twisted.internet.task;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.base.TimerQueue;
import java.util.List;

/**
 * A deterministic {@link ReactorTime} for tests, as Twisted's {@code task.Clock}: time moves only
 * when {@link #advance} or {@link #pump} is called, and due calls run then, in time order.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * proto = new MyProtocol(clock);
 * clock.advance(30);          // idle timeout fires
 * }</pre>
 */
public final class Clock implements ReactorTime {

    private double now;
    private final TimerQueue calls = new TimerQueue(() -> now);

    /** A clock at time 0. */
    public Clock() {
    }

    @Override
    public double seconds() {
        return now;
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable call) {
        return calls.schedule(delaySeconds, call);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return calls.pending();
    }

    /**
     * Moves time forward by {@code amount} seconds and runs every call due by then, including
     * calls scheduled while running that are already due. An exception from a call propagates,
     * as in Twisted, after the clock has moved.
     */
    public void advance(double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot move a Clock backwards: " + amount);
        }
        now += amount;
        RuntimeException[] first = new RuntimeException[1];
        calls.runDue(now, true, t -> {
            if (first[0] == null) {
                first[0] = t instanceof RuntimeException ? (RuntimeException) t : new RuntimeException(t);
            } else {
                first[0].addSuppressed(t);
            }
        });
        if (first[0] != null) {
            throw first[0];
        }
    }

    /** Advances by each of {@code timings} in turn. */
    public void pump(double... timings) {
        for (double t : timings) {
            advance(t);
        }
    }
}
