package io.twisted.internet;

/**
 * A call scheduled with {@link ReactorTime#callLater}, as Twisted's {@code IDelayedCall}.
 * A call is <em>active</em> until it has run or been cancelled.
 */
public interface DelayedCall {

    /** The absolute time, in the reactor's {@link ReactorTime#seconds()}, at which the call runs. */
    double getTime();

    /**
     * Cancels the call.
     *
     * @throws io.twisted.internet.error.AlreadyCancelled if it was cancelled before
     * @throws io.twisted.internet.error.AlreadyCalled if it has already run
     */
    void cancel();

    /** Reschedules the call to run {@code secondsFromNow} from now. */
    void reset(double secondsFromNow);

    /** Postpones (or, when negative, advances) the call by {@code secondsLater}. */
    void delay(double secondsLater);

    /** Whether the call has neither run nor been cancelled. */
    boolean active();
}
