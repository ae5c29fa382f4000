package io.twisted.internet;

/** Running and stopping a reactor, and its system events (Twisted's {@code IReactorCore}). */
public interface ReactorCore {

    /** Runs the event loop on the calling thread until {@link #stop()}; fires startup triggers first. */
    void run();

    /**
     * Stops the reactor: runs the shutdown triggers (waiting for Deferreds they return), then ends
     * {@link #run()}. May be called from any thread.
     *
     * @throws io.twisted.internet.error.ReactorNotRunning if it is not running
     */
    void stop();

    /** Whether {@link #run()} is in progress and {@link #stop()} has not been called. */
    boolean isRunning();

    /** Runs {@code call} once the reactor is running (at once, later in this loop, if it already is). */
    void callWhenRunning(Runnable call);

    /**
     * Adds a trigger for {@code phase} of {@code event}.
     *
     * @return a handle for {@link #removeSystemEventTrigger}
     */
    Object addSystemEventTrigger(SystemEvent.Phase phase, SystemEvent event, SystemEventTrigger trigger);

    /** Removes a trigger added by {@link #addSystemEventTrigger}. */
    void removeSystemEventTrigger(Object handle);
}
