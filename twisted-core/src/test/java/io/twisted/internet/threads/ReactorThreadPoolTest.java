package io.twisted.internet.threads;

import static io.twisted.internet.threads.RunningReactor.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.Reactor;
import io.twisted.internet.SystemEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reactor's pool: lazy creation, sizing, and reactor shutdown waiting for running work. */
class ReactorThreadPoolTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private RunningReactor running;

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        if (running != null) {
            running.close();
        }
    }

    @Test
    void poolIsCreatedOnFirstUseWithTwistedsDefaults() throws Exception {
        Reactor reactor = Reactor.create();
        ReactorThreadPool pools = new ReactorThreadPool(reactor);
        assertFalse(pools.isCreated());
        ThreadPool p = pools.getThreadPool();
        try {
            assertTrue(pools.isCreated());
            assertSame(p, pools.getThreadPool());
            assertEquals(0, p.getMinThreads());
            assertEquals(10, p.getMaxThreads());
            assertTrue(p.isStarted());
            assertEquals(ReactorThreadPool.DEFAULT_NAME, p.getName());
            pools.suggestThreadPoolSize(4);
            assertEquals(4, p.getMaxThreads());
            assertThrows(IllegalArgumentException.class, () -> pools.suggestThreadPoolSize(0));
        } finally {
            p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void sizeSuggestedBeforeFirstUseIsUsedAndMinimumIsLoweredToFit() throws Exception {
        ReactorThreadPool pools = new ReactorThreadPool(Reactor.create(), "sized");
        pools.suggestThreadPoolSize(3);
        assertFalse(pools.isCreated(), "a suggestion does not create the pool");
        ThreadPool p = pools.getThreadPool();
        try {
            assertEquals(3, p.getMaxThreads());
            p.adjustPoolsize(2, 3);
            pools.suggestThreadPoolSize(1);
            assertEquals(1, p.getMinThreads());
            assertEquals(1, p.getMaxThreads());
        } finally {
            p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void callInThreadRunsOnAPoolThread() throws Exception {
        running = new RunningReactor();
        ReactorThreadPool pools = new ReactorThreadPool(running.reactor);
        CompletableFuture<String> ran = new CompletableFuture<>();
        running.call(() -> {
            pools.callInThread(() -> ran.complete(Thread.currentThread().getName()));
            return null;
        });
        assertTrue(ran.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith(ReactorThreadPool.DEFAULT_NAME + "-"));
    }

    @Test
    void reactorShutdownWaitsForRunningWorkWithoutBlockingTheReactorThread() throws Exception {
        running = new RunningReactor();
        var pooled = running.reactor;
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean workFinished = new AtomicBoolean();
        AtomicBoolean resultDelivered = new AtomicBoolean();
        CompletableFuture<String> seenAfterShutdown = new CompletableFuture<>();
        running.call(() -> {
            Threads.deferToThread(pooled, () -> {
                started.countDown();
                release.await();
                workFinished.set(true);
                return "done";
            }).addCallback(r -> {
                resultDelivered.set(true);
                return null;
            });
            running.reactor.addSystemEventTrigger(SystemEvent.Phase.AFTER, SystemEvent.SHUTDOWN,
                    () -> seenAfterShutdown.complete("finished=" + workFinished.get() + " delivered=" + resultDelivered.get()));
            return null;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));

        running.stop();
        // Queued after the stop: runs once the shutdown triggers have run and wait for the pool.
        CompletableFuture<String> duringShutdown = new CompletableFuture<>();
        running.reactor.callFromThread(() -> {
            String rejected;
            try {
                pooled.callInThread(() -> { });
                rejected = "accepted";
            } catch (RejectedExecutionException e) {
                rejected = "rejected";
            }
            duringShutdown.complete(rejected + " stopped=" + pooled.getThreadPool().isStopped()
                    + " workFinished=" + workFinished.get());
        });
        assertEquals("rejected stopped=true workFinished=false", duringShutdown.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the reactor thread keeps running while shutdown waits for the work");
        assertTrue(running.thread.isAlive());
        assertFalse(seenAfterShutdown.isDone());

        release.countDown();
        assertTrue(running.awaitEnd(), "reactor did not finish shutting down");
        assertEquals("finished=true delivered=true", seenAfterShutdown.getNow("after-shutdown trigger did not run"));
        assertEquals(0, pooled.getThreadPool().getWorkers());
    }

    @Test
    void shutdownWithAnIdlePoolDoesNotWait() throws Exception {
        running = new RunningReactor();
        ReactorThreadPool pools = new ReactorThreadPool(running.reactor);
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        running.call(() -> {
            pools.callInThread(() -> ran.complete(true));
            return null;
        });
        assertTrue(ran.get(WAIT_SECONDS, TimeUnit.SECONDS));
        running.stop();
        assertTrue(running.awaitEnd());
        assertTrue(pools.getThreadPool().isStopped());
    }

    @Test
    void firstUseFromAnotherThreadStillStopsThePoolAtShutdown() throws Exception {
        running = new RunningReactor();
        ReactorThreadPool pools = new ReactorThreadPool(running.reactor);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean workFinished = new AtomicBoolean();
        // From the test thread while the reactor runs: the trigger is registered through callFromThread.
        pools.callInThread(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workFinished.set(true);
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<Boolean> afterShutdown = new CompletableFuture<>();
        running.call(() -> running.reactor.addSystemEventTrigger(SystemEvent.Phase.AFTER, SystemEvent.SHUTDOWN,
                () -> afterShutdown.complete(workFinished.get())));
        running.stop();
        // Runs after the shutdown triggers started: the "after" phase must still be waiting.
        CompletableFuture<Boolean> afterRanEarly = new CompletableFuture<>();
        running.reactor.callFromThread(() -> afterRanEarly.complete(afterShutdown.isDone()));
        assertFalse(afterRanEarly.get(WAIT_SECONDS, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(running.awaitEnd());
        assertTrue(afterShutdown.getNow(false), "shutdown finished before the running work");
        assertTrue(pools.getThreadPool().isStopped());
    }

    @Test
    void poolCreatedBeforeRunIsStoppedAtShutdown() throws Exception {
        Reactor reactor = Reactor.create();
        ReactorThreadPool pools = new ReactorThreadPool(reactor);
        ThreadPool p = pools.getThreadPool();
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertTrue(p.isStopped());
        p.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
