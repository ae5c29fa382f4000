package io.twisted.internet.threads;

import io.twisted.internet.ReactorThreadPools;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Crossing between the reactor thread and other threads, after Twisted's {@code twisted.internet.threads}.
 *
 * <p>From the reactor thread to a pool: {@link #deferToThread} runs blocking code on a
 * {@link ThreadPool} and fires the returned {@link Deferred} on the reactor thread:
 * <pre>{@code
 * Threads.deferToThread(reactor, () -> Files.readString(path))
 *        .addCallback(this::onFileRead)
 *        .addErrback(this::onReadFailed);
 * }</pre>
 * From another thread to the reactor: {@link #blockingCallFromThread} runs code on the reactor
 * thread and waits for its result (and for the Deferred it returns).
 */
public final class Threads {

    private Threads() {
    }

    /**
     * Runs {@code f} on a thread of {@code pool}; the returned Deferred fires on the reactor thread
     * (through {@link ReactorThreads#callFromThread}) with {@code f}'s value, or fails with what it
     * threw (Twisted's {@code deferToThreadPool}). Call it on the reactor thread.
     *
     * <p>Cancelling the Deferred does not interrupt {@code f}; its result is then ignored. If the
     * pool refuses the work (it was stopped) the Deferred is returned already failed with a
     * {@link RejectedExecutionException}. {@code f} must not return a Deferred (Deferreds belong to
     * the reactor thread): that is delivered as an {@link IllegalStateException} failure.
     */
    public static <T> Deferred<T> deferToThreadPool(ReactorThreads reactor, ThreadPool pool, Callable<? extends T> f) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(f, "f");
        Deferred<T> d = new Deferred<>();
        try {
            pool.callInThreadWithCallback((success, result) -> reactor.callFromThread(() -> deliver(d, success, result)), f);
        } catch (RejectedExecutionException e) {
            d.errback(e);
        }
        return d;
    }

    /** {@link #deferToThreadPool}: runs {@code f} on {@code pool}, the result on the reactor thread. */
    public static <T> Deferred<T> deferToThread(ReactorThreads reactor, ThreadPool pool, Callable<? extends T> f) {
        return deferToThreadPool(reactor, pool, f);
    }

    /**
     * Runs {@code f} on the reactor's own pool ({@link ReactorThreadPools#getThreadPool()}), the
     * result on the reactor thread (Twisted's {@code deferToThread}).
     */
    public static <T, R extends ReactorThreads & ReactorThreadPools> Deferred<T> deferToThread(R reactor, Callable<? extends T> f) {
        return deferToThreadPool(reactor, reactor.getThreadPool(), f);
    }

    @SuppressWarnings("unchecked")
    private static <T> void deliver(Deferred<T> d, boolean success, Object result) {
        if (d.isCalled()) {
            // Cancelled meanwhile (a Deferred without a canceller ignores one late firing; be explicit).
            return;
        }
        if (!success) {
            d.errback((Failure) result);
        } else if (result instanceof Deferred) {
            d.errback(new IllegalStateException("deferToThread work returned a Deferred; Deferreds belong to the reactor thread"));
        } else {
            d.callback((T) result);
        }
    }

    /**
     * Runs {@code calls} one after another in a single call on a pool thread (Twisted's
     * {@code callMultipleInThread}). As in Twisted, an exception stops the calls after it; it is
     * logged by the pool.
     *
     * @throws RejectedExecutionException if the pool was stopped
     */
    public static void callMultipleInThread(ThreadPool pool, List<? extends Runnable> calls) {
        List<Runnable> copy = List.copyOf(calls);
        pool.callInThread(() -> copy.forEach(Runnable::run));
    }

    /** {@link #callMultipleInThread(ThreadPool, List)} on the reactor's own pool. */
    public static void callMultipleInThread(ReactorThreadPools reactor, List<? extends Runnable> calls) {
        callMultipleInThread(reactor.getThreadPool(), calls);
    }

    /**
     * From a thread that is not the reactor's, runs {@code f} on the reactor thread and waits for
     * it (Twisted's {@code blockingCallFromThread}): returns what {@code f} returned or, when that
     * is a Deferred, what the Deferred fired with; throws what {@code f} threw or the exception of
     * the Deferred's failure. Waits without limit: if the reactor is not running, this never
     * returns (see {@link #blockingCallFromThread(ReactorThreads, Callable, Duration)}).
     *
     * @throws IllegalStateException on the reactor thread, where waiting for itself would deadlock
     * @throws InterruptedException if the waiting thread is interrupted ({@code f} may still run)
     */
    public static Object blockingCallFromThread(ReactorThreads reactor, Callable<?> f) throws Exception {
        return blockingCall(reactor, f, null);
    }

    /**
     * {@link #blockingCallFromThread(ReactorThreads, Callable)} waiting at most {@code timeout}.
     * When the wait ends early (timeout or interrupt), {@code f} is skipped if it has not started
     * on the reactor thread yet, and a Deferred it returned that has not fired is cancelled.
     *
     * @throws java.util.concurrent.TimeoutException if no result came within {@code timeout}
     * @throws IllegalStateException on the reactor thread
     */
    public static Object blockingCallFromThread(ReactorThreads reactor, Callable<?> f, Duration timeout) throws Exception {
        return blockingCall(reactor, f, Objects.requireNonNull(timeout, "timeout"));
    }

    private static Object blockingCall(ReactorThreads reactor, Callable<?> f, Duration timeout) throws Exception {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(f, "f");
        if (reactor.isInReactorThread()) {
            throw new IllegalStateException("blockingCallFromThread called on the reactor thread: it would wait for itself forever");
        }
        BlockingCall call = new BlockingCall(f);
        reactor.callFromThread(call::runOnReactor);
        try {
            if (timeout == null) {
                return call.result.get();
            }
            return call.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            call.abandoned.set(true);
            reactor.callFromThread(call::cancelPending);
            throw e;
        }
    }

    /** One {@code blockingCallFromThread}: the reactor-thread half and the result handed across. */
    private static final class BlockingCall {
        final Callable<?> f;
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final AtomicBoolean abandoned = new AtomicBoolean();
        // Touched only on the reactor thread.
        private Deferred<Object> pending;

        BlockingCall(Callable<?> f) {
            this.f = f;
        }

        void runOnReactor() {
            if (abandoned.get()) {
                return;
            }
            Deferred<Object> d = Deferred.maybeDeferred(f::call);
            pending = d;
            d.addCallbacks(this::succeeded, this::failed);
        }

        private Object succeeded(Object value) {
            result.complete(value);
            return null;
        }

        private Object failed(Failure failure) {
            result.completeExceptionally(failure.value());
            return null;
        }

        /** Runs on the reactor thread after {@link #runOnReactor} (callFromThread is FIFO). */
        void cancelPending() {
            Deferred<Object> d = pending;
            if (d != null && !result.isDone()) {
                d.cancel();
            }
        }
    }

    private static Exception rethrow(Throwable t) throws Exception {
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new UndeclaredThrowableException(t);
    }
}
