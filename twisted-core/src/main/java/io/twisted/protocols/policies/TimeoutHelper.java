package io.twisted.protocols.policies;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import java.util.Objects;

/**
 * An idle timeout for any protocol, doing the job of Twisted's {@code policies.TimeoutMixin} by
 * composition: the protocol owns a helper, calls {@link #resetTimeout()} on activity, and is told
 * through a callback when the period passes without any.
 *
 * <pre>{@code
 * private final TimeoutHelper idle = new TimeoutHelper(clock, this::timeoutConnection);
 * public void connectionMade() { idle.setTimeout(600.0); }
 * protected void lineReceived(byte[] line) { idle.resetTimeout(); ... }
 * public void connectionLost(Failure reason) { idle.cancel(); }
 * private void timeoutConnection() { transport.loseConnection(); }
 * }</pre>
 *
 * Time comes from the injected {@link ReactorTime}, so tests drive it with
 * {@link io.twisted.internet.task.Clock#advance}. Once the timeout has fired it stays off until
 * {@link #setTimeout} is called again, as in Twisted.
 */
public final class TimeoutHelper {

    private final ReactorTime clock;
    private final Runnable onTimeout;
    private Double period;
    private DelayedCall call;

    /** A helper with no timeout set yet; {@link #setTimeout} starts it. */
    public TimeoutHelper(ReactorTime clock, Runnable onTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
    }

    /** A helper that starts counting {@code seconds} now ({@code null}: not yet). */
    public TimeoutHelper(ReactorTime clock, Double seconds, Runnable onTimeout) {
        this(clock, onTimeout);
        setTimeout(seconds);
    }

    /**
     * Sets the period and restarts the count from now; {@code null} turns the timeout off.
     *
     * @return the previous period, or {@code null}
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public Double setTimeout(Double seconds) {
        if (seconds != null && !(seconds >= 0)) {
            throw new IllegalArgumentException("timeout must be a non-negative number of seconds: " + seconds);
        }
        Double previous = period;
        period = seconds;
        if (call != null && call.active()) {
            if (seconds == null) {
                call.cancel();
                call = null;
            } else {
                call.reset(seconds);
            }
        } else if (seconds != null) {
            call = clock.callLater(seconds, this::timedOut);
        }
        return previous;
    }

    /** Restarts the count from now, if a timeout is pending (Twisted's {@code resetTimeout}). */
    public void resetTimeout() {
        if (call != null && call.active() && period != null) {
            call.reset(period);
        }
    }

    /** Turns the timeout off; the same as {@code setTimeout(null)}. */
    public void cancel() {
        setTimeout(null);
    }

    /** The current period, or {@code null} when off. */
    public Double timeout() {
        return period;
    }

    /** Whether a timeout is counting down. */
    public boolean isPending() {
        return call != null && call.active();
    }

    private void timedOut() {
        call = null;
        onTimeout.run();
    }
}
