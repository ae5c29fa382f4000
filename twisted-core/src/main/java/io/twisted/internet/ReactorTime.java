package io.twisted.internet;

/**
 * Time as a reactor sees it: a monotonic clock in seconds and calls scheduled on it.
 *
 * <p>Every time-dependent behaviour in this project reads time through this interface, never the
 * wall clock, so that tests can drive it with {@link io.twisted.internet.task.Clock#advance}.
 * As in Twisted's {@code IReactorTime}, scheduled calls run on the reactor thread.
 */
public interface ReactorTime {

    /** The current time in seconds (monotonic; only differences are meaningful). */
    double seconds();

    /**
     * Schedules {@code call} to run {@code delaySeconds} from now on the reactor thread.
     *
     * @param delaySeconds non-negative delay in seconds
     * @return a handle that can cancel, reset or delay the call
     */
    DelayedCall callLater(double delaySeconds, Runnable call);

    /** Calls scheduled and not yet run or cancelled, in no particular order. */
    java.util.List<DelayedCall> getDelayedCalls();
}
