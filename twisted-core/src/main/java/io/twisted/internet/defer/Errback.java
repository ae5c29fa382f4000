package io.twisted.internet.defer;

/**
 * An errback on a {@link Deferred}: takes the {@link Failure}; returning a value recovers and the
 * chain continues with callbacks; throwing (for example from {@link Failure#trap}) or returning a
 * {@link Failure} keeps the chain on its errbacks.
 */
@FunctionalInterface
public interface Errback<R> {
    R call(Failure failure) throws Throwable;
}
