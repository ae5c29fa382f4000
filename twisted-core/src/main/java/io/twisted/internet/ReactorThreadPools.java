package io.twisted.internet;

import io.twisted.internet.threads.ThreadPool;

/**
 * A reactor's thread pool for blocking work (the rest of Twisted's {@code IReactorThreads};
 * {@link ReactorThreads#callFromThread} goes the other way). The pool is created on first use,
 * with 0 to 10 threads as Twisted's reactor, and the reactor stops it at shutdown, waiting for
 * running work to finish. {@link io.twisted.internet.threads.Threads#deferToThread} brings a
 * result back to the reactor thread.
 *
 * <p>These methods may be called from any thread.
 */
public interface ReactorThreadPools {

    /**
     * Runs {@code call} on a thread of the reactor's pool.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the reactor has shut its pool down
     */
    void callInThread(Runnable call);

    /** The reactor's thread pool, created (and started) on first use. */
    ThreadPool getThreadPool();

    /**
     * Suggests the most threads the pool should have (Twisted's {@code suggestThreadPoolSize});
     * the minimum is lowered if it was above {@code size}.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    void suggestThreadPoolSize(int size);
}
