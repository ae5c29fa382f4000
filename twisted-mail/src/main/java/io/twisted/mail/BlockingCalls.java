package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import java.util.concurrent.Callable;

/**
 * Where mail storage runs its slow, blocking steps (an fsync): on a thread pool, with the result
 * delivered back on the reactor thread ({@code Threads.deferToThread}), or {@link #INLINE} for
 * tests and tools without a reactor.
 */
@FunctionalInterface
public interface BlockingCalls {

    /** Runs each call at once on the calling thread. */
    BlockingCalls INLINE = new BlockingCalls() {
        @Override
        public <T> Deferred<T> run(Callable<? extends T> call) {
            return Deferred.maybeDeferred(call::call);
        }
    };

    /** Runs {@code call}; the Deferred fires on the reactor thread with its result or error. */
    <T> Deferred<T> run(Callable<? extends T> call);
}
