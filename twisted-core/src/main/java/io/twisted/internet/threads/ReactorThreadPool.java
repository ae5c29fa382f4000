package io.twisted.internet.threads;

import io.twisted.internet.ReactorCore;
import io.twisted.internet.ReactorThreadPools;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.SystemEvent;
import io.twisted.internet.defer.Deferred;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The thread pool a reactor owns, as Twisted's {@code ReactorBase} keeps one: a reactor holds one of
 * these and delegates {@link ReactorThreadPools} to it.
 *
 * <p>The {@link ThreadPool} is created and started on first use ({@link #getThreadPool()} or
 * {@link #callInThread}) with {@value #DEFAULT_MIN_THREADS} to {@value #DEFAULT_MAX_THREADS} daemon
 * threads named {@code "twisted-reactor-pool-n"}, or the size given earlier to
 * {@link #suggestThreadPoolSize}. At the same time it registers a "during shutdown" system event
 * trigger that stops the pool and returns a Deferred, fired on the reactor thread once the work
 * already queued or running has finished: reactor shutdown then waits for that work without
 * blocking the reactor thread (Twisted's reactor joins its threads instead). Work that never ends
 * therefore holds shutdown up. After shutdown the pool refuses work
 * ({@link java.util.concurrent.RejectedExecutionException}).
 *
 * <p>Unlike Twisted, which starts its pool when the reactor starts running, the pool starts at
 * once: work submitted before {@code run()} does not wait for it. The trigger is registered
 * directly on the reactor thread or before the reactor runs, and through
 * {@link ReactorThreads#callFromThread} from another thread of a running reactor; a pool first
 * used after the reactor shut down is not stopped by it (its idle daemon threads exit after the
 * keep-alive).
 *
 * <p>Every method may be called from any thread.
 */
public final class ReactorThreadPool implements ReactorThreadPools {

    /** Minimum threads of a reactor's pool (Twisted's reactor uses 0). */
    public static final int DEFAULT_MIN_THREADS = 0;
    /** Maximum threads of a reactor's pool unless {@link #suggestThreadPoolSize} says otherwise (Twisted: 10). */
    public static final int DEFAULT_MAX_THREADS = 10;
    /** Prefix of the names of a reactor pool's threads. */
    public static final String DEFAULT_NAME = "twisted-reactor-pool";

    private final ReactorCore core;
    private final ReactorThreads threads;
    private final String name;

    // Guarded by this.
    private ThreadPool pool;
    private int maxThreads = DEFAULT_MAX_THREADS;

    /** The pool of {@code reactor}, named {@value #DEFAULT_NAME}. */
    public <R extends ReactorCore & ReactorThreads> ReactorThreadPool(R reactor) {
        this(reactor, DEFAULT_NAME);
    }

    /** The pool of {@code reactor}, its threads named {@code name + "-n"}. */
    public <R extends ReactorCore & ReactorThreads> ReactorThreadPool(R reactor, String name) {
        this.core = Objects.requireNonNull(reactor, "reactor");
        this.threads = reactor;
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void callInThread(Runnable call) {
        getThreadPool().callInThread(call);
    }

    @Override
    public ThreadPool getThreadPool() {
        ThreadPool p;
        synchronized (this) {
            if (pool != null) {
                return pool;
            }
            p = new ThreadPool(Math.min(DEFAULT_MIN_THREADS, maxThreads), maxThreads, name);
            p.start();
            pool = p;
        }
        registerShutdownTrigger(p);
        return p;
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("thread pool size must be >= 1: " + size);
        }
        ThreadPool p;
        synchronized (this) {
            maxThreads = size;
            p = pool;
        }
        if (p != null) {
            p.adjustPoolsize(Math.min(p.getMinThreads(), size), size);
        }
    }

    /** Whether the pool has been created. */
    public synchronized boolean isCreated() {
        return pool != null;
    }

    private void registerShutdownTrigger(ThreadPool p) {
        try {
            // On the reactor thread, or before run() (or after it ended) on any thread.
            addTrigger(p);
        } catch (IllegalStateException runningElsewhere) {
            threads.callFromThread(() -> addTrigger(p));
        }
    }

    private void addTrigger(ThreadPool p) {
        core.addSystemEventTrigger(SystemEvent.Phase.DURING, SystemEvent.SHUTDOWN, () -> stopOnShutdown(p));
    }

    /** The shutdown trigger: stops the pool; a Deferred that fires once its work has finished. */
    private Deferred<Void> stopOnShutdown(ThreadPool p) {
        CompletableFuture<Void> stopped = p.stop();
        if (stopped.isDone()) {
            return null;
        }
        Deferred<Void> d = new Deferred<>();
        stopped.whenComplete((v, e) -> threads.callFromThread(() -> d.callback(null)));
        return d;
    }

    @Override
    public String toString() {
        ThreadPool p;
        synchronized (this) {
            p = pool;
        }
        return "<ReactorThreadPool " + (p == null ? name + " (not created)" : p) + ">";
    }
}
