package io.twisted.internet;

/** Crossing threads (Twisted's {@code IReactorFromThreads} and {@code IReactorThreads}). */
public interface ReactorThreads {

    /**
     * Runs {@code call} on the reactor thread as soon as possible. The only reactor method any
     * thread may call; it wakes the event loop.
     */
    void callFromThread(Runnable call);

    /** Whether the calling thread is this reactor's event-loop thread. */
    boolean isInReactorThread();
}
