/**
 * Blocking work off the reactor thread, after Twisted's {@code twisted.python.threadpool} and
 * {@code twisted.internet.threads}: {@link io.twisted.internet.threads.ThreadPool} (worker threads
 * created on demand between a minimum and a maximum, an unbounded FIFO queue beyond that, a
 * non-blocking {@code stop()}), {@link io.twisted.internet.threads.Threads} ({@code deferToThread}
 * delivers a blocking call's result to the reactor thread as a {@link io.twisted.internet.defer.Deferred};
 * {@code blockingCallFromThread} runs code on the reactor thread from another thread and waits),
 * and {@link io.twisted.internet.threads.ReactorThreadPool}, the lazily-created pool a reactor owns
 * and stops at shutdown.
 *
 * <p>Thread rules: reactor state is touched only on the reactor thread; pool threads reach it only
 * through {@link io.twisted.internet.ReactorThreads#callFromThread}. Nothing in this package blocks
 * the reactor thread.
 */
package io.twisted.internet.threads;
