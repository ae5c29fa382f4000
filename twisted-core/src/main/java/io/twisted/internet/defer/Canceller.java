package io.twisted.internet.defer;

/**
 * Called by {@link Deferred#cancel()} on a Deferred that has not fired: it should stop the work
 * and may fire the Deferred itself; if it does not, the Deferred fails with {@link CancelledError}.
 */
@FunctionalInterface
public interface Canceller<T> {
    void cancel(Deferred<T> deferred);
}
