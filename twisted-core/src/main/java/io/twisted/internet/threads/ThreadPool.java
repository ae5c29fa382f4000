package io.twisted.internet.threads;

import io.twisted.internet.defer.Failure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A pool of worker threads for blocking work, after Twisted's {@code twisted.python.threadpool.ThreadPool}.
 *
 * <p>Sizing: a worker thread is created on demand when work arrives and no worker is idle, up to
 * {@code maxThreads}; {@link #start()} (and {@link #adjustPoolsize}) creates {@code minThreads}
 * workers at once, and those are kept. A worker idle for longer than the keep-alive (60 seconds
 * by default) exits, unless that would leave fewer than {@code minThreads}. Work submitted while
 * every one of {@code maxThreads} workers is busy waits in a FIFO queue that is <b>unbounded</b>,
 * as Twisted's is: the pool never rejects work for being busy, so a caller that may submit without
 * limit must bound its own submissions. Work submitted before {@link #start()} is queued and runs
 * once the pool starts.
 *
 * <p>Threads are named {@code name + "-" + n} and are <b>daemon</b> threads by default, so a pool
 * that nobody stopped never keeps the JVM alive; a reactor stops its pool at shutdown and waits
 * for running work (see {@link ReactorThreadPool}), so no work is cut short in a normal shutdown.
 * Pass {@code daemon = false} to the full constructor for threads that hold the JVM open until
 * their work is done.
 *
 * <p>Every method may be called from any thread. Nothing here blocks except the workers: in
 * particular {@link #stop()} returns a future instead of joining threads, so the reactor thread
 * may call it.
 *
 * <p>An exception thrown by work given to {@link #callInThread} is logged (through
 * {@code System.Logger} "io.twisted.internet.threads") and the worker carries on.
 */
public final class ThreadPool {

    /** Twisted's default minimum number of threads of a pool made with {@link #ThreadPool()}. */
    public static final int DEFAULT_MIN_THREADS = 5;
    /** Twisted's default maximum number of threads of a pool made with {@link #ThreadPool()}. */
    public static final int DEFAULT_MAX_THREADS = 20;
    /** How long a worker beyond the minimum stays idle before it exits, by default. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

    static final System.Logger LOG = System.getLogger("io.twisted.internet.threads");

    /** Where the pool is in its life; it only moves forward. */
    private enum State {
        NEW, RUNNING, STOPPING, STOPPED
    }

    /**
     * A snapshot of the pool's counters, taken atomically (Twisted's {@code dumpStats}).
     *
     * @param workers worker threads alive ({@code working + waiting})
     * @param working workers running a task
     * @param waiting idle workers, waiting for work
     * @param queued tasks waiting in the queue for a worker
     */
    public record Stats(int workers, int working, int waiting, int queued) {
    }

    private final String name;
    private final boolean daemon;
    private final long keepAliveNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    // Guarded by lock.
    private State state = State.NEW;
    private int minThreads;
    private int maxThreads;
    private int workers;
    private int idle;
    private int threadSerial;

    /** A pool of {@value #DEFAULT_MIN_THREADS} to {@value #DEFAULT_MAX_THREADS} daemon threads named "PoolThread-n". */
    public ThreadPool() {
        this(DEFAULT_MIN_THREADS, DEFAULT_MAX_THREADS, "PoolThread");
    }

    /** A pool of {@code minThreads} to {@code maxThreads} daemon threads named {@code name + "-n"}. */
    public ThreadPool(int minThreads, int maxThreads, String name) {
        this(minThreads, maxThreads, name, true, DEFAULT_KEEP_ALIVE);
    }

    /**
     * A pool.
     *
     * @param minThreads workers kept even when idle (at least 0)
     * @param maxThreads most workers at a time (at least 1 and at least {@code minThreads})
     * @param name prefix of the threads' names
     * @param daemon whether the workers are daemon threads
     * @param keepAlive how long a worker beyond {@code minThreads} may stay idle (positive)
     * @throws IllegalArgumentException for sizes out of range or a keep-alive that is not positive
     */
    public ThreadPool(int minThreads, int maxThreads, String name, boolean daemon, Duration keepAlive) {
        checkSizes(minThreads, maxThreads);
        this.name = Objects.requireNonNull(name, "name");
        this.daemon = daemon;
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive: " + keepAlive);
        }
        this.keepAliveNanos = saturatedNanos(keepAlive);
        this.minThreads = minThreads;
        this.maxThreads = maxThreads;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void checkSizes(int min, int max) {
        if (min < 0) {
            throw new IllegalArgumentException("minThreads must be >= 0: " + min);
        }
        if (max < 1) {
            throw new IllegalArgumentException("maxThreads must be >= 1: " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("minThreads (" + min + ") must not exceed maxThreads (" + max + ")");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the pool: creates {@code minThreads} workers, and more (up to the maximum) for work
     * queued before now. Calling it again while running does nothing.
     *
     * @throws IllegalStateException once the pool was stopped (a pool does not restart)
     */
    public void start() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                return;
            }
            if (state != State.NEW) {
                throw new IllegalStateException("thread pool " + name + " was stopped and cannot be restarted");
            }
            state = State.RUNNING;
            growLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the pool without blocking: new work is refused at once, work already queued and
     * running still runs, then the workers exit. Calling it again is harmless.
     * A pool stopped before it was started never runs the work queued in it (it is dropped), as
     * in Twisted.
     *
     * @return a future completed when the last worker has finished its last task and left its
     *     loop; each call returns a new copy, so cancelling it affects nobody else
     */
    public CompletableFuture<Void> stop() {
        boolean done;
        lock.lock();
        try {
            if (state == State.NEW) {
                queue.clear();
                state = State.STOPPED;
            } else if (state == State.RUNNING) {
                state = State.STOPPING;
                workAvailable.signalAll();
            }
            done = state == State.STOPPING && workers == 0;
            if (done) {
                state = State.STOPPED;
            }
            done |= state == State.STOPPED;
        } finally {
            lock.unlock();
        }
        if (done) {
            terminated.complete(null);
        }
        return terminated.copy();
    }

    /** Whether {@link #start()} was called and {@link #stop()} was not. */
    public boolean isStarted() {
        lock.lock();
        try {
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #stop()} was called (the pool refuses new work). */
    public boolean isStopped() {
        lock.lock();
        try {
            return state == State.STOPPING || state == State.STOPPED;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ work

    /**
     * Runs {@code call} on a worker thread. Before {@link #start()} it waits in the queue.
     *
     * @throws RejectedExecutionException once the pool was stopped
     */
    public void callInThread(Runnable call) {
        Objects.requireNonNull(call, "call");
        lock.lock();
        try {
            if (state == State.STOPPING || state == State.STOPPED) {
                throw new RejectedExecutionException("thread pool " + name + " is stopped");
            }
            queue.add(call);
            if (state == State.RUNNING) {
                if (queue.size() > idle && workers < maxThreads) {
                    startWorkerLocked();
                } else {
                    workAvailable.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code func} on a worker thread, then calls {@code onResult} on that same worker thread
     * with {@code (true, value)} or, when {@code func} threw, {@code (false, failure)} where the
     * failure is a {@link Failure} wrapping the exception (Twisted's
     * {@code callInThreadWithCallback}). An exception thrown by {@code onResult} is logged.
     *
     * @throws RejectedExecutionException once the pool was stopped
     */
    public void callInThreadWithCallback(BiConsumer<Boolean, Object> onResult, Callable<?> func) {
        Objects.requireNonNull(onResult, "onResult");
        Objects.requireNonNull(func, "func");
        callInThread(() -> runWithCallback(onResult, func));
    }

    private static void runWithCallback(BiConsumer<Boolean, Object> onResult, Callable<?> func) {
        boolean success;
        Object result;
        try {
            result = func.call();
            success = true;
        } catch (Throwable t) {
            result = new Failure(t);
            success = false;
        }
        try {
            onResult.accept(success, result);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "onResult of callInThreadWithCallback failed", t);
        }
    }

    // ------------------------------------------------------------------ sizing

    /**
     * Changes the bounds. While running, workers are created up to the new minimum (and for
     * queued work up to the new maximum) at once; workers above the new maximum exit once idle
     * (a busy one finishes its task first); workers above the new minimum become subject to the
     * keep-alive.
     *
     * @throws IllegalArgumentException if {@code minThreads < 0}, {@code maxThreads < 1} or min > max
     */
    public void adjustPoolsize(int minThreads, int maxThreads) {
        checkSizes(minThreads, maxThreads);
        lock.lock();
        try {
            this.minThreads = minThreads;
            this.maxThreads = maxThreads;
            if (state == State.RUNNING) {
                growLocked();
                // Idle workers re-check whether they are now surplus.
                workAvailable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The minimum number of workers. */
    public int getMinThreads() {
        lock.lock();
        try {
            return minThreads;
        } finally {
            lock.unlock();
        }
    }

    /** The maximum number of workers. */
    public int getMaxThreads() {
        lock.lock();
        try {
            return maxThreads;
        } finally {
            lock.unlock();
        }
    }

    /** The prefix of the workers' names. */
    public String getName() {
        return name;
    }

    // ------------------------------------------------------------------ stats

    /** The counters, taken together. */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(workers, workers - idle, idle, queue.size());
        } finally {
            lock.unlock();
        }
    }

    /** How many worker threads exist (busy or idle). */
    public int getWorkers() {
        return stats().workers();
    }

    /** How many workers are running a task. */
    public int getWorking() {
        return stats().working();
    }

    /** How many workers are idle, waiting for work. */
    public int getWaiting() {
        return stats().waiting();
    }

    /** How many tasks wait in the queue for a worker. */
    public int getQueueLength() {
        return stats().queued();
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "<ThreadPool " + name + " workers=" + s.workers() + " working=" + s.working()
                + " waiting=" + s.waiting() + " queued=" + s.queued() + ">";
    }

    // ------------------------------------------------------------------ workers

    /** Creates workers up to the minimum, and for queued work up to the maximum. */
    private void growLocked() {
        while (workers < minThreads || (queue.size() > idle && workers < maxThreads)) {
            startWorkerLocked();
        }
    }

    private void startWorkerLocked() {
        Thread t = new Thread(this::workerLoop, name + "-" + (++threadSerial));
        t.setDaemon(daemon);
        // A worker counts as idle from its creation until it takes a task, so a second submission
        // made before the first worker got scheduled creates another worker instead of waiting.
        workers++;
        idle++;
        try {
            t.start();
        } catch (Throwable e) {
            workers--;
            idle--;
            throw e;
        }
    }

    private void workerLoop() {
        boolean retired = false;
        boolean countedIdle = true; // startWorkerLocked counted this worker idle
        try {
            Runnable task;
            while ((task = nextTask()) != null) {
                countedIdle = false;
                // A task that interrupted its own thread must not leave the next one interrupted.
                Thread.interrupted();
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, "Unhandled error in thread pool " + name, t);
                } finally {
                    becomeIdle();
                    countedIdle = true;
                }
            }
            retired = true;
        } finally {
            if (!retired) {
                // Only an Error thrown by the pool's own bookkeeping gets here; keep the counts right.
                boolean last;
                lock.lock();
                try {
                    if (countedIdle) {
                        idle--;
                    }
                    last = retireLocked();
                } finally {
                    lock.unlock();
                }
                if (last) {
                    terminated.complete(null);
                }
            }
        }
    }

    private void becomeIdle() {
        lock.lock();
        try {
            idle++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, counted as idle, for the next task and takes it (no longer idle); {@code null} means
     * this worker has left the counts and must exit: it is above the maximum, the pool is stopping
     * with nothing queued, or it is above the minimum and stayed idle for the keep-alive. The
     * decision and the count change happen under the lock, so idle workers never all leave at once.
     */
    private Runnable nextTask() {
        boolean last = false;
        lock.lock();
        try {
            long nanos = keepAliveNanos;
            while (workers <= maxThreads) {
                Runnable task = queue.poll();
                if (task != null) {
                    idle--;
                    return task;
                }
                if (state != State.RUNNING) {
                    break;
                }
                if (workers <= minThreads) {
                    workAvailable.awaitUninterruptibly();
                    nanos = keepAliveNanos;
                } else if (nanos <= 0) {
                    break;
                } else {
                    try {
                        nanos = workAvailable.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        // Nobody in the pool interrupts its workers: a stray interrupt is ignored.
                    }
                }
            }
            idle--;
            last = retireLocked();
            return null;
        } finally {
            lock.unlock();
            if (last) {
                terminated.complete(null);
            }
        }
    }

    /** Removes a worker from the count; whether it was the last one of a stopping pool. */
    private boolean retireLocked() {
        workers--;
        if (workers == 0 && state == State.STOPPING) {
            state = State.STOPPED;
            return true;
        }
        return false;
    }
}
