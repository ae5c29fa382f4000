package io.twisted.internet.threads;

import static io.twisted.internet.threads.RunningReactor.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Integration tests with a real reactor running on its own thread (no sockets). */
class ThreadsTest {

    private RunningReactor running;
    private ThreadPool pool;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        running = new RunningReactor();
        pool = new ThreadPool(0, 2, "defer-pool");
        pool.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        pool.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        running.close();
    }

    /** What a Deferred fired with, and whether it fired on the reactor thread. */
    private record Outcome(Object result, boolean onReactorThread) {
    }

    private CompletableFuture<Outcome> outcomeOf(Deferred<?> d) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        d.addBoth(r -> {
            f.complete(new Outcome(r, running.reactor.isInReactorThread()));
            return null;
        });
        return f;
    }

    @Test
    void deferToThreadRunsOffTheReactorAndDeliversOnTheReactorThread() throws Exception {
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = running.call(() -> outcomeOf(Threads.deferToThread(running.reactor, pool, () -> {
            workThread.complete(Thread.currentThread().getName() + " inReactor=" + running.reactor.isInReactorThread());
            return "value";
        })));
        Outcome o = outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("value", o.result());
        assertTrue(o.onReactorThread(), "result delivered on the reactor thread");
        String w = workThread.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(w.startsWith("defer-pool-") && w.endsWith("inReactor=false"), w);
    }

    @Test
    void deferToThreadPoolIsTheSame() throws Exception {
        CompletableFuture<Outcome> outcome = running.call(() -> outcomeOf(Threads.deferToThreadPool(running.reactor, pool, () -> 7)));
        assertEquals(new Outcome(7, true), outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void exceptionInTheThreadBecomesAFailureOnTheReactorThread() throws Exception {
        IOException error = new IOException("read failed");
        CompletableFuture<Outcome> outcome = running.call(() -> outcomeOf(Threads.deferToThread(running.reactor, pool, () -> {
            throw error;
        })));
        Outcome o = outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(o.onReactorThread());
        assertSame(error, ((Failure) o.result()).value());
    }

    @Test
    void deferToThreadOnAStoppedPoolFailsAtOnce() throws Exception {
        pool.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Object r = running.call(() -> {
            Deferred<Integer> d = Threads.deferToThread(running.reactor, pool, () -> 1);
            Object result = d.currentResult();
            d.addErrback(f -> null);
            return result;
        });
        assertInstanceOf(RejectedExecutionException.class, ((Failure) r).value());
    }

    @Test
    void workReturningADeferredIsAFailure() throws Exception {
        CompletableFuture<Outcome> outcome = running.call(() -> outcomeOf(Threads.deferToThread(running.reactor, pool, () -> new Deferred<String>())));
        Outcome o = outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, ((Failure) o.result()).value());
    }

    @Test
    void cancelledDeferToThreadIgnoresTheLateResult() throws Exception {
        ThreadPool one = new ThreadPool(0, 1, "one");
        one.start();
        try {
            CountDownLatch started = new CountDownLatch(1);
            Deferred<String> d = running.call(() -> Threads.deferToThread(running.reactor, one, () -> {
                started.countDown();
                release.await();
                return "late";
            }));
            assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
            CompletableFuture<Outcome> cancelled = running.call(() -> {
                CompletableFuture<Outcome> f = outcomeOf(d);
                d.cancel();
                return f;
            });
            assertInstanceOf(CancelledError.class, ((Failure) cancelled.get(WAIT_SECONDS, TimeUnit.SECONDS).result()).value());
            release.countDown();
            // One worker: the second call's result is delivered after the first's (FIFO callFromThread).
            CompletableFuture<Outcome> next = running.call(() -> outcomeOf(Threads.deferToThread(running.reactor, one, () -> "next")));
            assertEquals("next", next.get(WAIT_SECONDS, TimeUnit.SECONDS).result());
            assertTrue(running.call(d::isCalled));
        } finally {
            one.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void deferToThreadUsesTheReactorsOwnPool() throws Exception {
        var pooled = running.reactor;
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = running.call(() -> outcomeOf(Threads.deferToThread(pooled, () -> {
            workThread.complete(Thread.currentThread().getName());
            return "own";
        })));
        assertEquals(new Outcome("own", true), outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(workThread.get().startsWith(ReactorThreadPool.DEFAULT_NAME + "-"), workThread.get());
    }

    @Test
    void callMultipleInThreadRunsTheCallsInOrderOnOneThread() throws Exception {
        List<String> log = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        Threads.callMultipleInThread(pool, List.of(
                () -> log.add("a " + Thread.currentThread().getName()),
                () -> log.add("b " + Thread.currentThread().getName()),
                () -> done.complete(List.copyOf(log))));
        List<String> got = done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, got.size());
        assertTrue(got.get(0).startsWith("a defer-pool-"));
        assertEquals(got.get(0).substring(2), got.get(1).substring(2), "same thread");
    }

    @Test
    void callMultipleInThreadStopsAtAnExceptionAsTwistedDoes() throws Exception {
        ThreadPool one = new ThreadPool(0, 1, "one");
        one.start();
        try {
            List<String> log = new ArrayList<>();
            Threads.callMultipleInThread(one, List.of(
                    () -> log.add("a"),
                    () -> {
                        throw new IllegalStateException("second call fails (expected by the test)");
                    },
                    () -> log.add("c")));
            // One worker: this runs after the whole batch.
            CompletableFuture<List<String>> after = new CompletableFuture<>();
            one.callInThread(() -> after.complete(List.copyOf(log)));
            assertEquals(List.of("a"), after.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            one.stop().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void blockingCallFromThreadReturnsTheValueComputedOnTheReactorThread() throws Exception {
        Object r = Threads.blockingCallFromThread(running.reactor, () -> running.reactor.isInReactorThread() ? "on reactor" : "elsewhere");
        assertEquals("on reactor", r);
    }

    @Test
    void blockingCallFromThreadWaitsForADeferred() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        Object r = Threads.blockingCallFromThread(running.reactor, () -> {
            Deferred<String> d = new Deferred<>();
            running.reactor.callLater(0.01, () -> d.callback(returned.getCount() == 0 ? "fired later" : "fired too soon"));
            returned.countDown();
            return d;
        });
        assertEquals("fired later", r);
    }

    @Test
    void blockingCallFromThreadRethrowsWhatTheCallThrew() {
        IOException error = new IOException("no");
        IOException thrown = assertThrows(IOException.class, () -> Threads.blockingCallFromThread(running.reactor, () -> {
            throw error;
        }));
        assertSame(error, thrown);
    }

    @Test
    void blockingCallFromThreadRethrowsTheDeferredsFailure() {
        IllegalArgumentException error = new IllegalArgumentException("bad");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Threads.blockingCallFromThread(running.reactor, () -> {
                    Deferred<String> d = new Deferred<>();
                    running.reactor.callLater(0.01, () -> d.errback(error));
                    return d;
                }));
        assertSame(error, thrown);
    }

    @Test
    void blockingCallFromThreadWorksFromAPoolThread() throws Exception {
        CompletableFuture<Object> got = new CompletableFuture<>();
        pool.callInThread(() -> {
            try {
                got.complete(Threads.blockingCallFromThread(running.reactor, () -> running.reactor.isInReactorThread()));
            } catch (Exception e) {
                got.completeExceptionally(e);
            }
        });
        assertEquals(true, got.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void blockingCallFromThreadRefusesTheReactorThread() throws Exception {
        Object r = running.call(() -> {
            try {
                Threads.blockingCallFromThread(running.reactor, () -> "never");
                return "no error";
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertInstanceOf(IllegalStateException.class, r);
    }

    @Test
    void blockingCallFromThreadTimeoutCancelsThePendingDeferred() throws Exception {
        CompletableFuture<Boolean> cancelledOnReactor = new CompletableFuture<>();
        assertThrows(TimeoutException.class, () -> Threads.blockingCallFromThread(running.reactor, () -> new Deferred<String>(d -> {
            cancelledOnReactor.complete(running.reactor.isInReactorThread());
        }), Duration.ofMillis(50)));
        assertTrue(cancelledOnReactor.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void blockingCallFromThreadWithTimeoutReturnsInTime() throws Exception {
        assertEquals(5, Threads.blockingCallFromThread(running.reactor, () -> 5, Duration.ofSeconds(WAIT_SECONDS)));
    }
}
