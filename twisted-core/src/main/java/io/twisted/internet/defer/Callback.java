package io.twisted.internet.defer;

/**
 * A callback on a {@link Deferred}: takes the current result and returns the next one. Returning a
 * {@link Deferred} pauses the chain until it fires; returning a {@link Failure} or throwing switches
 * the chain to its errbacks.
 */
@FunctionalInterface
public interface Callback<T, R> {
    R call(T result) throws Throwable;
}
