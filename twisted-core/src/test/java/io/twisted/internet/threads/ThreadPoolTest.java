package io.twisted.internet.threads;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {

    private static final long WAIT_SECONDS = 10;

    private final List<ThreadPool> pools = new ArrayList<>();
    /** Released in tearDown so a failing test never leaves workers blocked. */
    private final CountDownLatch release = new CountDownLatch(1);

    private ThreadPool pool(int min, int max) {
        return pool(min, max, ThreadPool.DEFAULT_KEEP_ALIVE);
    }

    private ThreadPool pool(int min, int max, Duration keepAlive) {
        ThreadPool p = new ThreadPool(min, max, "test-pool", true, keepAlive);
        pools.add(p);
        return p;
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        for (ThreadPool p : pools) {
            p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Blockers running now, and the most that ever ran at once, across every Blocker of a test. */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    /** Work that says it started (and on which thread), then waits for {@link #release}. */
    private final class Blocker implements Runnable {
        /** One permit per task started: {@code tryAcquire(n)} waits for n starts. */
        final Semaphore started = new Semaphore(0);
        final CountDownLatch finished;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        Blocker(int count) {
            finished = new CountDownLatch(count);
        }

        @Override
        public void run() {
            threads.add(Thread.currentThread());
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            started.release();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                finished.countDown();
            }
        }

        void awaitStarted(int n) throws InterruptedException {
            assertTrue(started.tryAcquire(n, WAIT_SECONDS, TimeUnit.SECONDS), n + " tasks did not start");
        }

        void awaitFinished() throws InterruptedException {
            assertTrue(finished.await(WAIT_SECONDS, TimeUnit.SECONDS), "work did not finish");
        }
    }

    /** Waits until {@code count} of {@code threads} have ended; joins each on a helper thread. */
    private static void awaitThreadsEnded(Iterable<Thread> threads, int count) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(count);
        for (Thread t : threads) {
            Thread joiner = new Thread(() -> {
                try {
                    t.join();
                    ended.countDown();
                } catch (InterruptedException e) {
                    // test over
                }
            });
            joiner.setDaemon(true);
            joiner.start();
        }
        assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS), count + " worker threads did not end");
    }

    @Test
    void runsWorkOnNamedDaemonThreads() throws Exception {
        ThreadPool p = pool(0, 2);
        p.start();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        p.callInThread(() -> ran.complete(Thread.currentThread()));
        Thread t = ran.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotSame(Thread.currentThread(), t);
        assertTrue(t.getName().startsWith("test-pool-"), t.getName());
        assertTrue(t.isDaemon());
    }

    @Test
    void nonDaemonThreadsWhenAsked() throws Exception {
        ThreadPool p = new ThreadPool(0, 1, "user", false, Duration.ofSeconds(1));
        pools.add(p);
        p.start();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        p.callInThread(() -> ran.complete(Thread.currentThread()));
        assertFalse(ran.get(WAIT_SECONDS, TimeUnit.SECONDS).isDaemon());
    }

    @Test
    void workQueuedBeforeStartRunsOnceStarted() throws Exception {
        ThreadPool p = pool(0, 2);
        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            p.callInThread(ran::countDown);
        }
        assertEquals(new ThreadPool.Stats(0, 0, 0, 3), p.stats());
        assertEquals(3, ran.getCount());
        p.start();
        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void createsThreadsOnDemandUpToMaxAndQueuesBeyond() throws Exception {
        ThreadPool p = pool(0, 3);
        p.start();
        assertEquals(0, p.getWorkers());
        Blocker first = new Blocker(1);
        p.callInThread(first);
        first.awaitStarted(1);
        assertEquals(new ThreadPool.Stats(1, 1, 0, 0), p.stats());

        Blocker rest = new Blocker(4);
        for (int i = 0; i < 4; i++) {
            p.callInThread(rest);
        }
        // Two more workers start (max 3); the other two tasks wait in the queue.
        rest.awaitStarted(2);
        assertEquals(new ThreadPool.Stats(3, 3, 0, 2), p.stats());
        assertEquals(2, p.getQueueLength());
        assertEquals(3, p.getWorking());
        assertEquals(0, p.getWaiting());

        release.countDown();
        first.awaitFinished();
        rest.awaitFinished();
        assertEquals(3, maxRunning.get(), "max threads, and no more, ran at once");
        Set<Thread> all = ConcurrentHashMap.newKeySet();
        all.addAll(first.threads);
        all.addAll(rest.threads);
        assertEquals(3, all.size(), "exactly max threads were created");
    }

    @Test
    void minThreadsAreCreatedAtStartAndServeWorkWithoutGrowing() throws Exception {
        ThreadPool p = pool(2, 5);
        p.start();
        assertEquals(new ThreadPool.Stats(2, 0, 2, 0), p.stats());
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        p.callInThread(() -> ran.complete(Thread.currentThread()));
        ran.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, p.getWorkers(), "an idle minimum worker took the work");
    }

    @Test
    void idleWorkersAboveMinExitAfterKeepAliveAndMinAreKept() throws Exception {
        Duration keepAlive = Duration.ofMillis(20);
        ThreadPool p = pool(1, 3, keepAlive);
        p.start();
        Blocker b = new Blocker(3);
        for (int i = 0; i < 3; i++) {
            p.callInThread(b);
        }
        b.awaitStarted(3);
        assertEquals(3, p.getWorkers());
        release.countDown();
        b.awaitFinished();

        awaitThreadsEnded(b.threads, 2);
        assertEquals(1, p.getWorkers());
        List<Thread> alive = new ArrayList<>();
        for (Thread t : b.threads) {
            if (t.isAlive()) {
                alive.add(t);
            }
        }
        assertEquals(1, alive.size());
        Thread survivor = alive.get(0);
        // Proving a negative needs a bounded wait: ten keep-alives later the minimum worker is still there.
        survivor.join(keepAlive.toMillis() * 10);
        assertTrue(survivor.isAlive());
        assertEquals(1, p.getWorkers());

        CompletableFuture<Thread> ran = new CompletableFuture<>();
        p.callInThread(() -> ran.complete(Thread.currentThread()));
        assertSame(survivor, ran.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void workersWithNoMinimumAllExitAfterKeepAlive() throws Exception {
        ThreadPool p = pool(0, 2, Duration.ofMillis(20));
        p.start();
        Blocker b = new Blocker(2);
        p.callInThread(b);
        p.callInThread(b);
        b.awaitStarted(2);
        release.countDown();
        awaitThreadsEnded(b.threads, 2);
        assertEquals(new ThreadPool.Stats(0, 0, 0, 0), p.stats());
        // The pool still works: a new worker is created on demand.
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        p.callInThread(() -> ran.complete(true));
        assertTrue(ran.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void stopLetsRunningAndQueuedWorkFinishAndRejectsNewWork() throws Exception {
        ThreadPool p = pool(0, 1);
        p.start();
        Blocker running = new Blocker(1);
        p.callInThread(running);
        running.awaitStarted(1);
        CompletableFuture<Boolean> queuedRan = new CompletableFuture<>();
        p.callInThread(() -> queuedRan.complete(true));
        assertEquals(1, p.getQueueLength());

        CompletableFuture<Void> stopped = p.stop();
        assertTrue(p.isStopped());
        assertFalse(p.isStarted());
        assertFalse(stopped.isDone(), "stop completed while work was running");
        CompletableFuture<Void> again = p.stop();
        again.cancel(false);
        assertFalse(stopped.isDone(), "cancelling one caller's future does not complete another's");
        assertThrows(RejectedExecutionException.class, () -> p.callInThread(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> p.callInThreadWithCallback((ok, r) -> { }, () -> 1));

        release.countDown();
        stopped.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(queuedRan.isDone(), "queued work ran before the pool stopped");
        assertEquals(new ThreadPool.Stats(0, 0, 0, 0), p.stats());
        awaitThreadsEnded(running.threads, 1);
    }

    @Test
    void stopOfIdlePoolEndsItsMinimumWorkers() throws Exception {
        ThreadPool p = pool(3, 5);
        p.start();
        assertEquals(3, p.getWorkers());
        p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, p.getWorkers());
    }

    @Test
    void stopBeforeStartDropsQueuedWorkAndCompletesAtOnce() {
        ThreadPool p = pool(0, 1);
        p.callInThread(() -> fail("dropped work ran"));
        CompletableFuture<Void> stopped = p.stop();
        assertTrue(stopped.isDone());
        assertEquals(0, p.getQueueLength());
        assertThrows(IllegalStateException.class, p::start);
    }

    @Test
    void startAfterStopIsRefusedAndStartTwiceIsHarmless() throws Exception {
        ThreadPool p = pool(1, 1);
        p.start();
        p.start();
        assertEquals(1, p.getWorkers());
        p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, p::start);
    }

    @Test
    void exceptionInWorkIsLoggedAndTheWorkerCarriesOn() throws Exception {
        ThreadPool p = pool(1, 1);
        p.start();
        CompletableFuture<Thread> first = new CompletableFuture<>();
        p.callInThread(() -> {
            first.complete(Thread.currentThread());
            throw new IllegalStateException("boom (expected by the test)");
        });
        CompletableFuture<Thread> second = new CompletableFuture<>();
        p.callInThread(() -> second.complete(Thread.currentThread()));
        assertSame(first.get(WAIT_SECONDS, TimeUnit.SECONDS), second.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void interruptOfOneTaskDoesNotLeakIntoTheNext() throws Exception {
        ThreadPool p = pool(1, 1);
        p.start();
        p.callInThread(() -> Thread.currentThread().interrupt());
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        p.callInThread(() -> interrupted.complete(Thread.currentThread().isInterrupted()));
        assertFalse(interrupted.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void callInThreadWithCallbackReportsValueOnThePoolThread() throws Exception {
        ThreadPool p = pool(0, 1);
        p.start();
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        p.callInThreadWithCallback((ok, result) -> got.complete(List.of(ok, result, Thread.currentThread().getName())), () -> 42);
        List<Object> r = got.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(true, r.get(0));
        assertEquals(42, r.get(1));
        assertTrue(((String) r.get(2)).startsWith("test-pool-"));
    }

    @Test
    void callInThreadWithCallbackReportsFailure() throws Exception {
        ThreadPool p = pool(0, 1);
        p.start();
        IOException error = new IOException("disk gone");
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        p.callInThreadWithCallback((ok, result) -> got.complete(new Object[] {ok, result}), () -> {
            throw error;
        });
        Object[] r = got.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(false, r[0]);
        assertSame(error, ((Failure) r[1]).value());
    }

    @Test
    void callbackThatThrowsDoesNotKillTheWorker() throws Exception {
        ThreadPool p = pool(1, 1);
        p.start();
        p.callInThreadWithCallback((ok, result) -> {
            throw new IllegalStateException("callback fails (expected by the test)");
        }, () -> 1);
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        p.callInThread(() -> next.complete(true));
        assertTrue(next.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, p.getWorkers());
    }

    @Test
    void raisingMaxStartsWorkersForQueuedWork() throws Exception {
        ThreadPool p = pool(0, 1);
        p.start();
        Blocker b = new Blocker(3);
        for (int i = 0; i < 3; i++) {
            p.callInThread(b);
        }
        b.awaitStarted(1);
        assertEquals(new ThreadPool.Stats(1, 1, 0, 2), p.stats());
        p.adjustPoolsize(0, 3);
        b.awaitStarted(2);
        assertEquals(new ThreadPool.Stats(3, 3, 0, 0), p.stats());
        assertEquals(3, p.getMaxThreads());
    }

    @Test
    void raisingMinStartsWorkersAtOnce() {
        ThreadPool p = pool(0, 4);
        p.start();
        p.adjustPoolsize(3, 4);
        assertEquals(3, p.getWorkers());
        assertEquals(3, p.getMinThreads());
    }

    @Test
    void loweringMaxEndsSurplusWorkersOnceIdle() throws Exception {
        ThreadPool p = pool(0, 3, Duration.ofHours(1));
        p.start();
        Blocker b = new Blocker(3);
        for (int i = 0; i < 3; i++) {
            p.callInThread(b);
        }
        b.awaitStarted(3);
        p.adjustPoolsize(0, 1);
        assertEquals(3, p.getWorkers(), "busy workers finish their task first");
        release.countDown();
        awaitThreadsEnded(b.threads, 2);
        assertEquals(1, p.getWorkers());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadPool(-1, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPool(0, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPool(3, 2, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPool(0, 1, "x", true, Duration.ZERO));
        ThreadPool p = pool(0, 1);
        assertThrows(IllegalArgumentException.class, () -> p.adjustPoolsize(2, 1));
        assertEquals(1, p.getMaxThreads());
    }

    @Test
    void defaultsAreTwisteds() {
        ThreadPool p = new ThreadPool();
        assertEquals(5, p.getMinThreads());
        assertEquals(20, p.getMaxThreads());
        assertFalse(p.isStarted());
        assertTrue(p.toString().contains("workers=0"));
    }
}
