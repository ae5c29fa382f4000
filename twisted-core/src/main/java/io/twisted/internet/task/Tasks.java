package io.twisted.internet.task;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import java.util.Objects;
import java.util.concurrent.Callable;

/** Small scheduling helpers of Twisted's {@code twisted.internet.task} module. */
public final class Tasks {

    private Tasks() {
    }

    /**
     * A Deferred that fires with {@code null} after {@code delay} seconds of {@code clock}
     * (Twisted's {@code deferLater(clock, delay)}). Cancelling it cancels the scheduled call and
     * fails it with {@link io.twisted.internet.defer.CancelledError}.
     */
    public static Deferred<Void> deferLater(ReactorTime clock, double delay) {
        return deferLater(clock, delay, () -> null);
    }

    /**
     * A Deferred that, after {@code delay} seconds of {@code clock}, fires with what
     * {@code callable} returns, or fails with what it throws (Twisted's {@code deferLater}). If
     * the callable returns a Deferred, this one waits for it (see {@link #deferLaterDeferred} for
     * the matching result type). Cancelling before the delay has
     * passed cancels the scheduled call (the callable never runs) and fails the Deferred with
     * {@link io.twisted.internet.defer.CancelledError}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> deferLater(ReactorTime clock, double delay, Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable");
        DelayedCall[] call = new DelayedCall[1];
        Deferred<Object> d = new Deferred<>(cancelled -> call[0].cancel());
        d.addCallback(ignored -> callable.call());
        call[0] = clock.callLater(delay, () -> d.callback(null));
        return (Deferred<T>) (Deferred<?>) d;
    }

    /**
     * As {@link #deferLater(ReactorTime, double, Callable)} for a callable that returns a
     * Deferred: the returned Deferred waits for it and fires with its result. Cancelling while
     * waiting cancels the callable's Deferred.
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> deferLaterDeferred(ReactorTime clock, double delay,
                                                     Callable<? extends Deferred<? extends T>> callable) {
        return (Deferred<T>) (Deferred<?>) deferLater(clock, delay, callable);
    }
}
